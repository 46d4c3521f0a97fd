package dev.fractalsync.evaluation;

import dev.fractalsync.api.stats.Percentile;

import java.util.Arrays;

/**
 * Beat tracking scores in the style of mir_eval.beat: F-measure with a ±70 ms tolerance window (one-to-one matching
 * of estimated to reference beats), after discarding beats in the first {@code skipSeconds} of both lists (mir_eval
 * trims the first 5 s by default), plus the tempo error of a median inter-beat interval.
 */
public final class BeatEvaluation {
    public static final double WINDOW_SEC = 0.070;
    public static final double DEFAULT_SKIP_SEC = 5.0;

    /**
     * @param fMeasure      2PR/(P+R) with the ±70 ms window
     * @param precision     matched / estimated
     * @param recall        matched / reference
     * @param estimatedBpm  60 / median estimated inter-beat interval (NaN with fewer than 2 beats)
     * @param referenceBpm  60 / median reference inter-beat interval
     * @param tempoErrorPct relative tempo error in percent, |est - ref| / ref * 100
     * @param biasMs        timing bias: median of (estimated - reference) over the matched pairs, in ms (NaN when
     *                      none matched); positive means late
     * @param iqrMs         interquartile range of those differences, in ms
     */
    public record Score(double fMeasure, double precision, double recall, int estimated, int reference, int matched,
                        double estimatedBpm, double referenceBpm, double tempoErrorPct, double biasMs, double iqrMs) {
    }

    private BeatEvaluation() {
    }

    public static Score evaluate(double[] reference, double[] estimated, double skipSeconds) {
        double[] ref = trim(reference, skipSeconds);
        double[] est = trim(estimated, skipSeconds);
        double[] offsets = new double[Math.min(ref.length, est.length)];
        int matched = match(ref, est, WINDOW_SEC, offsets);
        double precision = est.length == 0 ? 0 : (double) matched / est.length;
        double recall = ref.length == 0 ? 0 : (double) matched / ref.length;
        double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double estBpm = 60.0 / medianInterval(est);
        double refBpm = 60.0 / medianInterval(ref);
        double err = Math.abs(estBpm - refBpm) / refBpm * 100;
        double[] d = Arrays.copyOf(offsets, matched);
        Arrays.sort(d);
        double bias = matched == 0 ? Double.NaN : Percentile.ofSorted(d, 0.5) * 1000;
        double iqr = matched == 0 ? Double.NaN : (Percentile.ofSorted(d, 0.75) - Percentile.ofSorted(d, 0.25)) * 1000;
        return new Score(f, precision, recall, est.length, ref.length, matched, estBpm, refBpm, err, bias, iqr);
    }

    static double[] trim(double[] beats, double skip) {
        double[] sorted = beats.clone();
        Arrays.sort(sorted);
        return Arrays.stream(sorted).filter(b -> b >= skip).toArray();
    }

    /**
     * Size of a maximum one-to-one matching between sorted reference and estimate within ±window. Both lists are
     * sorted and beats are farther apart than twice the window in any sane track, so greedy two-pointer matching is
     * optimal; it stays a valid (if possibly smaller) matching otherwise.
     */
    static int match(double[] ref, double[] est, double window) {
        return match(ref, est, window, null);
    }

    /** As {@link #match(double[], double[], double)}, writing each matched pair's estimated - reference to offsets. */
    static int match(double[] ref, double[] est, double window, double[] offsets) {
        int i = 0;
        int j = 0;
        int matched = 0;
        while (i < ref.length && j < est.length) {
            double d = est[j] - ref[i];
            if (Math.abs(d) <= window) {
                if (offsets != null) {
                    offsets[matched] = d;
                }
                matched++;
                i++;
                j++;
            } else if (d < 0) {
                j++;
            } else {
                i++;
            }
        }
        return matched;
    }

    static double medianInterval(double[] beats) {
        if (beats.length < 2) {
            return Double.NaN;
        }
        double[] d = new double[beats.length - 1];
        for (int i = 1; i < beats.length; i++) {
            d[i - 1] = beats[i] - beats[i - 1];
        }
        Arrays.sort(d);
        return d.length % 2 == 1 ? d[d.length / 2] : 0.5 * (d[d.length / 2 - 1] + d[d.length / 2]);
    }
}
