package dev.fractalsync.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateRecordsTest {
    private static final double[] HAZARD = {0.1, 0.2, 0.3, 0.5, 0.9};

    private static StructureState structure() {
        return new StructureState(new double[]{0, 0.05, 0.6, 0.05, 0.2, 0.05, 0.05, 0}, HAZARD, new double[]{0.5, -1.25});
    }

    @Test
    void beatClockStateValidatesInvariants() {
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0.5, 1.0, 3, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0.5, -0.01, 3, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0, 0.5, 3, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, Double.NaN, 0.5, 3, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0.5, 0.5, -1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0.5, 0.5, 3, 1.5, null));
        assertThrows(IllegalArgumentException.class, () -> new BeatClockState(1, 0.5, 0.5, 3, 1, 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BeatClockState(Double.POSITIVE_INFINITY, 0.5, 0.5, 3, 1, null));
        assertTrue(e.getMessage().startsWith("t_sec"), e.getMessage());
        assertEquals(120.0, new BeatClockState(0, 0.5, 0, 0, 0, null).bpm(), 1e-12);
    }

    @Test
    void wrapPhaseStaysBelowOne() {
        assertEquals(0.25, BeatClockState.wrapPhase(3.25), 1e-12);
        assertEquals(0.75, BeatClockState.wrapPhase(-0.25), 1e-12);
        assertTrue(BeatClockState.wrapPhase(Math.nextDown(1.0)) < 1.0);
        assertTrue(BeatClockState.wrapPhase(-1e-18) < 1.0);
    }

    @Test
    void structureStateValidatesLengthsAndSums() {
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> new StructureState(new double[7], HAZARD, null));
        assertTrue(len.getMessage().contains("section_probs must have 8 entries"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StructureState(new double[]{1, 0, 0, 0, 0, 0, 0, 0}, new double[4], null));
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> new StructureState(new double[]{0.5, 0, 0, 0, 0, 0, 0, 0}, HAZARD, null));
        assertTrue(sum.getMessage().contains("sum to 1"), sum.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new StructureState(new double[]{1, 0, 0, 0, 0, 0, 0, 0}, new double[]{0, 0, 0, 0, Double.NaN}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new StructureState(new double[]{1, 0, 0, 0, 0, 0, 0, 0}, HAZARD, new double[]{Double.NaN}));
        assertEquals(SectionLabel.VERSE, structure().topSection());
    }

    @Test
    void statesAreImmutable() {
        double[] p = {1, 0, 0, 0, 0, 0, 0, 0};
        StructureState s = new StructureState(p, HAZARD, null);
        p[0] = 0;
        s.sectionProbs()[0] = 0;
        assertEquals(1.0, s.sectionProb(0));
        float[] f = {1f, 2f};
        SlowState slow = new SlowState(3, new BeatClockState(0.1, 0.5, 0.2, 1, 1, null), s, SectionLabel.SILENCE, f);
        f[0] = 9f;
        slow.features()[1] = 9f;
        assertArrayEquals(new float[]{1f, 2f}, slow.features());
        assertThrows(IllegalArgumentException.class, () -> new SlowState(0, slow.beat(), s, SectionLabel.SILENCE, new float[]{Float.NaN}));
    }

    @Test
    void controlVectorEnforcesContractBounds() {
        ControlVector n = ControlVector.neutral();
        assertEquals(ControlVector.SIZE, n.toArray().length);
        assertEquals(n, ControlVector.fromArray(n.toArray()));
        assertThrows(IllegalArgumentException.class, () -> new ControlVector(0, 0, 0, 0, 5.0, 0, 0, 0, 1));
        ControlVector c = ControlVector.clamped(new double[]{9, -9, Double.NaN, 2, 0, 10, 3, 7, 0});
        assertEquals(1.0, c.dcRe());
        assertEquals(-1.2, c.dcIm());
        assertEquals(0.0, c.hueOffset());
        assertEquals(0.25, c.contrast());
        assertEquals(0.5, c.cRe(), 1e-12);
        float[] buf = new float[ControlVector.SIZE + 1];
        c.copyTo(buf, 1);
        assertEquals((float) c.iterationGain(), buf[ControlVector.SIZE]);
    }

    @Test
    void beatFeaturesFollowTheContractDefinition() {
        BeatClockState b = new BeatClockState(2.0, 0.5, 0.25, 4, 0.8, 0.9);
        BeatFeatures f = BeatFeatures.of(b);
        assertEquals(1.0, f.sinPhase(), 1e-12);
        assertEquals(0.0, f.cosPhase(), 1e-12);
        assertEquals(Math.log(0.5), f.logSpb(), 1e-12);
        assertEquals(0.9, f.downbeatProb(), 1e-12);
        float[] row = new float[BeatFeatures.SIZE];
        BeatFeatures.write(new BeatClockState(2.0, 0.5, 0.25, 4, 0.8, null), row, 0);
        assertEquals(0f, row[4]);
        assertEquals(0.8f, row[3], 1e-6);
    }
}
