package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TempoSummaryTest {
    /** {@code n} beats of {@code period} seconds, a downbeat every {@code perBar} (none when 0), from beat 1. */
    private static List<BeatEvent> beats(int n, double period, int perBar, double jitter) {
        List<BeatEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = 1 + i * period + (i % 2 == 0 ? jitter : -jitter);
            boolean down = perBar > 0 && i % perBar == 0;
            out.add(new BeatEvent(t, i + 1, 60 / period, 0.9, down, perBar > 0 ? i % perBar + 1 : 0));
        }
        return out;
    }

    @Test
    void fourFourAt120() {
        TempoSummary s = TempoSummary.of(beats(64, 0.5, 4, 0));
        assertEquals(120, s.bpm(), 0.01);
        assertEquals("4/4", s.metre());
        assertEquals("tempo 120.0 BPM, metre 4/4 (64 beats, 16 bars)", s.describe());
    }

    @Test
    void aWaltzWithALockingStartAndOneMissedDownbeat() {
        List<BeatEvent> b = new ArrayList<>(beats(60, 60 / 84.0, 3, 0));
        // the first beats, while the tracker locked, came at another tempo; one downbeat went unnoticed
        b.set(0, new BeatEvent(0.1, 1, 100, 0.2, true, 1));
        BeatEvent missed = b.get(30);
        b.set(30, new BeatEvent(missed.tSec(), missed.beatCount(), missed.bpm(), missed.conf(), false, 0));
        TempoSummary s = TempoSummary.of(b);
        assertEquals(84, s.bpm(), 0.01);
        assertEquals(3, s.beatsPerBar());
    }

    @Test
    void noDownbeatsOrTooFewBeatsAreUnknownNotGuessed() {
        assertEquals("unknown", TempoSummary.of(beats(40, 0.5, 0, 0)).metre());
        TempoSummary few = TempoSummary.of(beats(4, 0.5, 4, 0));
        assertTrue(Double.isNaN(few.bpm()));
        assertEquals("tempo unknown, metre unknown (4 beats, 1 bars)", few.describe());
        assertEquals("unknown", TempoSummary.of(List.of()).metre());
    }

    @Test
    void barsWithoutAMajorityLengthGiveNoMetre() {
        List<BeatEvent> b = new ArrayList<>();
        int[] bars = {3, 4, 5, 3, 4, 5, 7, 2};
        long count = 1;
        double t = 0;
        for (int len : bars) {
            for (int k = 0; k < len; k++) {
                b.add(new BeatEvent(t, count++, 120, 0.9, k == 0, k + 1));
                t += 0.5;
            }
        }
        assertEquals("unknown", TempoSummary.of(b).metre());
    }
}
