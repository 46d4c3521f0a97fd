package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TempoLevelTest {
    private static final double HOP = 1024 / 48_000.0;
    private static final double SPB = 0.5;

    /** A steady tracker at 120 BPM whose downbeats are the beats with count % 4 == first, for 20 s. */
    private static List<BeatClockState> tracker(int first) {
        List<BeatClockState> out = new ArrayList<>();
        for (int h = 0; h < 940; h++) {
            double t = (h + 1) * HOP;
            long count = (long) Math.floor(t / SPB);
            Double down = count == 0 ? null : count % 4 == first ? 0.9 : 0.1;
            out.add(new BeatClockState(t, SPB, t / SPB - count, count, 0.8, down));
        }
        return out;
    }

    private static List<BeatClockState> mapped(TempoLevel level, List<BeatClockState> in) {
        TempoLevel.Map m = level.map();
        return in.stream().map(m::apply).toList();
    }

    @Test
    void asTrackedIsTheSameStateObject() {
        BeatClockState s = tracker(0).get(100);
        assertSame(s, TempoLevel.AS_TRACKED.map().apply(s));
    }

    @Test
    void doubleCountsTwoBeatsPerTrackedBeatAndOnlyTheTrackedOnesCanBeDownbeats() {
        List<BeatClockState> in = tracker(0);
        List<BeatClockState> out = mapped(TempoLevel.DOUBLE, in);
        for (int i = 0; i < in.size(); i++) {
            BeatClockState a = in.get(i);
            BeatClockState b = out.get(i);
            assertEquals(SPB / 2, b.spb(), 1e-12);
            assertEquals(2 * (a.beatCount() + a.phase()), b.beatCount() + b.phase(), 1e-9);
            if (a.downbeatProb() == null) {
                assertNull(b.downbeatProb());
            } else if (b.beatCount() % 2 == 1) {
                assertEquals(0.0, b.downbeatProb());
            } else {
                assertEquals(a.downbeatProb(), b.downbeatProb());
            }
        }
    }

    @Test
    void halfPairsBeatsFromTheDownbeatsAndNeverGoesBack() {
        for (int first : new int[]{0, 1, 2, 3}) {
            List<BeatClockState> out = mapped(TempoLevel.HALF, tracker(first));
            double previous = out.get(0).beatCount() + out.get(0).phase();
            int pairingShifts = 0;
            for (BeatClockState b : out) {
                double position = b.beatCount() + b.phase();
                assertTrue(position >= previous - 1e-9, "went back at " + b.tSec());
                if (position - previous > 0.25) {
                    pairingShifts++;
                }
                previous = position;
                assertEquals(2 * SPB, b.spb(), 1e-12);
            }
            assertTrue(pairingShifts <= 1, "first downbeat at count % 4 == " + first + ": shifts " + pairingShifts);
            // after the tracker's second downbeat, every published beat that starts on a tracker downbeat is one
            long published = -1;
            int downbeats = 0;
            for (BeatClockState b : out) {
                if (b.tSec() > 6 && b.beatCount() != published) {
                    published = b.beatCount();
                    boolean trackerDownbeat = b.downbeatProb() != null && b.downbeatProb() >= 0.5;
                    downbeats += trackerDownbeat ? 1 : 0;
                }
            }
            assertTrue(downbeats >= 6, "published downbeats after 6 s, first at " + first + ": " + downbeats);
        }
    }

    @Test
    void flagsAreNamedAndCheckedInOneLine() {
        assertEquals(TempoLevel.HALF, TempoLevel.ofFlag("half"));
        assertEquals("as-tracked", TempoLevel.AS_TRACKED.flag());
        assertEquals("--tempo-level takes auto, half, double or as-tracked, got 'triple'",
                assertThrows(IllegalArgumentException.class, () -> TempoLevel.ofFlag("triple")).getMessage());
        assertNull(TempoLevel.DOUBLE.map().apply(new BeatClockState(1, 0.5, 0, 2, 0.5, null)).downbeatProb());
    }
}
