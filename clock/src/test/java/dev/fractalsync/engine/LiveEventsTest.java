package dev.fractalsync.engine;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveEventsTest {
    private static final double HOP = 1024 / 48_000.0;
    private static final double SPB = 0.25;

    /** A 240 BPM tracker in 4/4 streamed in real time: beats must leave at their predicted instants. */
    @Test
    void beatsLeaveAtTheirPredictedInstantsWithBarPositions() throws Exception {
        long start = System.nanoTime();
        List<BeatEvent> beats = new ArrayList<>();
        List<Double> sentAt = new ArrayList<>();
        EngineListener target = new EngineListener() {
            @Override
            public void onBeat(BeatEvent beat) {
                synchronized (beats) {
                    sentAt.add((System.nanoTime() - start) / 1e9);
                    beats.add(beat);
                }
            }
        };
        try (LiveEvents live = new LiveEvents(HOP, 0.5, () -> (System.nanoTime() - start) / 1e9, target)) {
            for (int h = 0; h < 120; h++) { // 2.56 s
                double t = (h + 1) * HOP;
                long count = (long) Math.floor(t / SPB);
                double phase = t / SPB - count;
                Double downbeat = count == 0 ? null : (count - 1) % 4 == 0 ? 0.9 : 0.1;
                long due = start + (long) (t * 1e9); // a hop's state exists once its last sample has arrived
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                live.accept(new SlowState(h, new BeatClockState(t, SPB, phase, count, 0.9, downbeat),
                        StructureState.neutral(), SectionLabel.SILENCE, new float[22]));
            }
            Thread.sleep(50);
        }
        synchronized (beats) {
            assertTrue(beats.size() >= 10, "beats " + beats);
            // on time within 50 ms, never early; a loaded machine may delay a few wake-ups, so 80 % must be on time
            int onTime = 0;
            for (int i = 0; i < beats.size(); i++) {
                BeatEvent b = beats.get(i);
                assertEquals(i + 1, b.beatCount());
                assertEquals((i + 1) * SPB, b.tSec(), 1e-6);
                assertTrue(sentAt.get(i) > b.tSec() - 0.05, "beat " + b.beatCount() + " sent early: " + sentAt.get(i));
                onTime += Math.abs(sentAt.get(i) - b.tSec()) <= 0.05 ? 1 : 0;
            }
            assertTrue(onTime >= 0.8 * beats.size(), onTime + " of " + beats.size() + " beats on time: " + sentAt);
            // the tracker's downbeats are beats 1, 5, 9: once the meter is known, predicted beats continue it
            assertEquals(1, beats.get(8).barPosition());
            assertTrue(beats.get(8).downbeat());
            assertEquals(2, beats.get(9).barPosition());
            // the first beat leaves before the state that marks it a downbeat arrives (position 0: nothing known yet);
            // on a loaded machine its wake-up can come after that state, and then it knows it is position 1
            assertTrue(beats.get(0).barPosition() <= 1, "first beat's bar position " + beats.get(0).barPosition());
        }
    }
}
