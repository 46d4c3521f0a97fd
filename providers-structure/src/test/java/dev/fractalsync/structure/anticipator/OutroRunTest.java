package dev.fractalsync.structure.anticipator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutroRunTest {
    private static final double STEP = 2 * 1024 / 48000.0; // one anticipator step at decimation 2

    /** Steps until the run fires, or -1 within {@code maxSteps}; {@code outroAt} says which steps are outro. */
    private static int stepsToRestart(OutroRun run, java.util.function.IntPredicate outroAt, int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            if (run.advance(outroAt.test(i), STEP)) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void anOutroLongerThanTheLimitRestartsOnceThenCountsAgain() {
        OutroRun run = new OutroRun(30);
        int steps = stepsToRestart(run, i -> true, 10_000);
        assertEquals(30, steps * STEP, STEP, "fires when 30 s of outro have passed");
        assertEquals(steps, stepsToRestart(run, i -> true, 10_000), "the count starts from zero after a restart");
    }

    @Test
    void aSongsOwnEndingDoesNotRestart() {
        OutroRun run = new OutroRun(30);
        // 25 s of outro, then the next section: a long song ending, as in the validation songs
        assertEquals(-1, stepsToRestart(run, i -> i * STEP < 25, 5_000));
    }

    @Test
    void briefFlickersToOtherLabelsOnlySlowTheCount() {
        OutroRun flickering = new OutroRun(30);
        // one step in five is chorus: 3/5 net outro per step, so 50 s instead of 30
        int steps = stepsToRestart(flickering, i -> i % 5 != 0, 10_000);
        assertEquals(50, steps * STEP, 1.0);
        OutroRun balanced = new OutroRun(30);
        assertEquals(-1, stepsToRestart(balanced, i -> i % 2 == 0, 20_000), "outro half the time never adds up");
    }

    @Test
    void resetForgetsTheCount() {
        OutroRun run = new OutroRun(30);
        for (int i = 0; i * STEP < 29; i++) {
            assertFalse(run.advance(true, STEP));
        }
        run.reset();
        assertFalse(run.advance(true, 2));
        assertTrue(run.advance(true, 28.5));
    }
}
