package dev.fractalsync.render;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SIMD kernel against the scalar double-precision reference, pixel by pixel. */
class JuliaKernelTest {
    private static JuliaKernel kernel;

    @BeforeAll
    static void open() {
        kernel = new JuliaKernel(2);
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    /** How the kernel's escape counts compare with the scalar reference over one frame. */
    record Agreement(int pixels, int equal, int classMismatch, int maxEscapeDiff, int interior) {
        double equalShare() {
            return (double) equal / pixels;
        }

        double classMismatchShare() {
            return (double) classMismatch / pixels;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "equal %.4f, interior/exterior mismatch %.4f, max escape diff %d, "
                    + "interior %d of %d", equalShare(), classMismatchShare(), maxEscapeDiff, interior, pixels);
        }
    }

    static Agreement compare(int w, int h, double cRe, double cIm, double halfHeight, double rotation, int maxIter,
                             JuliaKernel.Precision precision) {
        int[] counts = new int[w * h];
        kernel.escapeCounts(counts, w, h, cRe, cIm, halfHeight, rotation, maxIter, precision);
        double pixel = 2 * halfHeight / h;
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        int equal = 0;
        int classMismatch = 0;
        int maxDiff = 0;
        int interior = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ux = (x - (w - 1) * 0.5) * pixel;
                double uy = ((h - 1) * 0.5 - y) * pixel;
                int expected = ScalarJuliaKernel.escapeCount(ux * cos - uy * sin, ux * sin + uy * cos, cRe, cIm, maxIter);
                int actual = counts[y * w + x];
                interior += expected < 0 ? 1 : 0;
                if (expected == actual) {
                    equal++;
                } else if ((expected < 0) != (actual < 0)) {
                    classMismatch++;
                } else {
                    maxDiff = Math.max(maxDiff, Math.abs(expected - actual));
                }
            }
        }
        return new Agreement(w * h, equal, classMismatch, maxDiff, interior);
    }

    /** c on the main cardioid's edge: c = μ/2 - μ²/4 for the multiplier μ = r e^{iθ}. */
    static double[] cardioid(double r, double theta) {
        double mr = r * Math.cos(theta);
        double mi = r * Math.sin(theta);
        return new double[]{mr / 2 - (mr * mr - mi * mi) / 4, mi / 2 - (2 * mr * mi) / 4};
    }

    @Test
    void doubleLanesMatchTheScalarKernelOnTheCardioidEdge() {
        for (int k = 0; k < 6; k++) {
            double[] c = cardioid(k % 2 == 0 ? 0.97 : 1.02, 2 * Math.PI * (k + 0.5) / 6);
            Agreement a = compare(240, 136, c[0], c[1], 1.45, 0.3, 256, JuliaKernel.Precision.DOUBLE);
            String where = "c=" + c[0] + "," + c[1] + ": " + a;
            assertTrue(a.equalShare() >= 0.999, where);
            assertTrue(a.classMismatchShare() <= 0.001, where);
        }
    }

    @Test
    void floatLanesMatchTheScalarKernelForNearlyAllPixels() {
        int interiorFrames = 0;
        for (int k = 0; k < 6; k++) {
            double[] c = cardioid(k % 2 == 0 ? 0.97 : 1.02, 2 * Math.PI * (k + 0.5) / 6);
            Agreement a = compare(240, 136, c[0], c[1], 1.45, 0.3, 256, JuliaKernel.Precision.FLOAT);
            String where = "c=" + c[0] + "," + c[1] + ": " + a;
            // Float rounding moves the escape of points within a few ulps of the Julia set and can stop the
            // periodicity check a little earlier on slowly converging (near-parabolic) orbits; elsewhere the
            // counts are exact.
            assertTrue(a.equalShare() >= 0.98, where);
            assertTrue(a.classMismatchShare() <= 0.01, where);
            interiorFrames += a.interior() > 1000 ? 1 : 0;
        }
        assertTrue(interiorFrames >= 2, "the c values should include sets with a large interior");
    }

    @Test
    void deepZoomNeedsDoubleLanesAndAutoPicksThem() {
        // A pixel of 1e-7 is below float resolution at |z| ~ 0.3: float lanes see a blocky grid.
        double[] c = {-0.8, 0.156};
        double halfHeight = 68 * 1e-7 / 2;
        assertTrue(!JuliaKernel.floatLanesFor(2 * halfHeight / 68));
        int w = 120;
        int h = 68;
        int[] auto = new int[w * h];
        int[] dbl = new int[w * h];
        kernel.escapeCounts(auto, w, h, c[0], c[1], halfHeight, 0.0, 400, JuliaKernel.Precision.AUTO);
        kernel.escapeCounts(dbl, w, h, c[0], c[1], halfHeight, 0.0, 400, JuliaKernel.Precision.DOUBLE);
        assertArrayEquals(dbl, auto);
        assertTrue(JuliaKernel.floatLanesFor(2 * 1.45 / 720), "the default 720p view runs on float lanes");
    }

    @Test
    void imageIsPointSymmetricAndIndependentOfThreadCount() {
        int w = 161;
        int h = 91;
        int[] one = new int[w * h];
        int[] two = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.3, 0.9, 0.7, 0.0, new JuliaPalette.Shading(0.3, 1.2, 0.8, 3, 0.8, 0.4, 0.6));
        try (JuliaKernel single = new JuliaKernel(1); JuliaKernel triple = new JuliaKernel(3)) {
            single.render(one, w, h, -0.8, 0.156, 1.3, 0.7, 300, palette);
            triple.render(two, w, h, -0.8, 0.156, 1.3, 0.7, 300, palette);
        }
        assertArrayEquals(one, two);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(one[y * w + x], one[(h - 1 - y) * w + (w - 1 - x)], "symmetry at " + x + "," + y);
            }
        }
    }

    @Test
    void preparedWorkersRenderTheSameFrameAndStillClose() throws Exception {
        // prepare() wakes the workers ahead of a frame; whether the frame comes within their wait or after it, or a
        // second prepare() comes first, the frame is the same, and the kernel closes with its workers.
        int w = 161;
        int h = 91;
        int[] plain = new int[w * h];
        int[] prepared = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.3, 0.9, 0.7, 0.0, new JuliaPalette.Shading(0.3, 1.2, 0.8, 3, 0.8, 0.4, 0.6));
        JuliaKernel kernel = new JuliaKernel(3);
        kernel.render(plain, w, h, -0.8, 0.156, 1.3, 0.7, 300, palette);
        kernel.prepare();
        kernel.render(prepared, w, h, -0.8, 0.156, 1.3, 0.7, 300, palette);
        assertArrayEquals(plain, prepared);
        kernel.prepare();
        kernel.prepare();
        Thread.sleep(20);
        java.util.Arrays.fill(prepared, 0);
        kernel.render(prepared, w, h, -0.8, 0.156, 1.3, 0.7, 300, palette);
        assertArrayEquals(plain, prepared);
        kernel.prepare();
        long start = System.nanoTime();
        kernel.close();
        // close() joins each worker for up to a second: a worker stuck in its wait would take that long
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "close() waited for prepared workers");
    }

    @Test
    void interiorIsShadedAndTheBoundaryGlows() {
        int w = 320;
        int h = 180;
        // The Douady rabbit: a large interior of attracting-cycle basins.
        double cRe = -0.122;
        double cIm = 0.745;
        int[] counts = new int[w * h];
        kernel.escapeCounts(counts, w, h, cRe, cIm, 1.3, 0.0, 256, JuliaKernel.Precision.AUTO);
        int[] flat = new int[w * h];
        int[] lit = new int[w * h];
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.6, 0.85, 0.6, 0.0, new JuliaPalette.Shading(0.25, 1.2, 0.0, 3, 0.8, 0.4, 0.6));
        kernel.render(flat, w, h, cRe, cIm, 1.3, 0.0, 256, palette);
        palette.update(0.6, 0.85, 0.6, 0.0, new JuliaPalette.Shading(0.25, 1.2, 1.0, 3, 0.8, 0.4, 0.6));
        kernel.render(lit, w, h, cRe, cIm, 1.3, 0.0, 256, palette);
        Set<Integer> interiorColours = new HashSet<>();
        int interior = 0;
        double glowGain = 0;
        int exterior = 0;
        for (int i = 0; i < w * h; i++) {
            if (counts[i] < 0) {
                interior++;
                interiorColours.add(lit[i]);
                assertEquals(flat[i], lit[i], "the glow is exterior only");
            } else {
                exterior++;
                glowGain += ImageChecks.luminance(lit[i]) - ImageChecks.luminance(flat[i]);
            }
        }
        assertTrue(interior > w * h / 10, "interior pixels " + interior);
        assertTrue(interiorColours.size() > 100, "interior colours " + interiorColours.size());
        assertTrue(glowGain / (double) exterior > 3, "mean glow gain " + glowGain / (double) exterior);
    }

    @Test
    void absurdViewsAndParametersStillFinishAndFillEveryPixel() {
        // z overflowing to infinity and NaN must still count as escaped, or a lane would iterate forever
        double[][] cases = {{1e30, 0, 1.45}, {0.3, 0.1, 1e25}, {-0.75, 0.1, 1e-30}, {Double.MAX_VALUE, 1, 1}};
        for (double[] c : cases) {
            for (JuliaKernel.Precision precision : JuliaKernel.Precision.values()) {
                int w = 37;
                int h = 23;
                int[] counts = new int[w * h];
                java.util.Arrays.fill(counts, Integer.MIN_VALUE);
                kernel.escapeCounts(counts, w, h, c[0], c[1], c[2], 0.2, 64, precision);
                for (int v : counts) {
                    assertTrue(v >= -1 && v <= 64, "count " + v + " for c=" + c[0] + ", view " + c[2] + ", " + precision);
                }
            }
        }
    }

    @Test
    void oddSizesAndSmallBudgetsMatchTheScalarKernel() {
        // bands whose pixel count is no multiple of the lane count, and budgets that are no multiple of the step group
        double[] c = cardioid(0.97, 1.3);
        for (int[] size : new int[][]{{1, 1}, {3, 2}, {17, 5}, {101, 33}}) {
            for (int budget : new int[]{1, 2, 3, 7, 9, 30}) {
                Agreement a = compare(size[0], size[1], c[0], c[1], 1.45, 0.3, budget, JuliaKernel.Precision.FLOAT);
                assertTrue(a.equalShare() >= 0.95, size[0] + "x" + size[1] + ", budget " + budget + ": " + a);
            }
        }
    }

    @Test
    void anEscapedLaneStaysEscapedForLargeC() {
        // For large |c| an orbit past the bailout can fall back below it (z = 17.1i, c = 289: z^2 + c = -3.4). The
        // scalar kernel counts the first escape, and so must the kernel asked for float lanes, whose z would run on
        // after it.
        Agreement a = compare(161, 91, 289, 0, 20, 0.0, 50, JuliaKernel.Precision.FLOAT);
        // every pixel escapes at its first or second step, far from the bailout's rounding: all counts are equal
        // (a lane coming back to life gave 7 of 14651 pixels one step more)
        assertEquals(a.pixels(), a.equal(), a.toString());
    }

    @Test
    void laneShadingMatchesTheScalarShading() {
        // The float-lane shading (fast log2/exp2 on lanes, rounding by the 1.5 * 2^23 trick) against the scalar
        // shade() on the same lane results: colours may move by a table entry or a glow step (float instead of
        // double, rounding to nearest instead of truncating), not more.
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.6, 0.85, 0.7, 0.0, new JuliaPalette.Shading(0.3, 1.2, 0.8, 3, 0.8, 0.4, 0.6));
        int w = 321;
        int h = 181;
        try (JuliaKernel k = new JuliaKernel(2)) {
            for (double[] c : new double[][]{cardioid(0.97, 1.3), cardioid(1.02, 2.6), {-0.8, 0.156}, {-0.122, 0.745}}) {
                int[] lanes = new int[w * h];
                int[] scalar = new int[w * h];
                k.render(lanes, w, h, c[0], c[1], 1.45, 0.3, 200, palette);
                k.useScalarShading(true);
                k.render(scalar, w, h, c[0], c[1], 1.45, 0.3, 200, palette);
                k.useScalarShading(false);
                int close = 0;
                int worst = 0;
                for (int i = 0; i < lanes.length; i++) {
                    int d = 0;
                    for (int shift = 0; shift <= 16; shift += 8) {
                        d = Math.max(d, Math.abs((lanes[i] >> shift & 0xff) - (scalar[i] >> shift & 0xff)));
                    }
                    worst = Math.max(worst, d);
                    close += d <= 6 ? 1 : 0;
                }
                String where = "c=" + c[0] + "," + c[1] + ": " + close + " of " + lanes.length + " within 6, worst " + worst;
                assertTrue(close >= 0.99 * lanes.length && worst <= 32, where);
            }
        }
    }
}
