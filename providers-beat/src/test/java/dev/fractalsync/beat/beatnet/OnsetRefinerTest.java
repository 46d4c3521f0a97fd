package dev.fractalsync.beat.beatnet;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnsetRefinerTest {
    private static final int RATE = 48000;

    /** Quiet noise with a decaying 2 kHz burst at each of the given times. */
    private static float[] bursts(double seconds, double... times) {
        float[] x = new float[(int) (seconds * RATE)];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.001 * (rnd.nextDouble() * 2 - 1));
        }
        for (double t : times) {
            int at = (int) Math.round(t * RATE);
            for (int i = 0; i < RATE / 10 && at + i < x.length; i++) {
                x[at + i] += (float) (0.5 * Math.sin(2 * Math.PI * 2000 * i / RATE) * Math.exp(-i / (0.03 * RATE)));
            }
        }
        return x;
    }

    @Test
    void findsTheOnsetNearATimeWithinOneBlock() {
        OnsetRefiner r = new OnsetRefiner(RATE);
        float[] x = bursts(1, 0.5);
        r.push(x, 0, x.length);
        for (double t : new double[]{0.47, 0.5, 0.53}) {
            assertEquals(0.5, r.onsetNear(t, 1), OnsetRefiner.BLOCK_SECONDS, "searched from " + t);
        }
        assertTrue(Double.isNaN(r.onsetNear(0.2, 1)), "no onset near 0.2 s");
        assertTrue(Double.isNaN(r.onsetNear(0.49, 0.495)), "an onset after the audio used is not seen");
    }

    @Test
    void learnsTheTrackersOffsetAndPublishesBeatsOnTheirOnsets() {
        OnsetRefiner r = new OnsetRefiner(RATE);
        double[] onsets = new double[16];
        for (int k = 0; k < onsets.length; k++) {
            onsets[k] = 0.25 + 0.5 * k;
        }
        float[] x = bursts(9, onsets);
        int hop = 1024;
        int next = 0;
        double lastRefined = Double.NaN;
        for (int i = 0; i < x.length; i += hop) {
            int n = Math.min(hop, x.length - i);
            r.push(x, i, n);
            double now = (double) (i + n) / RATE;
            // the tracker declares each beat 30 ms early, before its onset has arrived
            while (next < onsets.length && onsets[next] - 0.03 <= now - 0.01) {
                lastRefined = r.refine(onsets[next] - 0.03, now);
                if (next < OnsetRefiner.MIN_OFFSETS) {
                    assertEquals(onsets[next] - 0.03, lastRefined, 1e-12, "too few onsets known yet, beat " + next);
                } else {
                    assertEquals(onsets[next], lastRefined, 2 * OnsetRefiner.BLOCK_SECONDS, "beat " + next);
                }
                next++;
            }
        }
        assertEquals(onsets.length, next);
    }

    @Test
    void scatteredOnsetsLeaveTheTrackersTime() {
        OnsetRefiner r = new OnsetRefiner(RATE);
        SplittableRandom rnd = new SplittableRandom(3);
        double[] beats = new double[16];
        double[] onsets = new double[16];
        for (int k = 0; k < beats.length; k++) {
            beats[k] = 0.25 + 0.5 * k;
            onsets[k] = beats[k] + (rnd.nextDouble() * 2 - 1) * 0.04;   // expressive timing, ±40 ms
        }
        float[] x = bursts(9, onsets);
        r.push(x, 0, x.length);
        for (double b : beats) {
            assertEquals(b, r.refine(b, 9), 1e-12);
        }
    }
}
