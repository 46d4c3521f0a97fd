package dev.fractalsync.beat.beatnet;

import org.junit.jupiter.api.Test;

import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Half time from the flux between tracked beats: synthetic flux frames at 50 fps, beats declared two frames late. */
class SubdivisionEvidenceTest {
    private static final double FPS = 50;
    /** The flux of frames without an onset (never quite 0 in music). */
    private static final double FLOOR = 0.2;

    /**
     * Feeds {@code beats} tracked beats {@code period} frames apart (beat k at frame 5 + k * period); the flux of a
     * frame comes from {@code onBeat} (by beat number) on the beat's frame, 30 % of it on the next, and
     * {@code between} more than the floor on the frame half-way between two beats. Returns the evidence.
     */
    private static SubdivisionEvidence feed(SubdivisionEvidence e, int from, int beats, int period,
                                            IntToDoubleFunction onBeat, double between) {
        int first = from == 0 ? 0 : 5 + from * period; // the evidence counts frames from the first one given
        int last = 5 + (from + beats) * period;
        for (int f = first; f < last; f++) {
            int k = Math.floorDiv(f - 5, period);
            int at = Math.floorMod(f - 5, period);
            double flux = at == 0 ? onBeat.applyAsDouble(k) : at == 1 ? 0.3 * onBeat.applyAsDouble(k)
                    : at == period / 2 ? FLOOR + between : FLOOR;
            e.addFrame(flux);
            if (at == 2 && k >= 0) {
                e.onBeat((5 + k * period) / FPS, period / FPS);
            }
        }
        return e;
    }

    @Test
    void eighthsOfASlowSongTrackedAsBeatsSayHalfTime() {
        // tracked at 130 BPM: the song's beats (even) strong, the off-beat eighths (odd) weaker, nothing in between
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 120, 23, k -> k % 2 == 0 ? 10 : 5, 0);
        assertTrue(e.suggestsHalf(), "mid/beat " + e.midToBeat() + ", alternation " + e.alternation());
        assertTrue(e.alternation() > 0.3, "alternation " + e.alternation());
    }

    @Test
    void notBeforeEnoughBeatsWereHeard() {
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 40, 23, k -> k % 2 == 0 ? 10 : 5, 0);
        assertFalse(e.suggestsHalf(), "three blocks of 16 intervals come first");
    }

    @Test
    void beatsWithTheirOwnEighthsBetweenStayAsTracked() {
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 120, 23, k -> k % 2 == 0 ? 10 : 5, 5);
        assertFalse(e.suggestsHalf(), "mid/beat " + e.midToBeat());
    }

    @Test
    void aSparseIntroOfEqualBeatsIsNotHalfTime() {
        // kick and pads on every beat, nothing between: empty half-beats, but the beats do not alternate
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 120, 23, k -> 10, 0);
        assertFalse(e.suggestsHalf());
        assertEquals(0.0, e.alternation(), 1e-12);
    }

    @Test
    void noHalfTimeUnderFiftyBeatsPerMinute() {
        // tracked at 75 BPM: its half would be 37.5 BPM
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 120, 40, k -> k % 2 == 0 ? 10 : 5, 0);
        assertFalse(e.suggestsHalf());
    }

    @Test
    void noHalfTimeBelowTheFloorOfATempoRangeTheUserGave() {
        // --tempo-range 70:200 keeps a 65 BPM half time from being suggested
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, 70), 0, 120, 23, k -> k % 2 == 0 ? 10 : 5, 0);
        assertFalse(e.suggestsHalf());
    }

    @Test
    void halfTimeEndsWhenTheHalfBeatsFillAndAfterAReset() {
        SubdivisionEvidence e = feed(new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM), 0, 120, 23, k -> k % 2 == 0 ? 10 : 5, 0);
        assertTrue(e.suggestsHalf());
        feed(e, 120, 120, 23, k -> k % 2 == 0 ? 10 : 5, 6);
        assertFalse(e.suggestsHalf(), "mid/beat " + e.midToBeat());
        feed(e, 240, 240, 23, k -> k % 2 == 0 ? 10 : 5, 0); // the filled half-beats fade from the memory
        assertTrue(e.suggestsHalf());
        e.reset();
        assertFalse(e.suggestsHalf());
        assertEquals(0, e.intervals());
    }

    @Test
    void irregularIntervalsAreNotMeasured() {
        SubdivisionEvidence e = new SubdivisionEvidence(FPS, SubdivisionEvidence.MIN_HALF_BPM);
        for (int f = 0; f < 200; f++) {
            e.addFrame(f % 23 == 0 ? 10 : FLOOR);
        }
        e.onBeat(1.0, 0.46);
        e.onBeat(2.5, 0.46); // 1.5 s: a skipped stretch, not one period
        assertEquals(0, e.intervals());
        e.onBeat(2.96, 0.46);
        assertEquals(1, e.intervals());
    }
}
