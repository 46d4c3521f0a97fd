package dev.fractalsync.conformance;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.dsp.Resampler;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.audio.demo.SongTruth;
import dev.fractalsync.clock.HopFrontEnd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The signals the suite feeds: a slice of the demo song and five edge signals (silence, white noise, a clipping
 * square wave, a click track that changes tempo, music that stops dead). Built once per configuration and shared by
 * every provider the suite checks in the same JVM.
 */
final class SignalBank {
    static final String DEMO = "demo-song";
    static final String LONG = "long-stream";
    private static final double EDGE_BPM = 120;
    private static final Map<String, List<Signal>> CACHE = new ConcurrentHashMap<>();
    /** The rendered demo song and its frames at a contract's rate, shared by every slice length. */
    private static final Map<String, Signal> FULL_SONG = new ConcurrentHashMap<>();
    private static final Map<Integer, float[]> RAW_SONG = new ConcurrentHashMap<>();

    private SignalBank() {
    }

    /** Demo slice first, then the edge signals. */
    static List<Signal> signals(ModelContract contract, SuiteOptions options) {
        String key = contract.source() + "|" + contract.sampleRate() + "|" + contract.hop() + "|" + options.demoSeconds()
                + "|" + options.edgeSeconds() + "|" + options.seed() + "|" + options.longSeconds();
        return CACHE.computeIfAbsent(key, k -> build(contract, options));
    }

    private static Signal fullSong(ModelContract contract) {
        return FULL_SONG.computeIfAbsent(contract.source() + "|" + contract.sampleRate() + "|" + contract.hop(),
                k -> demoSignal(contract, rawSong(contract), DemoSong.render(SongSpec.demo()).truth()));
    }

    /** The demo song at the contract rate, as it would arrive at the host (before its front end). */
    private static float[] rawSong(ModelContract contract) {
        return RAW_SONG.computeIfAbsent(contract.sampleRate(), rate -> {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return rate == song.sampleRate() ? song.samples() : Resampler.convert(song.samples(), song.sampleRate(), rate);
        });
    }

    /** What the host's front end makes of arriving samples: the leveled PCM beat providers receive, F_audio, F_pitch. */
    private record FrontEnd(float[] leveled, float[][] frames, float[][] pitch) {
    }

    /**
     * Runs {@code samples} through the engine's own front end ({@link HopFrontEnd}: input level, features, chroma), so
     * providers are fed what the host feeds them; zero-width pitch rows for a contract without pitch_features.
     */
    private static FrontEnd frontEnd(ModelContract contract, float[] samples) {
        int hop = contract.hop();
        int hops = (int) HopCutter.hopCount(samples.length, hop);
        HopFrontEnd front = new HopFrontEnd(contract);
        HopFrontEnd.PreparedHop prepared = new HopFrontEnd.PreparedHop(hop);
        float[] leveled = new float[hops * hop];
        float[][] frames = new float[hops][];
        float[][] pitch = new float[hops][];
        boolean withPitch = !contract.pitchFeatures().isEmpty();
        HopCutter.cut(samples, hop, (buf, h) -> {
            front.prepare(buf, prepared);
            System.arraycopy(prepared.leveled(), 0, leveled, (int) h * hop, hop);
            frames[(int) h] = prepared.frame().clone();
            pitch[(int) h] = withPitch ? prepared.pitch().clone() : new float[0];
        });
        return new FrontEnd(leveled, frames, pitch);
    }

    /** The first whole hops of the song up to {@code seconds} (frames are causal, so a prefix of the song's frames). */
    private static Signal slice(Signal song, int hop, int rate, double seconds) {
        int hops = (int) Math.min(song.hops(), Math.floor(Math.min(seconds, 1e6) * rate / hop));
        if (hops == song.hops()) {
            return song;
        }
        return new Signal(song.name(), Arrays.copyOf(song.samples(), hops * hop), hops, Arrays.copyOf(song.frames(), hops),
                Arrays.copyOf(song.pitch(), hops), Arrays.copyOf(song.beats(), hops), Arrays.copyOf(song.structures(), hops));
    }

    private static List<Signal> build(ModelContract contract, SuiteOptions options) {
        int rate = contract.sampleRate();
        Signal song = fullSong(contract);
        float[] full = rawSong(contract);
        int edge = (int) Math.round(options.edgeSeconds() * rate);
        SplittableRandom rnd = new SplittableRandom(options.seed());

        List<Signal> out = new ArrayList<>();
        out.add(slice(song, contract.hop(), rate, options.demoSeconds()));
        out.add(edgeSignal(contract, "silence", new float[edge]));
        float[] noise = new float[edge];
        for (int i = 0; i < edge; i++) {
            noise[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        out.add(edgeSignal(contract, "white-noise", noise));
        float[] square = new float[edge];
        int period = rate / 110;
        for (int i = 0; i < edge; i++) {
            square[i] = (i % period) < period / 2 ? 1f : -1f; // full scale: every sample is clipped
        }
        out.add(edgeSignal(contract, "clipping-square", square));
        out.add(edgeSignal(contract, "tempo-change-clicks", clickTrack(rate, edge)));
        float[] stop = new float[edge];
        int musicLength = Math.min(edge / 2, full.length);
        int musicStart = Math.max(0, Math.min(full.length - musicLength, 30 * rate)); // inside the song, where it is busy
        System.arraycopy(full, musicStart, stop, 0, musicLength);
        out.add(edgeSignal(contract, "abrupt-stop", stop));
        if (options.longSeconds() > 0) {
            out.add(longStream(contract, song, full, options.longSeconds()));
        }
        return List.copyOf(out);
    }

    /**
     * The demo song looped to {@code seconds}: minutes of music in one stream, so a count that wraps, drops or drifts
     * after a while shows. Frames are computed over the whole loop (as the host would); beat counts continue.
     */
    private static Signal longStream(ModelContract contract, Signal song, float[] raw, double seconds) {
        int hop = contract.hop();
        int hops = (int) Math.ceil(seconds * contract.sampleRate() / hop);
        float[] samples = new float[hops * hop];
        int songSamples = song.hops() * hop;
        for (int at = 0; at < samples.length; at += songSamples) {
            System.arraycopy(raw, 0, samples, at, Math.min(songSamples, Math.min(raw.length, samples.length - at)));
        }
        FrontEnd fe = frontEnd(contract, samples);
        BeatClockState[] beats = new BeatClockState[hops];
        StructureState[] structures = new StructureState[hops];
        long countOffset = 0;
        for (int h = 0; h < hops; h++) {
            int inSong = h % song.hops();
            if (inSong == 0 && h > 0) {
                countOffset = beats[h - 1].beatCount();
            }
            BeatClockState b = song.beats()[inSong];
            double t = (h + 1) * contract.hopSeconds();
            beats[h] = new BeatClockState(t, b.spb(), b.phase(), countOffset + b.beatCount(), b.conf(), b.downbeatProb());
            structures[h] = song.structures()[inSong];
        }
        return new Signal(LONG, fe.leveled(), hops, fe.frames(), fe.pitch(), beats, structures);
    }

    /** Clicks at 90 BPM for the first half, then 150 BPM: 5 ms decaying 2 kHz bursts. */
    private static float[] clickTrack(int rate, int length) {
        float[] out = new float[length];
        int burst = rate / 200;
        double t = 0;
        while (t * rate < length) {
            int start = (int) Math.round(t * rate);
            for (int i = 0; i < burst && start + i < length; i++) {
                out[start + i] += (float) (0.9 * Math.exp(-i / (burst / 4.0)) * Math.sin(2 * Math.PI * 2000 * i / rate));
            }
            t += t * rate < length / 2.0 ? 60.0 / 90 : 60.0 / 150;
        }
        return out;
    }

    /** Beat states follow the song's true beat grid; structure is the true section with hazards from the true boundaries. */
    private static Signal demoSignal(ModelContract contract, float[] samples, SongTruth truth) {
        FrontEnd fe = frontEnd(contract, samples);
        int hops = fe.frames().length;
        double hopSec = contract.hopSeconds();
        double spb = 60.0 / truth.bpm();
        double[] beats = truth.beats();
        BeatClockState[] beatStates = new BeatClockState[hops];
        StructureState[] structures = new StructureState[hops];
        int next = 0;
        for (int h = 0; h < hops; h++) {
            double t = (h + 1) * hopSec;
            while (next < beats.length && beats[next] <= t) {
                next++;
            }
            long count;
            double phase;
            double downbeat = 0;
            if (next == 0) {
                count = 0;
                phase = BeatClockState.wrapPhase((t - beats[0]) / spb);
            } else {
                double since = (t - beats[next - 1]) / spb;
                count = next + (long) Math.floor(since);
                phase = BeatClockState.wrapPhase(since);
                downbeat = Arrays.binarySearch(truth.downbeats(), beats[next - 1]) >= 0 ? 1 : 0;
            }
            beatStates[h] = new BeatClockState(t, spb, phase, count, 1.0, downbeat);
            structures[h] = truthStructure(truth, t, spb);
        }
        return new Signal(DEMO, fe.leveled(), hops, fe.frames(), fe.pitch(), beatStates, structures);
    }

    private static StructureState truthStructure(SongTruth truth, double t, double spb) {
        SectionLabel label = SectionLabel.SILENCE;
        double nextBoundary = Double.POSITIVE_INFINITY;
        for (SectionSpan s : truth.sections()) {
            if (t < s.end()) {
                label = s.sectionLabel();
                nextBoundary = s.end();
                break;
            }
        }
        double beatsToBoundary = (nextBoundary - t) / spb;
        double[] hazard = new double[Horizons.COUNT];
        for (int k = 0; k < hazard.length; k++) {
            hazard[k] = beatsToBoundary <= Horizons.beats(k) ? 0.9 : 0.05;
        }
        return StructureState.certain(label, hazard);
    }

    /** A plain 120 BPM clock with medium confidence and no structure information. */
    private static Signal edgeSignal(ModelContract contract, String name, float[] samples) {
        FrontEnd fe = frontEnd(contract, samples);
        int hops = fe.frames().length;
        double spb = 60.0 / EDGE_BPM;
        BeatClockState[] beatStates = new BeatClockState[hops];
        StructureState[] structures = new StructureState[hops];
        StructureState neutral = StructureState.neutral();
        for (int h = 0; h < hops; h++) {
            double t = (h + 1) * contract.hopSeconds();
            double beats = t / spb;
            beatStates[h] = new BeatClockState(t, spb, BeatClockState.wrapPhase(beats), (long) Math.floor(beats) + 1, 0.5, null);
            structures[h] = neutral;
        }
        return new Signal(name, fe.leveled(), hops, fe.frames(), fe.pitch(), beatStates, structures);
    }
}
