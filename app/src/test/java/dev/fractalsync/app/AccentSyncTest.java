package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccentSyncTest {
    private static final double FPS = 60;

    /** Brightness 10 between accents, 100 on the frame nearest {@code beat + shiftSec}, decaying after. */
    private static double[] accents(double[] beats, double shiftSec, int frames) {
        double[] b = new double[frames];
        java.util.Arrays.fill(b, 10);
        for (double beat : beats) {
            int k = (int) Math.round((beat + shiftSec) * FPS);
            for (int d = 0; d < 10 && k + d < frames; d++) {
                b[k + d] = Math.max(b[k + d], 10 + 90 * Math.pow(0.6, d));
            }
        }
        return b;
    }

    private static double[] beats(double start, double spb, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = start + i * spb;
        }
        return t;
    }

    @Test
    void accentsOnTheNearestFrameAreWithinHalfAFrame() {
        double[] beats = beats(0.513, 0.4687, 40);
        AccentSync.Report r = AccentSync.measure(accents(beats, 0, 1300), FPS, beats, 5);
        assertEquals(10, r.beforeLock().beats());
        assertEquals(30, r.afterLock().beats());
        assertEquals(30, r.afterLock().accents());
        assertTrue(r.afterLock().medianAbsMs() <= 1000 / FPS / 2 + 1e-9, "" + r.afterLock());
        assertEquals(1.0, r.afterLock().withinOneFrame(), 1e-12);
    }

    @Test
    void aLateLookIsMeasuredLate() {
        double[] beats = beats(0.513, 0.4687, 40);
        AccentSync.Report r = AccentSync.measure(accents(beats, 0.030, 1300), FPS, beats, 5);
        assertEquals(30, r.afterLock().medianMs(), 1000 / FPS / 2 + 1e-9);
        assertEquals(0.0, r.afterLock().withinOneFrame(), 1e-12);
        AccentSync.Report early = AccentSync.measure(accents(beats, -0.045, 1300), FPS, beats, 5);
        assertEquals(-45, early.afterLock().medianMs(), 1000 / FPS / 2 + 1e-9);
    }

    @Test
    void aFlatPictureHasNoAccentsAndBeatsOutsideTheFramesAreLeftOut() {
        double[] beats = {0.05, 2.0, 3.0, 30.0};
        double[] flat = new double[600];
        AccentSync.Report r = AccentSync.measure(flat, FPS, beats, 5);
        assertEquals(2, r.beforeLock().beats(), "0.05 s has no frame before its window; 30 s is past the end");
        assertEquals(0, r.beforeLock().accents());
        assertEquals(0.0, r.beforeLock().withinOneFrame(), 1e-12);
        assertTrue(Double.isNaN(r.afterLock().medianMs()));
    }

    @Test
    void meanLumaWeighsTheChannels() {
        int[] white = new int[64 * 64];
        java.util.Arrays.fill(white, 0xffffff);
        assertEquals(255, AccentSync.meanLuma(white, 64, 64), 1e-9);
        int[] green = new int[64 * 64];
        java.util.Arrays.fill(green, 0x00ff00);
        assertEquals(0.587 * 255, AccentSync.meanLuma(green, 64, 64), 1e-9);
    }
}
