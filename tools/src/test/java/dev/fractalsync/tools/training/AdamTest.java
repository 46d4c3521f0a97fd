package dev.fractalsync.tools.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamTest {
    @Test
    void firstStepMovesEachParameterByTheStepSizeAgainstItsGradientSign() {
        double[] p = {1, -1, 0.5};
        new Adam(3).step(p, new double[]{4, -0.001, 0}, 0.1);
        assertEquals(0.9, p[0], 1e-6);
        assertEquals(-0.9, p[1], 1e-4);
        assertEquals(0.5, p[2], 1e-12);
    }

    @Test
    void minimizesAQuadratic() {
        double[] p = {3, -2};
        Adam adam = new Adam(2);
        for (int i = 0; i < 2000; i++) {
            adam.step(p, new double[]{2 * (p[0] - 1), 2 * (p[1] + 0.5)}, 0.05);
        }
        assertEquals(1, p[0], 1e-3);
        assertEquals(-0.5, p[1], 1e-3);
        assertThrows(IllegalArgumentException.class, () -> adam.step(new double[1], new double[1], 0.1));
    }
}
