package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttractingCycleTest {
    @Test
    void findsTheCycleAndItsPeriod() {
        AttractingCycle fixed = AttractingCycle.of(0, 0);
        assertEquals(1, fixed.period());
        assertEquals(0, Math.hypot(fixed.re(), fixed.im()), 1e-9);
        assertTrue(fixed.radius() > 0.3, "superattracting fixed point: a large disk, got " + fixed.radius());
        assertEquals(2, AttractingCycle.of(-1, 0).period());
        assertEquals(3, AttractingCycle.of(-0.122, 0.745).period(), "Douady's rabbit");
    }

    @Test
    void noCycleOutsideTheMandelbrotSetOrForAbsurdInput() {
        assertSame(AttractingCycle.NONE, AttractingCycle.of(0.3, 0.0));
        assertSame(AttractingCycle.NONE, AttractingCycle.of(-0.8, 0.156));
        assertSame(AttractingCycle.NONE, AttractingCycle.of(Double.NaN, 0));
        assertSame(AttractingCycle.NONE, AttractingCycle.of(1e300, 1e300));
    }

    @Test
    void orbitsStartingInTheDiskNeverEscape() {
        // c near the main cardioid's edge (multiplier 0.97, slow convergence), in the period-2 bulb, the rabbit
        double[][] cs = {{0.265, 0.008}, {-0.343, 0.578}, {-0.78, 0.1}, {-0.122, 0.745}};
        for (double[] c : cs) {
            AttractingCycle cycle = AttractingCycle.of(c[0], c[1]);
            assertTrue(cycle.radius() > 0, "a cycle for c=" + c[0] + "," + c[1]);
            for (int k = 0; k < 64; k++) {
                double angle = 2 * Math.PI * k / 64;
                double r = cycle.radius() * (k % 2 == 0 ? 0.999 : 0.5);
                double zr = cycle.re() + r * Math.cos(angle);
                double zi = cycle.im() + r * Math.sin(angle);
                for (int i = 0; i < 20_000; i++) {
                    double t = zr * zr - zi * zi + c[0];
                    zi = 2 * zr * zi + c[1];
                    zr = t;
                    assertTrue(zr * zr + zi * zi < 4, "escaped from the disk for c=" + c[0] + "," + c[1]);
                }
            }
        }
    }
}
