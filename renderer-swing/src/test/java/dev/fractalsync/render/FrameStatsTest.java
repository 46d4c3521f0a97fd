package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameStatsTest {
    @Test
    void percentilesAndRate() {
        FrameStats stats = new FrameStats(1000);
        long t = 0;
        for (int i = 1; i <= 100; i++) {
            // frame i takes i ms of work; frames start every 10 ms
            stats.record(t, t + i * 1_000_000L, i % 2 == 0 ? 1.0 : 0.5, 500_000L);
            t += 10_000_000L;
        }
        FrameStats.Summary s = stats.summary();
        assertEquals(100, s.frames());
        assertEquals(51, s.p50Ms(), 1.0);
        assertEquals(99, s.p99Ms(), 1.0);
        assertEquals(100 / ((990 + 100) / 1000.0), s.fps(), 1e-6);
        assertEquals(0.75, s.meanScale(), 1e-9);
        assertEquals(0.5, s.meanKernelMs(), 1e-9);
    }

    @Test
    void emptyStatsAreZero() {
        assertEquals(0, new FrameStats().summary().frames());
    }
}
