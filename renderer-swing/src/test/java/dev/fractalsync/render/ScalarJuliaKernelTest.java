package dev.fractalsync.render;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalarJuliaKernelTest {
    private static ScalarJuliaKernel kernel;

    @BeforeAll
    static void open() {
        kernel = new ScalarJuliaKernel(2);
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    @Test
    void cZeroKeepsTheUnitDiskAndLetsTheRestEscape() {
        double[][] inside = {{0, 0}, {0.5, 0}, {0, 0.9}, {-0.6, 0.6}, {0.7, -0.7}};
        double[][] outside = {{1.05, 0}, {0, -1.2}, {-1.5, 0.5}, {2, 0}, {0.8, 0.8}};
        for (double[] z : inside) {
            assertEquals(-1, ScalarJuliaKernel.smoothEscape(z[0], z[1], 0, 0, 500), "z=" + z[0] + "+" + z[1] + "i");
        }
        for (double[] z : outside) {
            assertTrue(ScalarJuliaKernel.smoothEscape(z[0], z[1], 0, 0, 500) >= 0, "z=" + z[0] + "+" + z[1] + "i");
        }
        // z=2: 4, 16, 256, 65536: the third squaring leaves the bailout (n=3), ν = 4 - log2(ln 256) ≈ 1.47.
        double nu = ScalarJuliaKernel.smoothEscape(2, 0, 0, 0, 500);
        assertEquals(4 - Math.log(Math.log(256)) / Math.log(2), nu, 0.01);
        // Smooth count falls as the start point moves outward.
        assertTrue(ScalarJuliaKernel.smoothEscape(1.01, 0, 0, 0, 2000) > ScalarJuliaKernel.smoothEscape(1.1, 0, 0, 0, 2000));
        assertTrue(ScalarJuliaKernel.smoothEscape(1.1, 0, 0, 0, 2000) > ScalarJuliaKernel.smoothEscape(1.5, 0, 0, 0, 2000));
    }

    @Test
    void basilicaBasinAtCMinusOne() {
        // c = -1 has the attracting 2-cycle 0 <-> -1; its basin is interior.
        double[][] inside = {{0, 0}, {-1, 0}, {0.1, 0}, {0.2, 0.1}, {-1.1, 0.05}};
        double[][] outside = {{2, 0}, {0, 1.5}, {1.7, 0}, {-1.7, 0.3}};
        for (double[] z : inside) {
            assertEquals(-1, ScalarJuliaKernel.smoothEscape(z[0], z[1], -1, 0, 1000), "z=" + z[0] + "+" + z[1] + "i");
        }
        for (double[] z : outside) {
            assertTrue(ScalarJuliaKernel.smoothEscape(z[0], z[1], -1, 0, 1000) >= 0, "z=" + z[0] + "+" + z[1] + "i");
        }
    }

    @Test
    void frameMatchesPointwiseEscapeAndIsPointSymmetric() {
        int w = 97;
        int h = 61;
        int[] argb = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.3, 0.9, 0.7, 0.0);
        double halfHeight = 1.5;
        kernel.render(argb, w, h, -1, 0, halfHeight, 0.0, 300, palette);
        double pixel = 2 * halfHeight / h;
        int interior = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double re = (x - (w - 1) * 0.5) * pixel;
                double im = ((h - 1) * 0.5 - y) * pixel;
                double nu = ScalarJuliaKernel.smoothEscape(re, im, -1, 0, 300);
                int expected = nu < 0 ? palette.interior() : palette.colour(nu / 300);
                assertEquals(expected, argb[y * w + x], "pixel " + x + "," + y);
                assertEquals(argb[y * w + x], argb[(h - 1 - y) * w + (w - 1 - x)], "symmetry at " + x + "," + y);
                interior += nu < 0 ? 1 : 0;
            }
        }
        assertTrue(interior > w * h / 20 && interior < w * h / 2, "interior pixels: " + interior);
    }

    @Test
    void threadCountDoesNotChangeTheImage() {
        int w = 160;
        int h = 90;
        int[] one = new int[w * h];
        int[] two = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        try (ScalarJuliaKernel single = new ScalarJuliaKernel(1); ScalarJuliaKernel quad = new ScalarJuliaKernel(4)) {
            single.render(one, w, h, -0.8, 0.156, 1.3, 0.7, 400, palette);
            quad.render(two, w, h, -0.8, 0.156, 1.3, 0.7, 400, palette);
        }
        assertArrayEquals(one, two);
    }

    @Test
    void renderedJuliaSetIsNonTrivial() {
        int w = 320;
        int h = 180;
        int[] argb = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.6, 0.85, 0.6, 0.0);
        kernel.render(argb, w, h, -0.8, 0.156, 1.3, 0.0, 300, palette);
        double variance = ImageChecks.luminanceVariance(argb);
        double top = ImageChecks.largestBinShare(argb);
        int distinct = ImageChecks.distinctBins(argb);
        assertTrue(variance > 300, "luminance variance " + variance);
        assertTrue(top < 0.5, "most common colour covers " + top);
        assertTrue(distinct > 40, "distinct colours " + distinct);
    }

    @Test
    void rotationTurnsTheImage() {
        int w = 64;
        int h = 64;
        int[] a = new int[w * h];
        int[] b = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        kernel.render(a, w, h, -0.8, 0.156, 1.5, 0.0, 200, palette);
        kernel.render(b, w, h, -0.8, 0.156, 1.5, Math.PI / 2, 200, palette);
        // A quarter turn of the view maps pixel (x, y) of the turned image to (y, w-1-x) of the upright one.
        int same = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                same += b[y * w + x] == a[(w - 1 - x) * w + y] ? 1 : 0;
            }
        }
        assertTrue(same > w * h * 0.97, "matching pixels after rotation: " + same);
        assertTrue(ImageChecks.meanAbsDifference(a, b) > 1.0);
    }
}
