package dev.fractalsync.evaluation;

import java.util.SplittableRandom;

/**
 * Synthetic metronome-like drum track with known beats: a kick (pitch-swept sine) on every beat, an extra accent
 * click on each downbeat, a closed hi-hat (noise burst) on the off-beats, over a quiet noise floor. Deterministic.
 */
public final class ClickTrack {
    private ClickTrack() {
    }

    /** The signal and its ground-truth beat times. */
    public record Track(float[] samples, int sampleRate, double[] beats, double[] downbeats) {
    }

    public static Track generate(double bpm, double seconds, int sampleRate, int beatsPerBar, long seed) {
        int n = (int) Math.round(seconds * sampleRate);
        float[] x = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.002 * (rnd.nextDouble() * 2 - 1));
        }
        double period = 60.0 / bpm;
        double start = 0.25;
        int count = (int) Math.floor((seconds - start - 0.05) / period) + 1;
        double[] beats = new double[count];
        int downs = 0;
        for (int b = 0; b < count; b++) {
            beats[b] = start + b * period;
            if (b % beatsPerBar == 0) {
                downs++;
            }
        }
        double[] downbeats = new double[downs];
        for (int b = 0, d = 0; b < count; b++) {
            boolean down = b % beatsPerBar == 0;
            if (down) {
                downbeats[d++] = beats[b];
            }
            int at = (int) Math.round(beats[b] * sampleRate);
            addKick(x, at, sampleRate, down ? 0.9 : 0.7);
            if (down) {
                addTone(x, at, sampleRate, 1760, 0.25, 0.03);
            }
            addHat(x, (int) Math.round((beats[b] + period / 2) * sampleRate), sampleRate, 0.15, rnd);
        }
        return new Track(x, sampleRate, beats, downbeats);
    }

    private static void addKick(float[] x, int at, int sr, double gain) {
        int len = (int) (0.25 * sr);
        double phase = 0;
        for (int i = 0; i < len && at + i < x.length; i++) {
            double t = (double) i / sr;
            double f = 50 + 100 * Math.exp(-t / 0.03);
            phase += 2 * Math.PI * f / sr;
            x[at + i] += (float) (gain * Math.sin(phase) * Math.exp(-t / 0.08));
        }
        // click transient
        for (int i = 0; i < (int) (0.002 * sr) && at + i < x.length; i++) {
            x[at + i] += (float) (0.3 * gain * (1 - (double) i / (0.002 * sr)));
        }
    }

    private static void addTone(float[] x, int at, int sr, double freq, double gain, double decay) {
        int len = (int) (6 * decay * sr);
        for (int i = 0; i < len && at + i < x.length; i++) {
            double t = (double) i / sr;
            x[at + i] += (float) (gain * Math.sin(2 * Math.PI * freq * t) * Math.exp(-t / decay));
        }
    }

    private static void addHat(float[] x, int at, int sr, double gain, SplittableRandom rnd) {
        int len = (int) (0.04 * sr);
        double prev = 0;
        for (int i = 0; i < len && at + i < x.length; i++) {
            double t = (double) i / sr;
            double white = rnd.nextDouble() * 2 - 1;
            double high = white - prev; // crude high-pass
            prev = white;
            x[at + i] += (float) (gain * high * Math.exp(-t / 0.01));
        }
    }
}
