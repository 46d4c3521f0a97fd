package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.SectionLabel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopTargetsTest {
    // A toy clock: 10 samples per second, hop of 1 sample, so hop t has state time (t+1)/10 s.
    private static final int SR = 10;
    private static final int HOP = 1;

    private static double[] beatsEvery(double period, double until) {
        int n = (int) Math.floor(until / period) + 1;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = i * period;
        }
        return b;
    }

    @Test
    void boundaryOnABeatCountsBeatEventsUpToIt() {
        // beats every 1 s; verse [0,8), chorus [8,16); song lasts 16 s.
        List<LabelSegment> segs = List.of(new LabelSegment(0, 8, SectionLabel.VERSE), new LabelSegment(8, 16, SectionLabel.CHORUS));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(1, 16)), 160, SR, HOP, 16, 0.1);
        // hop 9: t_now = 1.0 (on beat 1) -> beats in (1, 8] = 2..8 = 7
        assertEquals(7f, t.deltaBeatsNext()[9]);
        assertArrayEquals(new byte[]{0, 0, 0, 1, 1}, t.yHazard()[9]);
        // hop 14: t_now = 1.5 -> beats in (1.5, 8] = 2..8 = 7 as well
        assertEquals(7f, t.deltaBeatsNext()[14]);
        // hop 72: t_now = 7.3 -> beat 8 only -> 1 -> every horizon fires
        assertEquals(1f, t.deltaBeatsNext()[72]);
        assertArrayEquals(new byte[]{1, 1, 1, 1, 1}, t.yHazard()[72]);
        assertEquals(SectionLabel.VERSE.ordinal(), t.ySection()[78]); // t_now 7.9
        assertEquals(SectionLabel.CHORUS.ordinal(), t.ySection()[79]); // t_now 8.0 is the chorus start
    }

    @Test
    void boundaryBetweenBeatsIsReachedAtTheNextBeat() {
        // beats every 1 s; boundary at 5.5 (half-way between beats 5 and 6).
        List<LabelSegment> segs = List.of(new LabelSegment(0, 5.5, SectionLabel.INTRO), new LabelSegment(5.5, 12, SectionLabel.VERSE));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(1, 12)), 120, SR, HOP, 12, 0.1);
        // hop 31: t_now = 3.2 -> beats in (3.2, 5.5] = 4, 5 -> n = 2, phi = 0.5
        assertEquals(2.5f, t.deltaBeatsNext()[31], 1e-6);
        assertArrayEquals(new byte[]{0, 0, 1, 1, 1}, t.yHazard()[31]);
        // hop 51: t_now = 5.2 -> no beat before 5.5: phi only -> within one beat
        assertEquals(0.5f, t.deltaBeatsNext()[51], 1e-6);
        assertArrayEquals(new byte[]{1, 1, 1, 1, 1}, t.yHazard()[51]);
        // hop 41: t_now = 4.2 -> beat 5, then 0.5 -> 1.5 -> not within 1 beat, within 2
        assertArrayEquals(new byte[]{0, 1, 1, 1, 1}, t.yHazard()[41]);
    }

    @Test
    void boundaryCloseToABeatSnapsOntoIt() {
        // boundary 40 ms after beat 6 with 1 s beats: within 10 % of the interval -> on beat 6
        List<LabelSegment> segs = List.of(new LabelSegment(0, 6.04, SectionLabel.VERSE), new LabelSegment(6.04, 12, SectionLabel.CHORUS));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(1, 12)), 120, SR, HOP, 12, 0.1);
        assertEquals(2f, t.deltaBeatsNext()[41]); // t_now 4.2 -> beats 5, 6
        // t_now 6.0 is before the boundary but the snapped beat is not after now -> fractional, all horizons fire
        float d = t.deltaBeatsNext()[59];
        assertTrue(d > 0 && d < 1, "got " + d);
    }

    @Test
    void afterTheLastBoundaryEverythingIsZero() {
        List<LabelSegment> segs = List.of(new LabelSegment(0, 4, SectionLabel.CHORUS), new LabelSegment(4, 10, SectionLabel.OUTRO));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(0.5, 10)), 100, SR, HOP, 10, 0.1);
        for (int h = 39; h < 100; h++) { // t_now >= 4.0: the outro runs to the end of the audio, which is no boundary
            assertArrayEquals(new byte[5], t.yHazard()[h], "hop " + h);
            assertEquals(Float.POSITIVE_INFINITY, t.deltaBeatsNext()[h]);
            assertEquals(h < 99 ? SectionLabel.OUTRO.ordinal() : SectionLabel.SILENCE.ordinal(), t.ySection()[h]); // t_now 10.0 is past the end
        }
        // with 2 beats per second, t_now 2.0 is 4 beats before 4.0
        assertEquals(4f, t.deltaBeatsNext()[19]);
        assertArrayEquals(new byte[]{0, 0, 1, 1, 1}, t.yHazard()[19]);
    }

    @Test
    void unlabelledGapIsSilenceAndItsEdgesAreBoundaries() {
        List<LabelSegment> segs = List.of(new LabelSegment(0, 3, SectionLabel.VERSE), new LabelSegment(5, 8, SectionLabel.CHORUS));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(1, 10)), 100, SR, HOP, 10, 0.1);
        assertEquals(SectionLabel.SILENCE.ordinal(), t.ySection()[39]); // t_now 4.0
        assertEquals(1f, t.deltaBeatsNext()[39]); // next boundary at 5
        assertEquals(2f, t.deltaBeatsNext()[59]); // t_now 6.0 -> segment end 8 is a boundary (silence follows)
        assertEquals(Float.POSITIVE_INFINITY, t.deltaBeatsNext()[79]); // t_now 8.0
    }

    @Test
    void beatsPastTheAnnotationAreExtrapolated() {
        // beats annotated only up to 4 s, boundary at 8 s: the last interval continues the grid
        List<LabelSegment> segs = List.of(new LabelSegment(0, 8, SectionLabel.VERSE), new LabelSegment(8, 10, SectionLabel.OUTRO));
        HopTargets t = HopTargets.compute(segs, BeatEvents.of(beatsEvery(1, 4)), 100, SR, HOP, 10, 0.1);
        assertEquals(6f, t.deltaBeatsNext()[19]); // t_now 2.0 -> 3,4 annotated + 5,6,7,8 extrapolated
    }
}
