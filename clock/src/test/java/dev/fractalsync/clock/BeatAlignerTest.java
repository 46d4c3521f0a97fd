package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeatAlignerTest {
    private static final int RATE = 48_000;
    private static final int HOP = 1024;

    /** Decaying noise clicks at {@code beats} (plus {@code extra} onsets) over quiet noise. */
    private static float[] clicks(double[] beats, double[] extra, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.001 * (r.nextDouble() * 2 - 1));
        }
        List<Double> all = new ArrayList<>();
        for (double b : beats) {
            all.add(b);
        }
        for (double e : extra) {
            all.add(e);
        }
        for (double t : all) {
            int start = (int) Math.round(t * RATE);
            for (int i = 0; i < RATE / 20 && start + i < x.length; i++) {
                x[start + i] += (float) (0.5 * Math.exp(-i / (0.008 * RATE)) * (r.nextDouble() * 2 - 1));
            }
        }
        return x;
    }

    /**
     * Runs {@code audio} through an aligner fed by a simulated tracker that reports each beat 60 ms after it with a
     * bias of {@code biasSec} and a uniform jitter of ±{@code jitterSec}; returns the grid after every hop.
     */
    private static List<BeatGrid> run(float[] audio, double[] beats, double spb, double biasSec, double jitterSec) {
        BeatAligner aligner = new BeatAligner(RATE, 1.0);
        SplittableRandom r = new SplittableRandom(11);
        double[] reported = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            reported[i] = beats[i] + biasSec + jitterSec * (r.nextDouble() * 2 - 1);
        }
        List<BeatGrid> grids = new ArrayList<>();
        float[] hop = new float[HOP];
        int detected = 0;
        for (int h = 0; (h + 1) * HOP <= audio.length; h++) {
            System.arraycopy(audio, h * HOP, hop, 0, HOP);
            double t = (h + 1) * (double) HOP / RATE;
            while (detected < beats.length && beats[detected] + 0.060 <= t) {
                detected++;
            }
            double last = detected == 0 ? 0 : reported[detected - 1];
            double phase = BeatClockState.wrapPhase((t - last) / spb);
            aligner.accept(hop, new BeatClockState(t, spb, phase, detected, detected == 0 ? 0 : 0.8, null));
            grids.add(aligner.grid());
        }
        return grids;
    }

    private static double[] grid(double first, double spb, int n) {
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = first + i * spb;
        }
        return b;
    }

    /** Largest distance between the grid's predicted next beat and the true one, over the hops after {@code fromSec}. */
    private static double worstNextBeatError(List<BeatGrid> grids, double[] beats, double fromSec) {
        double worst = 0;
        for (int h = 0; h < grids.size(); h++) {
            double t = (h + 1) * (double) HOP / RATE;
            BeatGrid g = grids.get(h);
            if (t < fromSec) {
                continue;
            }
            assertNotNull(g, "no grid at " + t);
            double next = Double.NaN;
            for (double b : beats) {
                if (b > t) {
                    next = b;
                    break;
                }
            }
            if (Double.isNaN(next)) {
                break;
            }
            double predicted = g.anchorTime() + Math.round((next - g.anchorTime()) / g.period()) * g.period();
            worst = Math.max(worst, Math.abs(predicted - next));
        }
        return worst;
    }

    @Test
    void reportedBeatsAreMovedOntoTheirOnsets() {
        double spb = 0.5;
        double[] beats = grid(0.31, spb, 40);
        float[] audio = clicks(beats, new double[0], 20.5);
        // the tracker is 12 ms early and jitters by ±18 ms; the onsets are exact
        List<BeatGrid> grids = run(audio, beats, spb, -0.012, 0.018);
        double worst = worstNextBeatError(grids, beats, 3);
        assertTrue(worst < 0.004, "worst predicted-beat error " + worst * 1000 + " ms");
        BeatGrid last = grids.get(grids.size() - 1);
        assertEquals(spb, last.period(), 0.002);
        // the same tracker without onsets to snap to would be off by its bias
        float[] silence = new float[audio.length];
        double unaligned = worstNextBeatError(run(silence, beats, spb, -0.012, 0.018), beats, 3);
        assertTrue(unaligned > 0.008, "without onsets the grid keeps the tracker's error: " + unaligned * 1000 + " ms");
    }

    @Test
    void anOnsetNextToTheBeatDoesNotBendTheGrid() {
        double spb = 0.5;
        double[] beats = grid(0.31, spb, 40);
        // pickups 35 ms before two beats, louder than the beats would not matter: the search takes the strongest rise
        float[] audio = clicks(beats, new double[]{beats[12] - 0.035, beats[25] - 0.035}, 20.5);
        double worst = worstNextBeatError(run(audio, beats, spb, -0.030, 0.0), beats, 3);
        assertTrue(worst < 0.004, "worst predicted-beat error " + worst * 1000 + " ms");
    }

    @Test
    void aTempoChangeIsFollowedWithinAFewBeats() {
        double[] beats = new double[44];
        for (int i = 0; i < beats.length; i++) {
            beats[i] = i < 20 ? 0.31 + i * 0.5 : beats[19] + (i - 19) * 0.47;
        }
        float[] audio = clicks(beats, new double[0], 21.5);
        // the tracker's tempo follows the change too (as BeatNet's does from its recent intervals)
        BeatAligner aligner = new BeatAligner(RATE, 1.0);
        float[] hop = new float[HOP];
        int detected = 0;
        double worstLate = 0;
        for (int h = 0; (h + 1) * HOP <= audio.length; h++) {
            System.arraycopy(audio, h * HOP, hop, 0, HOP);
            double t = (h + 1) * (double) HOP / RATE;
            while (detected < beats.length && beats[detected] + 0.060 <= t) {
                detected++;
            }
            double spb = detected > 21 ? 0.47 : 0.5;
            double last = detected == 0 ? 0 : beats[detected - 1] - 0.01;
            aligner.accept(hop, new BeatClockState(t, spb, BeatClockState.wrapPhase((t - last) / spb), detected, 0.8, null));
            BeatGrid g = aligner.grid();
            // from the fifth beat after the change the grid predicts the new tempo's beats
            if (t > beats[24] + 0.1 && detected < beats.length) {
                assertNotNull(g, "grid at " + t);
                double next = beats[detected];
                double predicted = g.anchorTime() + Math.round((next - g.anchorTime()) / g.period()) * g.period();
                worstLate = Math.max(worstLate, Math.abs(predicted - next));
            }
        }
        assertTrue(worstLate < 0.004, "after the change: " + worstLate * 1000 + " ms");
    }

    @Test
    void aBeatReportedOnAnOffBeatDoesNotResetTheGrid() {
        double spb = 0.5;
        double[] beats = grid(0.31, spb, 40);
        float[] audio = clicks(beats, new double[0], 20.5);
        BeatAligner aligner = new BeatAligner(RATE, 1.0);
        float[] hop = new float[HOP];
        int detected = 0;
        double worst = 0;
        for (int h = 0; (h + 1) * HOP <= audio.length; h++) {
            System.arraycopy(audio, h * HOP, hop, 0, HOP);
            double t = (h + 1) * (double) HOP / RATE;
            while (detected < beats.length && beats[detected] + 0.060 <= t) {
                detected++;
            }
            // beat 20 is reported half a beat late, where there is no onset to snap to
            double last = detected == 0 ? 0 : beats[detected - 1] + (detected == 21 ? 0.25 : 0);
            aligner.accept(hop, new BeatClockState(t, spb, BeatClockState.wrapPhase((t - last) / spb), detected, 0.8, null));
            BeatGrid g = aligner.grid();
            if (t > 3 && detected < beats.length) {
                assertNotNull(g, "grid at " + t);
                double next = beats[detected];
                worst = Math.max(worst, Math.abs(g.anchorTime() + Math.round((next - g.anchorTime()) / g.period())
                        * g.period() - next));
            }
        }
        assertTrue(worst < 0.004, "worst predicted-beat error " + worst * 1000 + " ms");
    }
}
