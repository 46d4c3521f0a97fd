package dev.fractalsync.api.stats;

/**
 * The project's one percentile rule: nearest rank. The q-quantile of n sorted values is the value at rank
 * {@code ceil(q * n)} (1-based), so p99 of 100 values is the 99th and p50 of 4 values is the 2nd; always one of the
 * values, never interpolated, which keeps latency figures honest (a p99 is a latency that really happened).
 */
public final class Percentile {
    private Percentile() {
    }

    /** Quantile {@code q} in [0, 1] of ascending {@code sorted} (not empty). */
    public static double ofSorted(double[] sorted, double q) {
        return sorted[rank(sorted.length, q)];
    }

    /** Quantile {@code q} in [0, 1] of ascending {@code sorted} (not empty). */
    public static long ofSorted(long[] sorted, double q) {
        return sorted[rank(sorted.length, q)];
    }

    private static int rank(int n, double q) {
        if (n == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(q * n) - 1));
    }
}
