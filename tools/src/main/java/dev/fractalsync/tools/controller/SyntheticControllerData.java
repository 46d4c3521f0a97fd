package dev.fractalsync.tools.controller;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * Synthetic controller episodes: random song structures played at 60 FPS with drifting tempo, soft section
 * probabilities, hazard ramps before boundaries and beat-synchronous micro features. The teacher (the rule
 * controller) runs in closed loop on the clean state; the student sees the same frame with the seed's robustness
 * augmentation of the structure state: a delay of 0-2 slow steps, hazard-channel dropout and mild probability noise.
 */
public final class SyntheticControllerData {
    public static final double FPS = 60.0;
    private static final double[] LABEL_WEIGHT = {0.03, 0.1, 0.25, 0.12, 0.25, 0.1, 0.1, 0.05};
    private static final int[] LENGTHS = {4, 8, 8, 16, 16, 32};
    private static final int RECORD_EVERY = 3;

    private SyntheticControllerData() {
    }

    /**
     * Training samples: student inputs ({@link ControllerFeatures} layout), teacher outputs normalized to [0,1] by
     * the contract bounds, and the clean chorus probability of each frame (weight of the connectedness penalty).
     */
    public record Samples(float[][] inputs, float[][] targets, float[] chorus) {
        public int size() {
            return inputs.length;
        }
    }

    /** Generates {@code count} samples; {@code augment=false} gives the student the clean structure state. */
    public static Samples generate(ControllerProvider teacher, int count, long seed, boolean augment) {
        return generate(teacher, null, 0.0, count, seed, augment);
    }

    /**
     * As {@link #generate(ControllerProvider, int, long, boolean)}, but in a share {@code rolloutShare} of the
     * episodes the {@code student} drives: its own output becomes the next frame's previous control, and the teacher
     * labels the states the student reaches (DAgger), so the student learns to correct its own drift.
     */
    public static Samples generate(ControllerProvider teacher, ControllerProvider student, double rolloutShare,
                                   int count, long seed, boolean augment) {
        float[][] x = new float[count][];
        float[][] y = new float[count][];
        float[] chorus = new float[count];
        Random rnd = new Random(seed);
        int[] n = {0};
        while (n[0] < count) {
            Episode e = Episode.random(rnd, augment);
            ControllerProvider driver = student != null && rnd.nextDouble() < rolloutShare ? student : null;
            e.play(teacher, driver, rnd, (frame, teacherOut) -> {
                if (n[0] >= count) {
                    return;
                }
                x[n[0]] = frame.features;
                float[] t = new float[ControlVector.SIZE];
                double[] v = teacherOut.toArray();
                for (int k = 0; k < t.length; k++) {
                    t[k] = (float) ControllerFeatures.normalize(k, v[k]);
                }
                y[n[0]] = t;
                chorus[n[0]] = (float) frame.cleanChorus;
                n[0]++;
            });
        }
        return new Samples(x, y, chorus);
    }

    /** Both sample sets, {@code a} first. */
    public static Samples concat(Samples a, Samples b) {
        int n = a.size() + b.size();
        float[][] x = java.util.Arrays.copyOf(a.inputs(), n);
        float[][] y = java.util.Arrays.copyOf(a.targets(), n);
        float[] c = java.util.Arrays.copyOf(a.chorus(), n);
        System.arraycopy(b.inputs(), 0, x, a.size(), b.size());
        System.arraycopy(b.targets(), 0, y, a.size(), b.size());
        System.arraycopy(b.chorus(), 0, c, a.size(), b.size());
        return new Samples(x, y, c);
    }

    /** One recorded frame: the student's input vector and the clean chorus probability. */
    record StudentFrame(float[] features, double cleanChorus) {
    }

    /** A pop-shaped song for closed-loop evaluation: intro, verse, pre-chorus, chorus x3, bridge, outro. */
    public static Episode popSong(double bpm) {
        List<SectionLabel> labels = List.of(SectionLabel.INTRO, SectionLabel.VERSE, SectionLabel.PRE_CHORUS,
                SectionLabel.CHORUS, SectionLabel.VERSE, SectionLabel.PRE_CHORUS, SectionLabel.CHORUS,
                SectionLabel.BRIDGE, SectionLabel.CHORUS, SectionLabel.OUTRO);
        List<Integer> lengths = List.of(16, 32, 8, 32, 32, 8, 32, 16, 32, 16);
        int beats = lengths.stream().mapToInt(Integer::intValue).sum();
        Episode e = new Episode(labels, lengths, 60.0 / bpm, (int) (beats * 60.0 / bpm * FPS), 0.0, 0.9, true,
                0.9, 0.9, 1.0, 0, 1, false, false, ControlVector.neutral(), 0.6, 0.25, 0.8);
        return e;
    }

    /** One song excerpt with its rendering parameters. */
    public static final class Episode {
        private final List<SectionLabel> labels;
        private final List<Integer> lengths;
        private final double spb0;
        private final int frames;
        private final double startBeat;
        private final double conf;
        private final boolean downbeatKnown;
        private final double peak;
        private final double hazardHigh;
        private final double smoothBeats;
        private final int delaySteps;
        private final int decimation;
        private final boolean hazardDropout;
        private final boolean augment;
        private final ControlVector start;
        private final double level;
        private final double onsetAmp;
        private final double fluxAmp;

        Episode(List<SectionLabel> labels, List<Integer> lengths, double spb0, int frames, double startBeat,
                double conf, boolean downbeatKnown, double peak, double hazardHigh, double smoothBeats,
                int delaySteps, int decimation, boolean hazardDropout, boolean augment, ControlVector start,
                double level, double onsetAmp, double fluxAmp) {
            this.labels = labels;
            this.lengths = lengths;
            this.spb0 = spb0;
            this.frames = frames;
            this.startBeat = startBeat;
            this.conf = conf;
            this.downbeatKnown = downbeatKnown;
            this.peak = peak;
            this.hazardHigh = hazardHigh;
            this.smoothBeats = smoothBeats;
            this.delaySteps = delaySteps;
            this.decimation = decimation;
            this.hazardDropout = hazardDropout;
            this.augment = augment;
            this.start = start;
            this.level = level;
            this.onsetAmp = onsetAmp;
            this.fluxAmp = fluxAmp;
        }

        static Episode random(Random rnd, boolean augment) {
            double bpm = 70 + 100 * rnd.nextDouble();
            double spb = 60.0 / bpm;
            int frames = 600 + rnd.nextInt(1200);
            int beatsNeeded = (int) (frames / FPS / spb) + 48;
            List<SectionLabel> labels = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            int total = 0;
            while (total < beatsNeeded) {
                labels.add(randomLabel(rnd));
                int len = LENGTHS[rnd.nextInt(LENGTHS.length)];
                lengths.add(len);
                total += len;
            }
            ControlVector start = ControlVector.neutral();
            if (rnd.nextDouble() < 0.3) {
                double[] v = new double[ControlVector.SIZE];
                for (int k = 0; k < v.length; k++) {
                    v[k] = ControlVector.MIN[k] + rnd.nextDouble() * (ControlVector.MAX[k] - ControlVector.MIN[k]);
                }
                start = ControlVector.fromArray(v);
            }
            int[] decimations = {1, 2, 4};
            return new Episode(labels, lengths, spb, frames, rnd.nextDouble() * 24, 0.3 + 0.7 * rnd.nextDouble(),
                    rnd.nextDouble() < 0.7, 0.5 + 0.45 * rnd.nextDouble(), 0.55 + 0.4 * rnd.nextDouble(),
                    0.5 + 2.5 * rnd.nextDouble(), augment ? rnd.nextInt(3) : 0, decimations[rnd.nextInt(3)],
                    augment && rnd.nextDouble() < 0.1, augment, start, 0.2 + 0.7 * rnd.nextDouble(),
                    2 * rnd.nextDouble(), 1.5 * rnd.nextDouble());
        }

        private static SectionLabel randomLabel(Random rnd) {
            double u = rnd.nextDouble();
            for (int i = 0; i < LABEL_WEIGHT.length; i++) {
                u -= LABEL_WEIGHT[i];
                if (u <= 0) {
                    return SectionLabel.ofIndex(i);
                }
            }
            return SectionLabel.VERSE;
        }

        /** Plays the episode with {@code controller} in closed loop; every frame goes to {@code sink}. */
        public void run(ControllerProvider controller, BiConsumer<ControllerInput, ControlVector> sink) {
            play(controller, null, new Random(1), (frame, out) -> {
            }, sink, 1);
        }

        void play(ControllerProvider teacher, ControllerProvider driver, Random rnd,
                  BiConsumer<StudentFrame, ControlVector> recorder) {
            play(teacher, driver, rnd, recorder, (in, out) -> {
            }, RECORD_EVERY);
        }

        /**
         * @param driver when non-null, produces the control that feeds back as the next previous control (the
         *               teacher still labels every frame); null: the teacher drives
         */
        private void play(ControllerProvider teacher, ControllerProvider driver, Random rnd,
                          BiConsumer<StudentFrame, ControlVector> recorder,
                          BiConsumer<ControllerInput, ControlVector> sink, int recordEvery) {
            double dt = 1.0 / FPS;
            double spb = spb0;
            double beatPos = startBeat;
            double[] probs = new double[SectionLabel.COUNT];
            probs[labelAt(beatPos).ordinal()] = 1.0;
            double[] hazard = new double[Horizons.COUNT];
            float[] window = new float[ControllerFeatures.FAST];
            double[] bandBase = new double[16];
            for (int b = 0; b < 16; b++) {
                bandBase[b] = level * 2.0 - 0.05 * b + 0.2 * rnd.nextGaussian();
            }
            int delayFrames = (int) Math.round(delaySteps * decimation * 1024.0 / 48000.0 / dt);
            StructureState[] history = new StructureState[16];
            ControlVector prev = start;
            int confusion = rnd.nextInt(SectionLabel.COUNT);
            for (int f = 0; f < frames; f++) {
                double t = f * dt;
                spb = Math.max(0.25, Math.min(1.5, spb * (1 + 0.0003 * rnd.nextGaussian())));
                beatPos += dt / spb;
                long count = (long) Math.floor(beatPos);
                double phase = BeatClockState.wrapPhase(beatPos - count);
                SectionLabel label = labelAt(beatPos);
                double toBoundary = beatsToBoundary(beatPos);
                double smooth = 1 - Math.exp(-dt / (smoothBeats * spb));
                double sum = 0;
                for (int i = 0; i < probs.length; i++) {
                    double target = i == label.ordinal() ? peak
                            : (i == confusion ? 0.6 * (1 - peak) : 0.4 * (1 - peak) / (SectionLabel.COUNT - 2));
                    probs[i] += (target - probs[i]) * smooth;
                    probs[i] = Math.max(0, probs[i]);
                    sum += probs[i];
                }
                for (int i = 0; i < probs.length; i++) {
                    probs[i] /= sum;
                }
                double hazardSmooth = 1 - Math.exp(-dt / (0.5 * spb));
                for (int k = 0; k < hazard.length; k++) {
                    double target = toBoundary <= Horizons.beats(k) ? hazardHigh : 0.04;
                    hazard[k] += (target - hazard[k]) * hazardSmooth;
                }
                StructureState clean = new StructureState(probs, clamp01(hazard), null);
                history[f % history.length] = clean;

                System.arraycopy(window, ControllerFeatures.F_FAST, window, 0,
                        ControllerFeatures.FAST - ControllerFeatures.F_FAST);
                int row = ControllerFeatures.FAST - ControllerFeatures.F_FAST;
                double kick = Math.exp(-6 * phase);
                boolean quiet = label == SectionLabel.SILENCE;
                for (int b = 0; b < 16; b++) {
                    window[row + b] = (float) ((quiet ? 0.3 : 1.0) * bandBase[b] + 0.3 * kick * (b < 4 ? 1 : 0.3)
                            + 0.05 * rnd.nextGaussian());
                }
                window[row + 16] = (float) ((quiet ? 0.1 : level) + 0.15 * kick + 0.03 * rnd.nextGaussian());
                window[row + 17] = (float) (0.2 + fluxAmp * Math.exp(-10 * phase) + 0.05 * Math.abs(rnd.nextGaussian()));
                window[row + 18] = (float) (0.25 + 0.05 * rnd.nextGaussian());
                window[row + 19] = (float) (0.45 + 0.08 * rnd.nextGaussian());
                window[row + 20] = (float) Math.abs(0.1 + 0.05 * rnd.nextGaussian());
                window[row + 21] = (float) (phase < 1.5 * dt / spb ? onsetAmp * (0.5 + rnd.nextDouble())
                        : 0.1 * rnd.nextDouble());
                Double downbeat = downbeatKnown ? (count % 4 == 0 ? 0.85 : 0.1) : null;
                BeatClockState beat = new BeatClockState(t, spb, phase, count, conf, downbeat);
                FeatureWindow fw = FeatureWindow.of(window, ControllerFeatures.T_FAST, ControllerFeatures.F_FAST);
                if (augment && driver == null) {
                    // Knock the previous control off the teacher's path so the student sees corrections, and now
                    // and then drop c anywhere near the cardioid so every section meets every region of c.
                    if (rnd.nextDouble() < 1.0 / 60) {
                        prev = anywhere(prev, rnd);
                    } else if (rnd.nextDouble() < 0.2) {
                        prev = jitter(prev, rnd);
                    }
                }
                ControllerInput in = new ControllerInput(t, dt, fw, beat, clean, prev);
                ControlVector out = teacher.process(in);
                sink.accept(in, out);
                if (f % recordEvery == 0) {
                    StructureState seen = clean;
                    if (augment) {
                        StructureState delayed = history[Math.floorMod(f - Math.min(f, delayFrames), history.length)];
                        seen = augmentState(delayed, rnd);
                    }
                    float[] features = new float[ControllerFeatures.SIZE];
                    ControllerFeatures.write(in, seen, features);
                    recorder.accept(new StudentFrame(features, clean.sectionProb(SectionLabel.CHORUS)), out);
                }
                prev = driver == null ? out : driver.process(in);
            }
        }

        /** c = μ/2 − μ²/4 with |μ| uniform in [0.2, 1.4] and any angle; the other controls unchanged. */
        private static ControlVector anywhere(ControlVector v, Random rnd) {
            double r = 0.2 + 1.2 * rnd.nextDouble();
            double t = 2 * Math.PI * rnd.nextDouble();
            double mr = r * Math.cos(t);
            double mi = r * Math.sin(t);
            double[] a = v.toArray();
            a[0] = 0.5 * mr - 0.25 * (mr * mr - mi * mi) - ControlVector.C_ANCHOR_RE;
            a[1] = 0.5 * mi - 0.5 * mr * mi - ControlVector.C_ANCHOR_IM;
            return ControlVector.clamped(a);
        }

        private static ControlVector jitter(ControlVector v, Random rnd) {
            double[] a = v.toArray();
            a[0] += 0.02 * rnd.nextGaussian();
            a[1] += 0.02 * rnd.nextGaussian();
            for (int k = 2; k < a.length; k++) {
                a[k] += 0.02 * (ControlVector.MAX[k] - ControlVector.MIN[k]) * rnd.nextGaussian();
            }
            return ControlVector.clamped(a);
        }

        private StructureState augmentState(StructureState s, Random rnd) {
            double[] p = s.sectionProbs();
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] *= Math.exp(0.15 * rnd.nextGaussian());
                sum += p[i];
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
            double[] h = s.hazardProbs();
            for (int k = 0; k < h.length; k++) {
                if (hazardDropout || rnd.nextDouble() < 0.05) {
                    h[k] = 0;
                }
            }
            return new StructureState(p, h, null);
        }

        private SectionLabel labelAt(double beatPos) {
            int end = 0;
            for (int i = 0; i < labels.size(); i++) {
                end += lengths.get(i);
                if (beatPos < end) {
                    return labels.get(i);
                }
            }
            return labels.get(labels.size() - 1);
        }

        private double beatsToBoundary(double beatPos) {
            int end = 0;
            for (Integer len : lengths) {
                end += len;
                if (beatPos < end) {
                    return end - beatPos;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        private static double[] clamp01(double[] v) {
            double[] c = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                c[i] = Math.max(0, Math.min(1, v[i]));
            }
            return c;
        }
    }
}
