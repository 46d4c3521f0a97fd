package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastClockTest {
    private static final ModelContract CONTRACT = ModelContract.v1();
    private static final double HOP_SEC = CONTRACT.hopSeconds();

    private static SlowState state(long hop, double spb, double firstBeat, StructureState structure) {
        double t = (hop + 1) * HOP_SEC;
        double beats = (t - firstBeat) / spb;
        long count = beats < 0 ? 0 : (long) Math.floor(beats) + 1;
        double phase = BeatClockState.wrapPhase(beats);
        return new SlowState(hop, new BeatClockState(t, spb, phase, count, 1, null), structure, new float[22]);
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
    void beatCountNeverGoesBackWhenASlowStateLagsThePrediction() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        fast.accept(new SlowState(0, new BeatClockState(1.0, 0.5, 0.9, 5, 1, null), n, new float[22]));
        FastFrame ahead = fast.sample(1.1); // predicted past the next beat
        assertEquals(6, ahead.beat().beatCount());
        // the tracker now says the beat has not happened yet (its tempo estimate moved)
        fast.accept(new SlowState(1, new BeatClockState(1.1, 0.6, 0.95, 5, 1, null), n, new float[22]));
        FastFrame held = fast.sample(1.11);
        assertEquals(6, held.beat().beatCount());
        assertEquals(0.0, held.beat().phase());
        FastFrame later = fast.sample(1.5);
        assertEquals(6, later.beat().beatCount());
        assertTrue(later.beat().phase() > 0);
    }

    @Test
    void outOfOrderStatesAreIgnored() {
        FastClock fast = new FastClock(CONTRACT);
        StructureState n = StructureState.neutral();
        fast.accept(new SlowState(5, new BeatClockState(1.0, 0.5, 0.1, 3, 1, null), n, new float[22]));
        fast.accept(new SlowState(4, new BeatClockState(0.9, 0.5, 0.9, 2, 1, null), n, new float[22]));
        assertEquals(5, fast.latest().hopIndex());
    }

    @Test
    void sectionsAreSmoothedAndSwitchWithHysteresis() {
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
        assertEquals(SectionLabel.VERSE, f.section(), "one frame later the display has not flipped");
        assertTrue(f.structure().sectionProb(SectionLabel.CHORUS) < 0.1, "probabilities are smoothed");
        double[] h = f.structure().hazardProbs();
        for (int k = 1; k < h.length; k++) {
            assertTrue(h[k] >= h[k - 1], "smoothing keeps hazards monotone");
        }
        double switchedAt = -1;
        for (double u = t + 2 / 60.0; u < t + 3; u += 1 / 60.0) {
            if (fast.sample(u).section() == SectionLabel.CHORUS) {
                switchedAt = u - t;
                break;
            }
        }
        assertTrue(switchedAt > FastClock.HYSTERESIS_DWELL_SEC && switchedAt < 1.5, "switched after " + switchedAt + " s");
    }

    @Test
    void fastFeatureWindowHoldsTheLastTFastFrames() {
        FastClock fast = new FastClock(CONTRACT);
        for (int i = 0; i < 20; i++) {
            float[] f = new float[22];
            f[0] = i;
            fast.accept(new SlowState(i, new BeatClockState(i * 0.02, 0.5, 0, 0, 1, null), StructureState.neutral(), f));
        }
        FastFrame f = fast.sample(0.5);
        assertEquals(CONTRACT.tFast(), f.fastFeatures().frames());
        assertEquals(19f, f.fastFeatures().get(CONTRACT.tFast() - 1, 0));
        assertEquals(20f - CONTRACT.tFast(), f.fastFeatures().get(0, 0));
    }
}
