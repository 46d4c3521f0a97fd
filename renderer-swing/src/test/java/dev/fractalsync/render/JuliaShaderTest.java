package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JuliaShaderTest {
    @Test
    void fastLog2IsAccurateEnoughForColouring() {
        for (double x = 0.01; x < 1e9; x *= 1.37) {
            assertEquals(Math.log(x) / Math.log(2), JuliaShader.fastLog2(x), 5e-3, "x=" + x);
        }
    }

    @Test
    void fastAtan2IsCloseToMathAtan2() {
        for (double a = -Math.PI; a < Math.PI; a += 0.01) {
            double expected = (a < 0 ? a + 2 * Math.PI : a) / (2 * Math.PI);
            double got = JuliaShader.fastAtan2Turns(Math.sin(a) * 3, Math.cos(a) * 3);
            double err = Math.abs(expected - got);
            assertTrue(Math.min(err, 1 - err) < 1e-4, "angle " + a + ": " + got + " vs " + expected);
        }
    }
}
