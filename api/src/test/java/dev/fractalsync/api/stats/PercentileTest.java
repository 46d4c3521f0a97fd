package dev.fractalsync.api.stats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PercentileTest {
    @Test
    void nearestRank() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertEquals(99, Percentile.ofSorted(hundred, 0.99));
        assertEquals(50, Percentile.ofSorted(hundred, 0.50));
        assertEquals(1, Percentile.ofSorted(hundred, 0.0));
        assertEquals(100, Percentile.ofSorted(hundred, 1.0));
        assertEquals(20L, Percentile.ofSorted(new long[]{10, 20, 30, 40}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Percentile.ofSorted(new double[0], 0.5));
    }
}
