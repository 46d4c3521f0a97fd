package dev.fractalsync.beat.beatnet;

import java.util.SplittableRandom;

/**
 * madmom's exponential tempo-change model for the beat stage of {@link BeatParticleFilter}: at the end of a beat of
 * period p, the next period p' has probability proportional to {@code exp(-lambda |p'/p - 1|)}, lambda =
 * {@value BeatParticleFilter#TEMPO_LAMBDA}, with weights under one ulp of 1 set to 0. Kept as normalised rows for
 * the exact stage and as cumulative rows for sampling particles.
 */
final class TempoChangeModel {
    /** Cumulative tempo-change distribution: row = period index at the end of a beat, column = next period index. */
    private final double[][] cdf;
    /** The same distribution, not accumulated. */
    private final double[][] transition;

    TempoChangeModel(BarPointerSpace beatSpace) {
        int nt = beatSpace.numTempi();
        cdf = new double[nt][nt];
        transition = new double[nt][nt];
        for (int from = 0; from < nt; from++) {
            double[] row = cdf[from];
            double sum = 0;
            for (int to = 0; to < nt; to++) {
                double ratio = (double) beatSpace.interval(to) / beatSpace.interval(from);
                double p = Math.exp(-BeatParticleFilter.TEMPO_LAMBDA * Math.abs(ratio - 1));
                row[to] = p <= Math.ulp(1.0) ? 0 : p;
                sum += row[to];
            }
            for (int to = 0; to < nt; to++) {
                transition[from][to] = row[to] / sum;
            }
            toCdf(row, sum);
        }
    }

    private static void toCdf(double[] row, double sum) {
        double acc = 0;
        for (int i = 0; i < row.length; i++) {
            acc += row[i] / sum;
            row[i] = acc;
        }
        row[row.length - 1] = 1.0;
    }

    /** Probability of each next period index after a beat of period index {@code from} (read only). */
    double[] transition(int from) {
        return transition[from];
    }

    /** Draws the period index that follows a beat of period index {@code from}: one {@code nextDouble} of rng. */
    int next(int from, SplittableRandom rng) {
        double[] row = cdf[from];
        double u = rng.nextDouble();
        int lo = 0;
        int hi = row.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (row[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
