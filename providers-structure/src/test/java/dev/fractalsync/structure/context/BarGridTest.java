package dev.fractalsync.structure.context;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BarGridTest {
    /** Feeds {@code beats} beats of 20 hops each; beat b is a downbeat when b % meter == 0 (meter 0: never). */
    private static void beats(BarGrid grid, int from, int beats, int meter) {
        for (int b = from; b < from + beats; b++) {
            boolean down = meter > 0 && b % meter == 0;
            for (int h = 0; h < 20; h++) {
                double phase = h / 20.0;
                grid.push(Math.sin(2 * Math.PI * phase), Math.cos(2 * Math.PI * phase), down ? 0.9 : 0.1);
            }
        }
    }

    @Test
    void countsBarsOnTheDownbeatGridInThreeFour() {
        BarGrid grid = new BarGrid();
        beats(grid, 0, 1 + 3 * 5, 3); // the first beat has no wrap before it: 5 full bars follow
        assertEquals(5.0, Math.floor(grid.barsSinceChange()), 1e-9);
    }

    @Test
    void aChangeLateInABarCountsFromTheNextDownbeat() {
        BarGrid grid = new BarGrid();
        beats(grid, 0, 1 + 4 * 3 + 3, 4); // 3 bars, then the fourth beat of a bar
        grid.markChange();
        assertEquals(0.0, grid.barsSinceChange(), 1e-9);
        beats(grid, 16, 4 * 2, 4);
        // two bars from the downbeat after the change, at the last hop of the second: 1 + (3 + 0.95) / 4
        assertEquals(1.9875, grid.barsSinceChange(), 1e-9);
    }

    @Test
    void withoutDownbeatsItFallsBackToFourBeatBars() {
        BarGrid grid = new BarGrid();
        beats(grid, 0, 1 + 40, 0);
        // first fallback bar at beat 8, then every 4 beats up to beat 40: 9 bars, 0.95 of a beat into the next
        assertEquals(9 + 0.95 / 4, grid.barsSinceChange(), 1e-9);
    }
}
