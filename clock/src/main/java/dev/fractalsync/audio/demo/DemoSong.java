package dev.fractalsync.audio.demo;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.AudioFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthesizes a song from a {@link SongSpec}, deterministically (same spec, same samples, bit for bit), together with
 * its ground truth. Drums play on the beat grid with accented downbeats; sections differ in instrumentation and
 * energy: sparse intro, groove verse, building pre-chorus (snare roll, riser), loud chorus (four-on-the-floor,
 * open hats, lead, crash), half-time bridge, lead-heavy instrumental, fading outro.
 */
public final class DemoSong {
    public static final int SAMPLE_RATE = 48_000;
    private static final double TAIL_SEC = 1.5;
    private static final int[][] PROGRESSION_MAIN = {{0, 4, 7}, {7, 11, 14}, {9, 12, 16}, {5, 9, 12}};   // I V vi IV
    private static final int[][] PROGRESSION_BRIDGE = {{9, 12, 16}, {5, 9, 12}, {0, 4, 7}, {7, 11, 14}}; // vi IV I V
    private static final int[][] PROGRESSION_PRE = {{5, 9, 12}, {7, 11, 14}};                           // IV V
    private static final int[] PENTATONIC = {0, 2, 4, 7, 9, 12, 14, 16};

    private final float[] samples;
    private final SongTruth truth;

    private DemoSong(float[] samples, SongTruth truth) {
        this.samples = samples;
        this.truth = truth;
    }

    public float[] samples() {
        return samples.clone();
    }

    /** The samples without copying; callers must not modify them. */
    float[] samplesView() {
        return samples;
    }

    public SongTruth truth() {
        return truth;
    }

    public int sampleRate() {
        return SAMPLE_RATE;
    }

    /** Writes {@code <base>.wav} (16-bit mono, 48 kHz) and {@code <base>.truth.json}; returns the WAV path. */
    public Path write(Path directory, String baseName) throws IOException {
        Files.createDirectories(directory);
        Path wav = directory.resolve(baseName + ".wav");
        AudioFiles.writeWav16(wav, samples, SAMPLE_RATE);
        Files.writeString(directory.resolve(baseName + ".truth.json"),
                StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(truth));
        return wav;
    }

    public static DemoSong render(SongSpec spec) {
        double spb = spec.secondsPerBeat();
        int bpb = spec.beatsPerBar();
        int totalBars = spec.plan().stream().mapToInt(SongSpec.Part::bars).sum();
        double musicEnd = spec.leadInSec() + totalBars * bpb * spb;
        double duration = musicEnd + TAIL_SEC;
        float[] out = new float[(int) Math.ceil(duration * SAMPLE_RATE)];
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Voices v = new Voices(out, rnd);

        List<Double> beats = new ArrayList<>();
        List<Double> downbeats = new ArrayList<>();
        List<SectionSpan> sections = new ArrayList<>();
        if (spec.leadInSec() > 0) {
            sections.add(new SectionSpan(0, spec.leadInSec(), SectionLabel.SILENCE.contractName()));
        }
        double t = spec.leadInSec();
        double level = Math.pow(10, spec.gainDb() / 20);
        int partIndex = 0;
        for (SongSpec.Part part : spec.plan()) {
            double start = t;
            SectionLabel label = part.label();
            Energy e = Energy.of(label).varied(rnd, spec.variation());
            int[][] progression = label == SectionLabel.BRIDGE ? PROGRESSION_BRIDGE
                    : label == SectionLabel.PRE_CHORUS ? PROGRESSION_PRE : PROGRESSION_MAIN;
            boolean lastPart = partIndex == spec.plan().size() - 1;
            for (int bar = 0; bar < part.bars(); bar++) {
                double barStart = t;
                downbeats.add(barStart);
                double progress = (bar + 0.5) / part.bars();
                double fade = label == SectionLabel.OUTRO && lastPart ? 1.0 - 0.7 * progress : 1.0;
                double g = level * fade * e.gain;
                int[] chord = progression[bar % progression.length];
                int chordRoot = spec.rootMidi() + chord[0];
                // harmony: pad over the bar, bass on beats or eighths
                v.pad(barStart, bpb * spb, spec.rootMidi() + 24, chord, g * e.pad, spec.timbre().padBright() * e.bright);
                if (bar == 0 && e.crash > 0 && start > spec.leadInSec()) {
                    v.crash(barStart, g * e.crash);
                }
                if (label == SectionLabel.PRE_CHORUS) {
                    v.riser(barStart, bpb * spb, g * 0.25 * (bar + 1) / part.bars(), (bar + 1.0) / part.bars());
                }
                for (int b = 0; b < bpb; b++) {
                    double bt = barStart + b * spb;
                    beats.add(bt);
                    boolean down = b == 0;
                    // kick
                    boolean kick = switch (e.kickPattern) {
                        case 0 -> down;
                        case 1 -> b % 2 == 0;
                        case 2 -> true;
                        default -> false;
                    };
                    if (kick) {
                        v.kick(bt, g * e.kick * (down ? 1.0 : 0.8));
                    }
                    // snare
                    boolean halfTime = e.snarePattern == 2;
                    boolean backbeat = halfTime ? (bpb == 4 && b == 2) : (b % 2 == 1);
                    if (e.snarePattern > 0 && backbeat) {
                        v.snare(bt, g * e.snare);
                    }
                    if (label == SectionLabel.PRE_CHORUS && bar == part.bars() - 1) {
                        int rolls = b < bpb / 2 ? 2 : 4;
                        for (int k = 0; k < rolls; k++) {
                            v.snare(bt + k * spb / rolls, g * e.snare * (0.4 + 0.6 * (b * rolls + k) / (double) (bpb * rolls)));
                        }
                    }
                    // hats
                    if (e.hats > 0) {
                        int per = spec.timbre().hatsPerBeat();
                        for (int k = 0; k < per; k++) {
                            boolean open = e.openHats && k == per / 2;
                            v.hat(bt + k * spb / per, g * e.hats * (k == 0 ? 1.0 : 0.6), open);
                        }
                    }
                    // bass
                    if (e.bass > 0) {
                        int notes = label == SectionLabel.PRE_CHORUS || label == SectionLabel.CHORUS ? 2 : 1;
                        for (int k = 0; k < notes; k++) {
                            int octave = label == SectionLabel.CHORUS && k == 1 ? 12 : 0;
                            v.bass(bt + k * spb / notes, spb / notes * 0.9, chordRoot + octave, g * e.bass, spec.timbre().bassWave());
                        }
                    }
                    // lead: eighth-note melody from the pentatonic scale, denser in inst
                    if (e.lead > 0) {
                        int per = label == SectionLabel.INST ? 4 : 2;
                        for (int k = 0; k < per; k++) {
                            if (rnd.nextInt(4) == 0) {
                                continue;
                            }
                            int note = spec.rootMidi() + 36 + chord[0] % 12 + PENTATONIC[rnd.nextInt(PENTATONIC.length)];
                            v.lead(bt + k * spb / per, spb / per * 0.85, note, g * e.lead, spec.timbre().leadWave());
                        }
                    }
                }
                t = barStart + bpb * spb;
            }
            sections.add(new SectionSpan(start, t, label.contractName()));
            partIndex++;
        }
        sections.add(new SectionSpan(t, duration, SectionLabel.SILENCE.contractName()));
        normalize(out, 0.89);
        SongTruth truth = new SongTruth(spec.bpm(), bpb, toArray(beats), toArray(downbeats), sections, duration);
        return new DemoSong(out, truth);
    }

    private static double[] toArray(List<Double> xs) {
        double[] a = new double[xs.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = xs.get(i);
        }
        return a;
    }

    private static void normalize(float[] x, double peak) {
        double max = 1e-9;
        for (float s : x) {
            max = Math.max(max, Math.abs(s));
        }
        // soft-limit very loud mixes first so a single transient does not dictate the level
        double drive = Math.max(1.0, max / 1.5);
        double maxAfter = 1e-9;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (StrictMath.tanh(x[i] / drive));
            maxAfter = Math.max(maxAfter, Math.abs(x[i]));
        }
        float scale = (float) (peak / maxAfter);
        for (int i = 0; i < x.length; i++) {
            x[i] *= scale;
        }
    }

    /** Per-section mix: which instruments play and how loud. */
    private record Energy(double gain, int kickPattern, double kick, int snarePattern, double snare, double hats,
                          boolean openHats, double bass, double pad, double lead, double bright, double crash) {
        /** Jitters levels by up to ±{@code amount}, sometimes changes the kick pattern or drops an instrument. */
        Energy varied(SplittableRandom r, double amount) {
            if (amount <= 0 || gain == 0) {
                return this;
            }
            int kp = kickPattern >= 0 && r.nextDouble() < amount * 0.5 ? r.nextInt(3) : kickPattern;
            return new Energy(jitter(r, gain, amount), kp, jitter(r, kick, amount), snarePattern,
                    jitter(r, snare, amount), drop(r, jitter(r, hats, amount), amount), openHats ^ (r.nextDouble() < amount * 0.3),
                    jitter(r, bass, amount), jitter(r, pad, amount), drop(r, jitter(r, lead, amount), amount),
                    Math.min(1, jitter(r, bright, amount)), crash);
        }

        private static double jitter(SplittableRandom r, double v, double amount) {
            return v * (1 + amount * (2 * r.nextDouble() - 1));
        }

        private static double drop(SplittableRandom r, double v, double amount) {
            return r.nextDouble() < amount * 0.3 ? 0 : v;
        }

        static Energy of(SectionLabel label) {
            return switch (label) {
                case SILENCE -> new Energy(0.0, -1, 0, 0, 0, 0, false, 0, 0, 0, 0, 0);
                case INTRO -> new Energy(0.45, 0, 0.7, 0, 0, 0.5, false, 0, 0.8, 0, 0.4, 0);
                case VERSE -> new Energy(0.6, 1, 0.9, 1, 0.6, 0.5, false, 0.7, 0.35, 0, 0.5, 0.3);
                case PRE_CHORUS -> new Energy(0.75, 2, 0.9, 1, 0.7, 0.6, false, 0.7, 0.5, 0, 0.75, 0.3);
                case CHORUS -> new Energy(1.0, 2, 1.0, 1, 0.9, 0.7, true, 0.9, 0.6, 0.45, 1.0, 1.0);
                case BRIDGE -> new Energy(0.55, 0, 0.8, 2, 0.6, 0, false, 0.6, 0.9, 0, 0.35, 0.6);
                case INST -> new Energy(0.8, 1, 0.9, 1, 0.6, 0.6, false, 0.7, 0.3, 0.7, 0.8, 0.6);
                case OUTRO -> new Energy(0.45, 0, 0.7, 0, 0, 0.3, false, 0.4, 0.8, 0, 0.3, 0.4);
            };
        }
    }

    /** One-shot and note synthesizers that mix into the output buffer. */
    private static final class Voices {
        private final float[] out;
        private final SplittableRandom rnd;

        Voices(float[] out, SplittableRandom rnd) {
            this.out = out;
            this.rnd = rnd;
        }

        private int at(double t) {
            return (int) Math.round(t * SAMPLE_RATE);
        }

        private void add(int i, double v) {
            if (i >= 0 && i < out.length) {
                out[i] += (float) v;
            }
        }

        /** White noise in [-1, 1) from the song's random stream. */
        private double noise() {
            return rnd.nextDouble() * 2 - 1;
        }

        void kick(double t, double gain) {
            int start = at(t);
            int n = (int) (0.35 * SAMPLE_RATE);
            double phase = 0;
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double f = 48 + 110 * StrictMath.exp(-s / 0.035);
                phase += 2 * Math.PI * f / SAMPLE_RATE;
                double env = StrictMath.exp(-s / 0.22);
                double click = i < 96 ? (1 - i / 96.0) * 0.5 : 0;
                add(start + i, gain * 0.9 * (env * StrictMath.sin(phase) + click));
            }
        }

        void snare(double t, double gain) {
            int start = at(t);
            int n = (int) (0.22 * SAMPLE_RATE);
            Difference highPass = new Difference();
            double phase = 0;
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double hp = highPass.next(noise());
                phase += 2 * Math.PI * 185 / SAMPLE_RATE;
                double body = StrictMath.sin(phase) * StrictMath.exp(-s / 0.05);
                add(start + i, gain * 0.55 * (0.7 * hp * StrictMath.exp(-s / 0.09) + 0.5 * body));
            }
        }

        void hat(double t, double gain, boolean open) {
            int start = at(t);
            double decay = open ? 0.14 : 0.025;
            int n = (int) ((open ? 0.35 : 0.08) * SAMPLE_RATE);
            Difference highPass = new Difference();
            Difference secondHighPass = new Difference();
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double hp2 = secondHighPass.next(highPass.next(noise()));
                add(start + i, gain * 0.16 * hp2 * StrictMath.exp(-s / decay));
            }
        }

        void crash(double t, double gain) {
            int start = at(t);
            int n = (int) (1.8 * SAMPLE_RATE);
            Difference highPass = new Difference();
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double hp = highPass.next(noise());
                add(start + i, gain * 0.22 * hp * StrictMath.exp(-s / 0.6));
            }
        }

        void riser(double t, double dur, double gain, double openness) {
            int start = at(t);
            int n = at(dur);
            double lp = 0;
            for (int i = 0; i < n; i++) {
                double frac = (double) i / n;
                double a = 0.02 + 0.25 * (openness - 0.5 + frac * 0.5);
                lp += Math.max(0.01, Math.min(0.9, a)) * (noise() - lp);
                add(start + i, gain * lp * frac);
            }
        }

        private static double hz(int midi) {
            return 440.0 * StrictMath.pow(2, (midi - 69) / 12.0);
        }

        private static double wave(int kind, double phase) {
            double p = phase - Math.floor(phase);
            return switch (kind) {
                case 0 -> StrictMath.sin(2 * Math.PI * p);
                case 1 -> 2 * p - 1;
                case 2 -> p < 0.5 ? 0.8 : -0.8;
                default -> 4 * Math.abs(p - 0.5) - 1;
            };
        }

        void bass(double t, double dur, int midi, double gain, int waveKind) {
            note(t, dur, hz(midi), gain * 0.5, waveKind, 0.12, 0.005, 0.03);
        }

        void lead(double t, double dur, int midi, double gain, int leadWave) {
            int kind = leadWave == 0 ? 2 : leadWave == 1 ? 1 : 3;
            note(t, dur, hz(midi), gain * 0.22, kind, 0.35, 0.01, 0.05);
        }

        /** A filtered oscillator note with attack and release. */
        private void note(double t, double dur, double f, double gain, int kind, double lpCoeff, double attack, double release) {
            int start = at(t);
            int n = at(dur + release);
            double phase = 0;
            double lp = 0;
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double env = Math.min(1, s / attack) * (s > dur ? Math.max(0, 1 - (s - dur) / release) : 1);
                phase += f / SAMPLE_RATE;
                lp += lpCoeff * (wave(kind, phase) - lp);
                add(start + i, gain * env * lp);
            }
        }

        void pad(double t, double dur, int baseMidi, int[] chord, double gain, double bright) {
            if (gain <= 0) {
                return;
            }
            int start = at(t);
            int n = at(dur);
            double[] phases = new double[chord.length * 2];
            double[] freqs = new double[chord.length * 2];
            for (int k = 0; k < chord.length; k++) {
                freqs[2 * k] = hz(baseMidi + chord[k]) * 0.997;
                freqs[2 * k + 1] = hz(baseMidi + chord[k]) * 1.003;
            }
            double coeff = 0.01 + 0.12 * bright;
            double lp = 0;
            for (int i = 0; i < n; i++) {
                double s = (double) i / SAMPLE_RATE;
                double env = Math.min(1, s / 0.08) * Math.min(1, (dur - s) / 0.05);
                double sum = 0;
                for (int k = 0; k < phases.length; k++) {
                    phases[k] += freqs[k] / SAMPLE_RATE;
                    if (phases[k] >= 1) {
                        phases[k] -= 1;
                    }
                    sum += 2 * phases[k] - 1;
                }
                lp += coeff * (sum / phases.length - lp);
                add(start + i, gain * 0.35 * env * lp);
            }
        }
    }

    /** A first-difference high-pass filter: each output is the input minus the previous input. */
    private static final class Difference {
        private double previous;

        double next(double x) {
            double difference = x - previous;
            previous = x;
            return difference;
        }
    }
}
