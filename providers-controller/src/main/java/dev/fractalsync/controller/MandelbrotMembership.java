package dev.fractalsync.controller;

/**
 * Membership of a Julia parameter c in the Mandelbrot set M, which decides the look of J_c: c in M gives a connected
 * Julia set, c outside M a disconnected "dust". Escape-time test with exact shortcuts for the main cardioid and the
 * period-2 disk, plus the exterior distance estimate used as a training penalty.
 */
public final class MandelbrotMembership {
    /** Iteration budget that separates M from its exterior well at the scales the controller moves in. */
    public static final int DEFAULT_MAX_ITER = 500;
    private static final double BAILOUT_SQ = 1e6;

    private MandelbrotMembership() {
    }

    /** True if the orbit of 0 under z^2 + c stays bounded for {@code maxIter} steps. */
    public static boolean contains(double cRe, double cIm, int maxIter) {
        if (inMainCardioid(cRe, cIm) || inPeriod2Disk(cRe, cIm)) {
            return true;
        }
        double zr = 0;
        double zi = 0;
        for (int i = 0; i < maxIter; i++) {
            double zr2 = zr * zr;
            double zi2 = zi * zi;
            if (zr2 + zi2 > 4.0) {
                return false;
            }
            zi = 2 * zr * zi + cIm;
            zr = zr2 - zi2 + cRe;
        }
        return true;
    }

    public static boolean contains(double cRe, double cIm) {
        return contains(cRe, cIm, DEFAULT_MAX_ITER);
    }

    /** c = μ/2 − μ²/4 with |μ| ≤ 1 (the attracting fixed point's multiplier). */
    public static boolean inMainCardioid(double cRe, double cIm) {
        double x = cRe - 0.25;
        double q = x * x + cIm * cIm;
        return q * (q + x) <= 0.25 * cIm * cIm;
    }

    /** |c + 1| ≤ 1/4: the attracting 2-cycle disk. */
    public static boolean inPeriod2Disk(double cRe, double cIm) {
        double x = cRe + 1.0;
        return x * x + cIm * cIm <= 0.0625;
    }

    /**
     * Distance estimate from c to M: 0 for points taken as inside, otherwise {@code |z| ln|z| / |z'|} (within a
     * factor 4 of the true distance).
     */
    public static double exteriorDistance(double cRe, double cIm, int maxIter) {
        if (inMainCardioid(cRe, cIm) || inPeriod2Disk(cRe, cIm)) {
            return 0.0;
        }
        double zr = 0;
        double zi = 0;
        double dr = 0;
        double di = 0;
        for (int i = 0; i < maxIter; i++) {
            // z' <- 2 z z' + 1
            double ndr = 2 * (zr * dr - zi * di) + 1;
            double ndi = 2 * (zr * di + zi * dr);
            dr = ndr;
            di = ndi;
            double nzr = zr * zr - zi * zi + cRe;
            zi = 2 * zr * zi + cIm;
            zr = nzr;
            double m2 = zr * zr + zi * zi;
            if (m2 > BAILOUT_SQ) {
                double m = Math.sqrt(m2);
                return m * Math.log(m) / Math.sqrt(dr * dr + di * di);
            }
        }
        return 0.0;
    }
}
