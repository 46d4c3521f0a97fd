package dev.fractalsync.render;

/**
 * The attracting cycle of {@code z -> z^2 + c}, if it has one, with a disk around one of its points that lies in
 * the cycle's basin: an orbit that enters the disk never escapes, so the kernel can call it interior there instead of
 * iterating it to the budget. Near the boundary of the Mandelbrot set the multiplier is close to 1, orbits converge
 * slowly, and periodicity checking (which needs the orbit to repeat to a few ulps) finds them only after hundreds of
 * steps; the disk is reached far sooner.
 * <p>
 * If c has an attracting cycle, the critical point 0 is attracted to it, so iterating 0 finds it. The radius is
 * proven, not guessed: for w within δ of a cycle point a, |f(w) - f(a)| = |w - a||w + a| ≤ δ(|2a| + δ). Chaining
 * this bound once around the cycle, the disk of radius r around a_0 maps into a smaller concentric disk (radius
 * at most 0.99r), so its orbits stay in it for ever: it lies in the filled Julia set's interior.
 *
 * @param re     real part of the cycle point the disk is centred on
 * @param im     imaginary part
 * @param radius radius of the disk, 0 when c has no attracting cycle found
 * @param period the cycle's period (0 when none)
 */
record AttractingCycle(double re, double im, double radius, int period) {
    static final AttractingCycle NONE = new AttractingCycle(0, 0, 0, 0);
    private static final int SETTLE_STEPS = 20_000;
    private static final int SETTLE_ROUND = 500;
    private static final int MAX_PERIOD = 64;
    private static final double SAME_POINT = 1e-10;

    static AttractingCycle of(double cRe, double cIm) {
        if (!Double.isFinite(cRe) || !Double.isFinite(cIm) || cRe * cRe + cIm * cIm > 4) {
            return NONE;
        }
        double zr = 0;
        double zi = 0;
        double ar = 0;
        double ai = 0;
        int period = 0;
        // settle in rounds, looking for the cycle after each: fast-converging orbits stop early, orbits with a
        // multiplier near 1 get up to SETTLE_STEPS
        for (int settled = 0; settled < SETTLE_STEPS && period == 0; settled += SETTLE_ROUND) {
            for (int i = 0; i < SETTLE_ROUND; i++) {
                double t = zr * zr - zi * zi + cRe;
                zi = 2 * zr * zi + cIm;
                zr = t;
                if (zr * zr + zi * zi > 4) {
                    return NONE;
                }
            }
            ar = zr;
            ai = zi;
            for (int p = 1; p <= MAX_PERIOD; p++) {
                double t = zr * zr - zi * zi + cRe;
                zi = 2 * zr * zi + cIm;
                zr = t;
                if (Math.abs(zr - ar) + Math.abs(zi - ai) < SAME_POINT) {
                    period = p;
                    break;
                }
            }
        }
        if (period == 0) {
            return NONE;
        }
        double[] twiceModulus = new double[period];
        zr = ar;
        zi = ai;
        for (int i = 0; i < period; i++) {
            twiceModulus[i] = 2 * Math.hypot(zr, zi);
            double t = zr * zr - zi * zi + cRe;
            zi = 2 * zr * zi + cIm;
            zr = t;
        }
        for (double r = 0.5; r > 1e-7; r *= 0.8) {
            double delta = r;
            for (double m : twiceModulus) {
                delta *= m + delta;
            }
            if (delta <= 0.99 * r) {
                return new AttractingCycle(ar, ai, r, period);
            }
        }
        return NONE;
    }
}
