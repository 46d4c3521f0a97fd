package dev.fractalsync.clock;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TapTempoTest {
    @Test
    void fourTapsGiveTheTempoFromDeviceTimesAndTheGridFromSongTimes() {
        TapTempo taps = new TapTempo();
        Random jitter = new Random(7);
        Optional<ManualTempo> tempo = Optional.empty();
        double songStart = 31.25; // the song time of the first tap's beat
        for (int i = 0; i < 8; i++) {
            double device = 1000.0 + 0.5 * i + 0.004 * jitter.nextGaussian(); // the hand: a few ms off
            double arrival = songStart + 0.5 * i + 0.030 + 0.015 * jitter.nextGaussian(); // the network: 30 ms late, jittery
            tempo = taps.tap(device, arrival);
            assertEquals(i + 1 < TapTempo.MIN_TAPS, tempo.isEmpty(), "a tempo from the fourth tap on, tap " + (i + 1));
        }
        ManualTempo m = tempo.orElseThrow();
        assertEquals(120.0, m.bpm(), 0.5);
        assertEquals(songStart + 0.030, m.anchorSec(), 0.015, "the first tap's song time, averaged over the taps");
        assertEquals(8, taps.taps());
    }

    @Test
    void aPauseStartsANewRunAndTapsOutsideTheRangeGiveNothing() {
        TapTempo taps = new TapTempo();
        for (int i = 0; i < 4; i++) {
            taps.tap(0.5 * i, 10 + 0.5 * i);
        }
        assertTrue(taps.tap(10.0, 20.0).isEmpty(), "after a pause of more than 2 s the run starts again");
        assertEquals(1, taps.taps());
        TapTempo slow = new TapTempo();
        for (int i = 0; i < 6; i++) {
            assertTrue(slow.tap(2.1 * i, 2.1 * i).isEmpty(), "taps more than 2 s apart never make a run");
        }
        TapTempo fast = new TapTempo();
        for (int i = 0; i < 6; i++) {
            assertTrue(fast.tap(0.15 * i, 0.15 * i).isEmpty(), "400 BPM is out of range");
        }
    }

    @Test
    void aHandSetTempoOutsideTheRangeIsRefusedInOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManualTempo.ofBpm(500));
        assertEquals("a tempo override must be 30-300 BPM, got 500.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ManualTempo.ofBpm(Double.NaN));
    }
}
