package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResolutionGovernorTest {
    @Test
    void dropsResolutionWhenFramesRunLongAndClimbsBackWhenTheyFit() {
        ResolutionGovernor g = new ResolutionGovernor(60, 0.8); // budget 13.3 ms
        assertEquals(1.0, g.scale());
        // Work proportional to pixels: 30 ms at full scale.
        for (int i = 0; i < 200; i++) {
            double s = g.scale();
            g.record((long) (30e6 * s * s));
        }
        double settled = g.scale();
        assertTrue(settled <= 0.7 && settled >= 0.5, "settled at scale " + settled);
        assertTrue(30e6 * settled * settled <= 13.4e6, "settled level still over budget");
        // Load disappears: it climbs back to full resolution.
        for (int i = 0; i < 2000; i++) {
            double s = g.scale();
            g.record((long) (4e6 * s * s));
        }
        assertEquals(1.0, g.scale());
    }

    @Test
    void holdsSteadyUnderConstantLoadWithoutOscillating() {
        ResolutionGovernor g = new ResolutionGovernor(60, 0.8);
        int changes = 0;
        int last = g.level();
        for (int i = 0; i < 3000; i++) {
            double s = g.scale();
            g.record((long) (20e6 * s * s));
            if (g.level() != last) {
                changes++;
                last = g.level();
            }
        }
        assertTrue(changes <= 4, "level changed " + changes + " times");
    }

    /** Frames of 7 ms presenting (any scale), 30 ms of paint at full scale, and {@code extra} more of presenting. */
    private static void run(ResolutionGovernor g, boolean split, int frames, long extra) {
        for (int i = 0; i < frames; i++) {
            double s = g.scale();
            long paint = (long) (30e6 * s * s);
            long work = 7_000_000L + extra + paint;
            if (split) {
                g.record(work, paint);
            } else {
                g.record(work);
            }
        }
    }

    @Test
    void aFixedPresentCostDoesNotHoldTheScaleAtTheFloorAfterASpike() {
        // the budget (13.3 ms) fits 7 + 30 s^2 up to s = 0.46; a second of 20 ms more presenting (the machine busy)
        // drops both to the floor; scaling the whole frame, a climb looks too dear for ever after
        ResolutionGovernor split = new ResolutionGovernor(60, 0.8);
        ResolutionGovernor whole = new ResolutionGovernor(60, 0.8);
        for (ResolutionGovernor g : new ResolutionGovernor[]{split, whole}) {
            boolean s = g == split;
            run(g, s, 600, 0);
            assertEquals(0.42, g.scale());
            run(g, s, 120, 20_000_000L);
            assertEquals(0.25, g.scale());
            run(g, s, 3000, 0);
        }
        assertEquals(0.25, whole.scale(), "the old model stays at the floor");
        assertTrue(split.scale() >= 0.3, "climbed back to " + split.scale());
        int level = split.level();
        run(split, true, 1000, 0);
        assertEquals(level, split.level(), "steady");
    }
}
