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
}
