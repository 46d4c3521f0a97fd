package dev.fractalsync.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeatEventDetectorTest {
    private static final double HOP = 1024 / 48_000.0;

    @Test
    void beatTimeIsWhenThePhaseWrappedAndBarPositionsCountFromTheDownbeat() {
        List<BeatClockState> states = List.of(
                new BeatClockState(HOP, 0.5, 0.1, 0, 0.9, null),
                new BeatClockState(2 * HOP, 0.5, 0.02, 1, 0.9, 0.9),
                new BeatClockState(3 * HOP, 0.5, 0.06, 1, 0.9, 0.9),
                new BeatClockState(4 * HOP, 0.5, 0.01, 2, 0.8, 0.1));
        List<BeatEvent> events = BeatEventDetector.detectAll(states, HOP);
        assertEquals(2, events.size());
        assertEquals(2 * HOP - 0.02 * 0.5, events.get(0).tSec(), 1e-12);
        assertTrue(events.get(0).downbeat());
        assertEquals(1, events.get(0).barPosition());
        assertEquals(1, events.get(0).beatCount());
        assertFalse(events.get(1).downbeat());
        assertEquals(2, events.get(1).barPosition());
        assertEquals(120, events.get(1).bpm(), 1e-9);
    }

    @Test
    void severalBeatsInOneHopAreSpreadAndStayIncreasing() {
        List<BeatEvent> events = BeatEventDetector.detectAll(List.of(
                new BeatClockState(HOP, 0.005, 0.0, 3, 0.5, null)), HOP);
        assertEquals(3, events.size());
        assertTrue(events.get(0).tSec() < events.get(1).tSec() && events.get(1).tSec() < events.get(2).tSec());
        assertEquals(0, events.get(2).barPosition());
    }

    @Test
    void aBeatRevealedLateKeepsItsTimeUpToTheLateRevealBound() {
        // revealed in hop 10, 0.1 s after the phase wrapped: the event keeps that instant, before the hop
        List<BeatEvent> late = BeatEventDetector.detectAll(List.of(
                new BeatClockState(10 * HOP, 0.5, 0.2, 1, 0.9, null)), HOP);
        assertEquals(10 * HOP - 0.1, late.get(0).tSec(), 1e-12);
        // a phase that puts the beat a second back (a tracker re-locking) is held to the bound
        List<BeatEvent> jump = BeatEventDetector.detectAll(List.of(
                new BeatClockState(100 * HOP, 2.0, 0.5, 1, 0.9, null)), HOP);
        assertEquals(100 * HOP - BeatEventDetector.LATE_REVEAL_SECONDS, jump.get(0).tSec(), 1e-12);
    }
}
