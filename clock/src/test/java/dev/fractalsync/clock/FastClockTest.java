package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastClockTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final double HOP_SEC = CONTRACT.hopSeconds();

    private static SlowState state(long hop, double spb, double firstBeat, StructureState structure) {
        double t = (hop + 1) * HOP_SEC;
        double beats = (t - firstBeat) / spb;
        long count = beats < 0 ? 0 : (long) Math.floor(beats) + 1;
        double phase = BeatClockState.wrapPhase(beats);
        return new SlowState(hop, new BeatClockState(t, spb, phase, count, 1, null), structure, structure.topSection(), new float[22]);
    }

    @Test
    void predictedBeatInstantsAreWithinTenMillisecondsAtSteadyTempo() {
        double spb = 60.0 / 128;
        double firstBeat = 0.1;
        FastClock fast = new FastClock(CONTRACT);
        assertNull(fast.sample(0));
        List<Double> detected = new ArrayList<>();
        long lastCount = -1;
        long hop = 0;
        for (int frame = 0; frame < 60 * 30; frame++) {
            double t = frame / 60.0;
            // slow states arrive every 2 hops (decimated publishing) and one hop late
            while ((hop + 2) * HOP_SEC <= t) {
                if (hop % 2 == 0) {
                    fast.accept(state(hop, spb, firstBeat, StructureState.neutral()));
                }
                hop++;
            }
            FastFrame f = fast.sample(t);
            if (f == null) {
                continue;
            }
            if (lastCount >= 0 && f.beat().beatCount() > lastCount) {
                detected.add(t - f.beat().phase() * f.beat().spb());
            }
            lastCount = f.beat().beatCount();
        }
        assertTrue(detected.size() > 60, "beats seen: " + detected.size());
        for (double d : detected) {
            double k = Math.round((d - firstBeat) / spb);
            double truth = firstBeat + k * spb;
            assertEquals(truth, d, 0.010, "beat near " + truth);
        }
    }

    @Test
    void aLaggingSlowStateNeitherTakesTheCountBackNorJumpsThePhase() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        fast.accept(new SlowState(0, new BeatClockState(1.0, 0.5, 0.9, 5, 1, null), n, SectionLabel.SILENCE, new float[22]));
        FastFrame ahead = fast.sample(1.1); // predicted past the next beat
        assertEquals(6, ahead.beat().beatCount());
        // the tracker now says the beat has not happened yet (its tempo estimate moved): 0.16 beat behind
        fast.accept(new SlowState(1, new BeatClockState(1.1, 0.6, 0.95, 5, 1, null), n, SectionLabel.SILENCE, new float[22]));
        FastFrame next = fast.sample(1.1 + 1 / 60.0);
        assertEquals(6, next.beat().beatCount());
        assertTrue(next.beat().phase() >= ahead.beat().phase(), "no visible jump back: " + ahead.beat().phase()
                + " -> " + next.beat().phase());
        // the correction decays: half a second later the shown phase is the tracker's
        double t = 1.1 + 1 / 60.0;
        FastFrame f = next;
        for (int i = 0; i < 30; i++) {
            t += 1 / 60.0;
            f = fast.sample(t);
            assertEquals(6, f.beat().beatCount());
        }
        double tracker = BeatClockState.wrapPhase(0.95 + (t + 0.5 / 60 - 1.1) / 0.6);
        assertEquals(tracker, f.beat().phase(), 0.01);
    }

    @Test
    void theFrameNearestEachBeatShowsIt() {
        double spb = 60.0 / 123;
        double firstBeat = 0.2043;
        FastClock fast = new FastClock(CONTRACT);
        long hop = 0;
        long lastCount = -1;
        int beats = 0;
        for (int frame = 0; frame < 60 * 20; frame++) {
            double t = frame / 60.0;
            while ((hop + 1) * HOP_SEC <= t) {
                fast.accept(state(hop++, spb, firstBeat, StructureState.neutral()));
            }
            FastFrame f = fast.sample(t);
            if (f == null) {
                continue;
            }
            if (lastCount >= 0 && f.beat().beatCount() > lastCount) {
                double k = Math.round((t - firstBeat) / spb);
                double beat = firstBeat + k * spb;
                assertTrue(Math.abs(t - beat) <= 0.5 / 60 + 1e-9, "beat " + beat + " shown at frame time " + t);
                beats++;
            }
            lastCount = f.beat().beatCount();
        }
        assertTrue(beats > 35, "beats: " + beats);
    }

    @Test
    void anAgreeingGridIsPreferredAndAWholeBeatCountDifferenceIsNoJump() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        // the tracker is 20 ms late on a 0.5 s beat; the onset grid knows the beat at 10.000 s
        fast.accept(new SlowState(0, new BeatClockState(10.1, 0.5, 0.16, 20, 1, null), n, SectionLabel.SILENCE, new float[22]));
        fast.acceptGrid(new BeatGrid(20, 10.0, 0.5, 8));
        FastFrame f = fast.sample(10.49);
        assertEquals(20, f.beat().beatCount());
        assertEquals(0.98 + 1 / 60.0, f.beat().phase(), 1e-9, "phase from the grid, half a frame ahead");
        FastFrame onBeat = fast.sample(10.49 + 1 / 60.0);
        assertEquals(21, onBeat.beat().beatCount(), "the grid's beat at 10.5 s is shown on the frame nearest it");
        // the tracker missed that beat: its count is still 20, a whole beat behind the grid
        fast.accept(new SlowState(1, new BeatClockState(10.55, 0.5, 0.06, 20, 1, null), n, SectionLabel.SILENCE, new float[22]));
        fast.acceptGrid(new BeatGrid(20, 10.5, 0.5, 8));
        FastFrame after = fast.sample(10.49 + 2 / 60.0);
        assertEquals(21, after.beat().beatCount(), "the count runs on instead of resting a beat");
        assertTrue(after.beat().phase() > onBeat.beat().phase() && after.beat().phase() < 0.1);
    }

    @Test
    void aStaleOrWeakGridThatDisagreesWithTheTrackerIsIgnored() {
        StructureState n = StructureState.neutral();
        // 0.4 beat off the tracker's phase, last beat 3.6 beats ago
        FastClock stale = new FastClock(CONTRACT);
        stale.accept(new SlowState(0, new BeatClockState(10.1, 0.5, 0.2, 20, 1, null), n, SectionLabel.SILENCE, new float[22]));
        stale.acceptGrid(new BeatGrid(17, 8.3, 0.5, 8));
        assertEquals(0.4 + 0.5 / 60 / 0.5, stale.sample(10.2).beat().phase(), 1e-9);
        // recent but fitted to three beats only
        FastClock weak = new FastClock(CONTRACT);
        weak.accept(new SlowState(0, new BeatClockState(10.1, 0.5, 0.2, 20, 1, null), n, SectionLabel.SILENCE, new float[22]));
        weak.acceptGrid(new BeatGrid(20, 9.8, 0.5, 3));
        assertEquals(0.4 + 0.5 / 60 / 0.5, weak.sample(10.2).beat().phase(), 1e-9);
        // recent and well supported: the tracker's half-beat hiccup does not move the picture
        FastClock trusted = new FastClock(CONTRACT);
        trusted.accept(new SlowState(0, new BeatClockState(10.1, 0.5, 0.2, 20, 1, null), n, SectionLabel.SILENCE, new float[22]));
        trusted.acceptGrid(new BeatGrid(20, 9.8, 0.5, 8));
        assertEquals(0.8 + 0.5 / 60 / 0.5, trusted.sample(10.2).beat().phase(), 1e-9);
    }

    @Test
    void outOfOrderStatesAreIgnored() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        fast.accept(new SlowState(5, new BeatClockState(1.0, 0.5, 0.1, 3, 1, null), n, SectionLabel.SILENCE, new float[22]));
        fast.accept(new SlowState(4, new BeatClockState(0.9, 0.5, 0.9, 2, 1, null), n, SectionLabel.SILENCE, new float[22]));
        assertEquals(5, fast.latest().hopIndex());
    }

    @Test
    void probabilitiesAreSmoothedButTheSectionIsTheStatesHeldOne() {
        FastClock fast = new FastClock(CONTRACT);
        double[] hz = {0, 0, 0, 0, 0};
        StructureState verse = StructureState.certain(SectionLabel.VERSE, hz);
        StructureState chorus = StructureState.certain(SectionLabel.CHORUS, new double[]{0.1, 0.2, 0.3, 0.4, 0.5});
        long hop = 0;
        double t = 0;
        for (; t < 2.0; t += 1 / 60.0) {
            fast.accept(state(hop++, 0.5, 0, verse));
            fast.sample(t);
        }
        assertEquals(SectionLabel.VERSE, fast.sample(t).section());
        fast.accept(state(hop++, 0.5, 0, chorus));
        FastFrame f = fast.sample(t + 1 / 60.0);
        assertEquals(SectionLabel.CHORUS, f.section(), "the label is the newest state's held section, not re-decided");
        assertTrue(f.structure().sectionProb(SectionLabel.CHORUS) < 0.1, "probabilities are smoothed");
        double[] h = f.structure().hazardProbs();
        for (int k = 1; k < h.length; k++) {
            assertTrue(h[k] >= h[k - 1], "smoothing keeps hazards monotone");
        }
        // a state whose held section is not its most probable label (the decision holds it): the frame shows the held one
        SlowState next = state(hop++, 0.5, 0, chorus);
        SlowState held = new SlowState(next.hopIndex(), next.beat(), chorus, SectionLabel.VERSE, new float[22]);
        fast.accept(held);
        for (double u = t + 2 / 60.0; u < t + 3; u += 1 / 60.0) {
            assertEquals(SectionLabel.VERSE, fast.sample(u).section());
        }
    }

    @Test
    void fastFeatureWindowHoldsTheLastTFastFrames() {
        FastClock fast = new FastClock(CONTRACT);
        for (int i = 0; i < 20; i++) {
            float[] f = new float[22];
            f[0] = i;
            fast.accept(new SlowState(i, new BeatClockState(i * 0.02, 0.5, 0, 0, 1, null), StructureState.neutral(), SectionLabel.SILENCE, f));
        }
        FastFrame f = fast.sample(0.5);
        assertEquals(CONTRACT.tFast(), f.fastFeatures().frames());
        assertEquals(19f, f.fastFeatures().get(CONTRACT.tFast() - 1, 0));
        assertEquals(20f - CONTRACT.tFast(), f.fastFeatures().get(0, 0));
    }

    @Test
    void confidenceJumpsAtDetectionAreSmoothed() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        fast.accept(new SlowState(0, new BeatClockState(1.0, 0.5, 0.5, 2, 0.2, null), n, SectionLabel.SILENCE, new float[22]));
        assertEquals(0.2, fast.sample(1.0).beat().conf(), 1e-12);
        fast.accept(new SlowState(1, new BeatClockState(1.02, 0.5, 0.54, 2, 0.9, null), n, SectionLabel.SILENCE, new float[22]));
        double next = fast.sample(1.0 + 1 / 60.0).beat().conf();
        assertTrue(next > 0.2 && next < 0.26, "one frame after the jump: " + next);
        double t = 1.0 + 1 / 60.0;
        double c = next;
        for (int i = 0; i < 60; i++) {
            t += 1 / 60.0;
            c = fast.sample(t).beat().conf();
        }
        assertEquals(0.9, c, 0.05, "a second later");
    }

    @Test
    void aTempoChangeWithAPhaseCorrectionConvergesWithoutAJump() {
        // 120 BPM, then the tracker says 126 BPM and, after re-locking, that the beat is 0.15 beat later than it
        // had predicted: the shown phase bends over to it instead of jumping
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        double change = 10.0;
        double spb2 = 60.0 / 126;
        long hop = 0;
        double lastPosition = Double.NaN;
        double largestStep = 0;
        FastFrame f = null;
        double t = 0;
        for (int frame = 0; frame < 60 * 14; frame++) {
            t = frame / 60.0;
            while ((hop + 1) * HOP_SEC <= t) {
                double ts = (hop + 1) * HOP_SEC;
                double beats = ts < change ? ts / 0.5 : change / 0.5 + (ts - change) / spb2 - 0.15;
                fast.accept(new SlowState(hop++, new BeatClockState(ts, ts < change ? 0.5 : spb2,
                        BeatClockState.wrapPhase(beats), (long) Math.floor(beats), 1, null), n, SectionLabel.SILENCE, new float[22]));
            }
            f = fast.sample(t);
            if (f == null) {
                continue;
            }
            double position = f.beat().beatCount() + f.beat().phase();
            if (!Double.isNaN(lastPosition)) {
                largestStep = Math.max(largestStep, Math.abs(position - lastPosition));
            }
            lastPosition = position;
        }
        // a frame advances 1/30 beat at 120 BPM, 0.035 at 126; the correction adds at most 0.15 * (1/60) / 0.08
        assertTrue(largestStep < 0.035 + 0.15 * (1 / 60.0) / FastClock.CORRECTION_TAU_SEC + 1e-3,
                "largest step between frames: " + largestStep + " beat");
        double tracker = change / 0.5 + (t + 0.5 / 60 - change) / spb2 - 0.15;
        assertEquals(BeatClockState.wrapPhase(tracker), f.beat().phase(), 0.005, "converged to the tracker");
    }
}
