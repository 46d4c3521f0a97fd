package dev.fractalsync.api;

/**
 * A Julia parameter c in the multiplier coordinate μ of the Mandelbrot set's main cardioid, {@code c = μ/2 − μ²/4}, in
 * polar form: |μ| &lt; 1 is inside the cardioid (connected, calm Julia sets), |μ| = 1 its edge (the most intricate), and
 * |μ| &gt; 1 mostly outside the set (dust). Controllers walk c along this family, and presets fold their path into
 * ranges of it.
 *
 * @param radius |μ|
 * @param angle  arg μ in radians
 */
public record CardioidMultiplier(double radius, double angle) {
    /**
     * The μ of {@code c}: {@code μ = 1 − sqrt(1 − 4c)} with the principal root, so Re μ ≤ 1 (a μ with Re μ &gt; 1 maps to
     * the same c as its mirror image and comes back folded inside).
     */
    public static CardioidMultiplier of(double cRe, double cIm) {
        double ar = 1 - 4 * cRe;
        double ai = -4 * cIm;
        double am = Math.hypot(ar, ai);
        double sr = Math.sqrt(0.5 * (am + ar));
        double si = Math.copySign(Math.sqrt(Math.max(0.0, 0.5 * (am - ar))), ai);
        double muRe = 1 - sr;
        double muIm = -si;
        return new CardioidMultiplier(Math.hypot(muRe, muIm), Math.atan2(muIm, muRe));
    }

    /** Re c. */
    public double cRe() {
        double muRe = radius * Math.cos(angle);
        double muIm = radius * Math.sin(angle);
        return 0.5 * muRe - 0.25 * (muRe * muRe - muIm * muIm);
    }

    /** Im c. */
    public double cIm() {
        double muRe = radius * Math.cos(angle);
        double muIm = radius * Math.sin(angle);
        return 0.5 * muIm - 0.5 * muRe * muIm;
    }
}
