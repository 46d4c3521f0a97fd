package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.MonoAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Seeded audio augmentation that never moves the timing (checked by tests on a click track): EQ tilt (sox
 * {@code bass}/{@code treble}), reverb (sox {@code reverb}, varied room), band limits (sox {@code sinc}, linear phase,
 * delay compensated by sox), MP3 round trip (ffmpeg libmp3lame, decoded by ffmpeg, which removes the encoder delay
 * from the LAME header), background noise at -60..-40 dB relative to the signal RMS, and gain -12..+6 dB after
 * peak-normalizing to -1 dBFS (so some songs clip slightly). Each song gets a random subset; some stay clean.
 */
public final class AudioAugmenter {
    private static final int RATE = FluidsynthRenderer.SAMPLE_RATE;

    /** The augmented samples (same length as the input) and the chain applied, in order. */
    public record Result(float[] samples, List<String> chain) {
    }

    /** Which steps a song gets, and their parameters; drawn from a seed. */
    public record Plan(Double bassDb, Double trebleDb, int[] reverb, int[] band, Integer mp3Kbps, Double noiseDb,
                       Double gainDb) {
        public boolean clean() {
            return bassDb == null && reverb == null && band == null && mp3Kbps == null && noiseDb == null && gainDb == null;
        }
    }

    /**
     * The augmentation distributions, by version ({@code midi-corpus --augmentation}). Version 1 drew band limits
     * only between 60-150 Hz and 8-16 kHz (half the songs); version 2 reaches telephone-like and boomy-laptop bands
     * (high-pass 40-400 Hz, low-pass 3-16 kHz, both log-uniform, 60 % of the songs), the way files and line inputs
     * arrive, so the structure model does not have to read its sections from bands a real input may lack.
     */
    public static final int LATEST_VERSION = 2;

    /** Draws the augmentation plan of {@code seed} with the latest distributions (about one song in six stays clean). */
    public static Plan plan(long seed) {
        return plan(seed, LATEST_VERSION);
    }

    /** Throws the one-line error for an augmentation version that does not exist. */
    public static void requireVersion(int version) {
        if (version < 1 || version > LATEST_VERSION) {
            throw new IllegalArgumentException("augmentation version must be 1.." + LATEST_VERSION + ", got " + version);
        }
    }

    /** Draws the augmentation plan of {@code seed} with the distributions of {@code version} (1 or 2). */
    public static Plan plan(long seed, int version) {
        requireVersion(version);
        Random r = new Random(new java.util.SplittableRandom(seed ^ 0xA5A5_5A5A_1234_5678L).nextLong());
        if (r.nextDouble() < 0.15) {
            return new Plan(null, null, null, null, null, null, null);
        }
        Double bass = null;
        Double treble = null;
        if (r.nextDouble() < 0.5) {
            double tilt = round1(-6 + 12 * r.nextDouble());
            bass = tilt;
            treble = round1(-tilt * (0.5 + r.nextDouble()));
        }
        int[] reverb = r.nextDouble() < 0.5
                ? new int[] {20 + r.nextInt(61), 20 + r.nextInt(61), 20 + r.nextInt(81), -(2 + r.nextInt(7))} : null;
        int[] band;
        if (version == 1) {
            band = r.nextDouble() < 0.5 ? new int[] {60 + r.nextInt(91), 8000 + 1000 * r.nextInt(9)} : null;
        } else {
            band = r.nextDouble() < 0.6
                    ? new int[] {(int) Math.round(logUniform(r, 40, 400)), 100 * (int) Math.round(logUniform(r, 3000, 16000) / 100)}
                    : null;
        }
        int[] rates = {96, 112, 128, 160, 192};
        Integer mp3 = r.nextDouble() < 0.4 ? rates[r.nextInt(rates.length)] : null;
        Double noise = r.nextDouble() < 0.4 ? round1(-60 + 20 * r.nextDouble()) : null;
        Double gain = r.nextDouble() < 0.8 ? round1(r.nextDouble() < 0.12 ? 6.0 : -12 + 18 * r.nextDouble()) : null;
        return new Plan(bass, treble, reverb, band, mp3, noise, gain);
    }

    private static double logUniform(Random r, double lo, double hi) {
        return lo * Math.pow(hi / lo, r.nextDouble());
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Augments 48 kHz mono {@code samples} with the plan of {@code seed} drawn from distribution {@code version}. */
    public Result augment(float[] samples, long seed, int version) throws IOException {
        return apply(samples, plan(seed, version), seed);
    }

    /** Applies {@code plan}; {@code seed} drives the noise. */
    public Result apply(float[] samples, Plan plan, long seed) throws IOException {
        List<String> chain = new ArrayList<>();
        if (plan.clean()) {
            chain.add("clean");
            return new Result(samples.clone(), chain);
        }
        double seconds = samples.length / (double) RATE;
        double timeout = 60 + 2 * seconds;
        float[] x = samples.clone();
        Path dir = Files.createTempDirectory("fractalsync-augment");
        try {
            List<String> effects = new ArrayList<>();
            if (plan.bassDb() != null) {
                effects.addAll(List.of("bass", fmt(plan.bassDb()), "150", "treble", fmt(plan.trebleDb()), "4000"));
                chain.add(String.format(Locale.ROOT, "eq bass %+.1f dB @150 Hz, treble %+.1f dB @4 kHz", plan.bassDb(), plan.trebleDb()));
            }
            if (plan.reverb() != null) {
                int[] v = plan.reverb();
                effects.addAll(List.of("reverb", Integer.toString(v[0]), Integer.toString(v[1]), Integer.toString(v[2]),
                        "100", "0", Integer.toString(v[3])));
                chain.add(String.format(Locale.ROOT, "reverb reverberance %d%% hf-damping %d%% room %d%% wet %d dB", v[0], v[1], v[2], v[3]));
            }
            if (plan.band() != null) {
                effects.addAll(List.of("sinc", plan.band()[0] + "-" + plan.band()[1]));
                chain.add(String.format(Locale.ROOT, "band %d-%d Hz", plan.band()[0], plan.band()[1]));
            }
            if (!effects.isEmpty()) {
                ExternalTool.require("sox", "sox");
                Path in = dir.resolve("in.wav");
                Path out = dir.resolve("sox.wav");
                WavIO.writeFloat(in, scaled(x, 0.25f), RATE);
                List<String> cmd = new ArrayList<>(List.of("sox", "-R", "-D", "-V1", in.toString(), "-e", "floating-point",
                        "-b", "32", out.toString()));
                cmd.addAll(effects);
                ExternalTool.run(cmd, timeout);
                x = WavIO.fit(WavIO.readMono(out).samples(), samples.length);
                WavIO.normalizePeak(x, FluidsynthRenderer.PEAK_DBFS);
            }
            if (plan.mp3Kbps() != null) {
                x = mp3RoundTrip(x, plan.mp3Kbps(), dir, timeout);
                chain.add("mp3 " + plan.mp3Kbps() + " kbps (libmp3lame, ffmpeg decode)");
            }
            if (plan.noiseDb() != null) {
                addNoise(x, plan.noiseDb(), seed);
                chain.add(String.format(Locale.ROOT, "noise pink %.1f dB re signal RMS", plan.noiseDb()));
            }
            if (plan.gainDb() != null) {
                WavIO.normalizePeak(x, FluidsynthRenderer.PEAK_DBFS);
                float g = (float) Math.pow(10, plan.gainDb() / 20);
                int clipped = 0;
                for (int i = 0; i < x.length; i++) {
                    float v = x[i] * g;
                    if (Math.abs(v) > 1f) {
                        clipped++;
                        v = Math.signum(v);
                    }
                    x[i] = v;
                }
                chain.add(String.format(Locale.ROOT, "gain %+.1f dB after peak -1 dBFS (%d samples clipped)", plan.gainDb(), clipped));
            } else {
                WavIO.normalizePeak(x, FluidsynthRenderer.PEAK_DBFS);
            }
            return new Result(x, chain);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String fmt(double db) {
        return String.format(Locale.ROOT, "%.1f", db);
    }

    private static float[] scaled(float[] x, float g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * g;
        }
        return y;
    }

    /** Encodes to MP3 and decodes back to 48 kHz with ffmpeg; the decoder trims the LAME encoder delay. */
    static float[] mp3RoundTrip(float[] x, int kbps, Path dir, double timeout) throws IOException {
        ExternalTool.require("ffmpeg", "ffmpeg");
        Path in = dir.resolve("mp3in.wav");
        Path mp3 = dir.resolve("round.mp3");
        Path out = dir.resolve("mp3out.wav");
        WavIO.writeFloat(in, scaled(x, 0.5f), RATE);
        ExternalTool.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", in.toString(),
                "-c:a", "libmp3lame", "-b:a", kbps + "k", "-fflags", "+bitexact", "-flags:a", "+bitexact", mp3.toString()), timeout);
        ExternalTool.run(List.of("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", mp3.toString(),
                "-ar", Integer.toString(RATE), "-ac", "1", "-c:a", "pcm_f32le", "-fflags", "+bitexact",
                "-flags:a", "+bitexact", out.toString()), timeout);
        MonoAudio a = WavIO.readMono(out);
        if (a.sampleRate() != RATE) {
            throw new IOException("ffmpeg decoded MP3 at " + a.sampleRate() + " Hz, expected " + RATE);
        }
        return scaled(WavIO.fit(a.samples(), x.length), 2f);
    }

    /** Adds seeded pink-ish noise at {@code db} relative to the RMS of {@code x}. */
    static void addNoise(float[] x, double db, long seed) {
        double rms = 0;
        for (float v : x) {
            rms += v * v;
        }
        rms = Math.sqrt(rms / Math.max(1, x.length));
        Random r = new Random(seed * 31 + 7);
        double[] b = new double[3];
        double[] noise = new double[x.length];
        double nrms = 0;
        for (int i = 0; i < x.length; i++) {
            double w = r.nextGaussian();
            // Paul Kellet's economy pink filter
            b[0] = 0.99765 * b[0] + w * 0.0990460;
            b[1] = 0.96300 * b[1] + w * 0.2965164;
            b[2] = 0.57000 * b[2] + w * 1.0526913;
            noise[i] = b[0] + b[1] + b[2] + w * 0.1848;
            nrms += noise[i] * noise[i];
        }
        nrms = Math.sqrt(nrms / Math.max(1, x.length));
        if (nrms == 0 || rms == 0) {
            return;
        }
        double g = rms * Math.pow(10, db / 20) / nrms;
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (noise[i] * g);
        }
    }
}
