package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectionDecisionTest {
    private static final double HOP = 1024 / 48_000.0;
    private static final double[] NO_HAZARD = new double[5];

    /** A stream at a steady tempo: beats every {@code spb} s from 0, a downbeat every {@code meter} beats (0: none). */
    private static final class Stream {
        final SectionDecision decision = new SectionDecision(HOP);
        final double spb;
        final int meter;
        long hop;

        Stream(double spb, int meter) {
            this.spb = spb;
            this.meter = meter;
        }

        double t() {
            return (hop + 1) * HOP;
        }

        SectionLabel next(StructureState s) {
            double t = t();
            double beats = t / spb;
            long count = (long) Math.floor(beats);
            Double downbeat = meter == 0 ? null : count > 0 && (count - 1) % meter == 0 ? 0.9 : 0.1;
            hop++;
            return decision.accept(new BeatClockState(t, spb, BeatClockState.wrapPhase(beats), count, 0.9, downbeat), s);
        }

        /** Feeds {@code s} until {@code until} seconds and returns the time of the first hop holding {@code label}. */
        double runUntilHeld(StructureState s, SectionLabel label, double until) {
            while (t() < until) {
                double t = t();
                if (next(s) == label) {
                    return t;
                }
            }
            return Double.NaN;
        }
    }

    private static StructureState probs(SectionLabel a, double pa, SectionLabel b, double pb) {
        double[] p = new double[SectionLabel.COUNT];
        double rest = (1 - pa - pb) / (SectionLabel.COUNT - 2);
        java.util.Arrays.fill(p, rest);
        p[a.ordinal()] = pa;
        p[b.ordinal()] = pb;
        return new StructureState(p, NO_HAZARD, null);
    }

    private static StructureState certain(SectionLabel l) {
        return StructureState.certain(l, NO_HAZARD);
    }

    @Test
    void aNewLabelIsHeldForOneBarOfTheFallbackMeter() {
        Stream s = new Stream(0.5, 0); // no downbeats: 4 beats of 0.5 s, a bar is 2 s
        assertEquals(SectionLabel.VERSE, s.next(certain(SectionLabel.VERSE)), "the first state takes its top label");
        s.runUntilHeld(certain(SectionLabel.VERSE), null, 10);
        double chorusIn = s.t();
        double chorusAt = s.runUntilHeld(certain(SectionLabel.CHORUS), SectionLabel.CHORUS, 20);
        // the window's average moves over by the margin once the newcomer fills (1 + margin) / 2 of the window
        assertEquals(chorusIn + (1 + SectionDecision.MARGIN) / 2 * SectionDecision.WINDOW_BARS * 2.0, chorusAt, 1.5 * HOP);
        // the input goes straight back to verse: the chorus is still held for a whole bar from its start
        double verseAt = s.runUntilHeld(certain(SectionLabel.VERSE), SectionLabel.VERSE, 30);
        assertEquals(chorusAt + 2.0, verseAt, HOP, "held for one bar, not less and not a hop more");
        assertEquals(4, s.decision.beatsPerBar());
    }

    @Test
    void theBarIsTheMeterOfTheTrackersDownbeats() {
        Stream s = new Stream(0.4, 3); // 3/4 at 150 BPM: a bar is 1.2 s
        s.runUntilHeld(certain(SectionLabel.VERSE), null, 10);
        assertEquals(3, s.decision.beatsPerBar());
        double chorusAt = s.runUntilHeld(certain(SectionLabel.CHORUS), SectionLabel.CHORUS, 20);
        double verseAt = s.runUntilHeld(certain(SectionLabel.VERSE), SectionLabel.VERSE, 30);
        assertEquals(chorusAt + 1.2, verseAt, HOP);
    }

    @Test
    void aLeadSmallerThanTheMarginNeverTakesOver() {
        Stream s = new Stream(0.5, 4);
        s.runUntilHeld(probs(SectionLabel.VERSE, 0.6, SectionLabel.CHORUS, 0.3), null, 5);
        assertTrue(Double.isNaN(s.runUntilHeld(probs(SectionLabel.CHORUS, 0.5, SectionLabel.VERSE, 0.3),
                SectionLabel.CHORUS, 30)), "a lead of 0.2 for 25 s does not switch");
        assertEquals(SectionLabel.VERSE, s.decision.held());
        assertTrue(s.runUntilHeld(probs(SectionLabel.CHORUS, 0.6, SectionLabel.VERSE, 0.3), SectionLabel.CHORUS, 40) > 30,
                "a lead of 0.3 does");
    }

    @Test
    void aLabelThatLeadsMostOfEachBarWithShortBreaksIsShown() {
        // the provider's arg-max flickers inside a pre-chorus: 1.5 s of pre-chorus, 0.5 s of verse, again and again.
        // A label that had to lead for 2 s without a break never showed it (the old rule); the bar's average does.
        Stream s = new Stream(0.5, 4);
        s.runUntilHeld(certain(SectionLabel.VERSE), null, 10);
        double start = s.t();
        double shownAt = Double.NaN;
        while (s.t() < start + 12 && Double.isNaN(shownAt)) {
            boolean pre = (s.t() - start) % 2.0 < 1.5;
            StructureState p = pre ? probs(SectionLabel.PRE_CHORUS, 0.7, SectionLabel.VERSE, 0.2)
                    : probs(SectionLabel.VERSE, 0.6, SectionLabel.PRE_CHORUS, 0.3);
            double t = s.t();
            if (s.next(p) == SectionLabel.PRE_CHORUS) {
                shownAt = t;
            }
        }
        assertTrue(shownAt < start + 4, "pre-chorus shown after " + (shownAt - start) + " s");
    }

    @Test
    void resetForgetsTheStream() {
        Stream s = new Stream(0.4, 3);
        s.runUntilHeld(certain(SectionLabel.VERSE), null, 5);
        s.decision.reset();
        assertEquals(4, s.decision.beatsPerBar());
        assertNull(s.decision.held());
        assertEquals(SectionLabel.CHORUS, s.next(certain(SectionLabel.CHORUS)));
    }
}
