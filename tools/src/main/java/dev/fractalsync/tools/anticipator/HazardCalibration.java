package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.tools.dataset.Track;

import java.util.List;

/**
 * Fits the hazard calibration of {@link AnticipatorNet#setHazardCalibration}: the pull {@code a} toward the base-rate
 * logits, chosen on calibration tracks (songs not trained on). A hazard worse than a constant on a song is worse
 * than useless there, but pulling every song toward the base rate until the single worst one is safe (the earlier
 * rule, minimax of the ratio) flattened the hazard so far that it never crossed 0.5 before a boundary and carried
 * little information outside the training material. So the fit keeps the <em>weakest pull</em> (largest {@code a})
 * under which at least {@value #TARGET_SHARE} of the songs score a Brier (mean over horizons) below the constant
 * that knows the song's own boundary rates; when no {@code a} reaches that share, the one with the highest share.
 * Grid search over [0, 1] in steps of 0.05, every {@code stride}-th hop.
 */
public final class HazardCalibration {
    /** Share of calibration songs whose hazard must beat their own base-rate constant. */
    public static final double TARGET_SHARE = 0.9;

    private HazardCalibration() {
    }

    /** Result: the chosen pull and the Brier score (mean over horizons) before ({@code a = 1}) and after. */
    public record Fit(double shrink, double brierBefore, double brierAfter, double worstRatioBefore, double worstRatioAfter) {
    }

    public static Fit fit(AnticipatorNet net, AnticipatorInputs inputs, List<Track> tracks, double[] baseRate, int stride) {
        int k = Horizons.COUNT;
        double[] prior = new double[k];
        for (int i = 0; i < k; i++) {
            double p = Math.min(1 - 1e-4, Math.max(1e-4, baseRate[i]));
            prior[i] = Math.log(p / (1 - p));
            if (i > 0) {
                prior[i] = Math.max(prior[i], prior[i - 1]);
            }
        }
        net.setHazardCalibration(1, prior);
        int steps = 21;
        double[] brier = new double[steps];
        double[] worst = new double[steps];
        int[] below = new int[steps];
        int songs = 0;
        long n = 0;
        double[] x = new double[inputs.size()];
        AnticipatorNet.Scratch s = net.scratch();
        for (Track t : tracks) {
            AnticipatorInputs.Prepared prepared = inputs.prepare(t);
            double[] trackBrier = new double[steps];
            double[] positives = new double[k];
            long trackN = 0;
            for (int h = 0; h < t.hops(); h += stride) {
                for (int i = 0; i < k; i++) {
                    positives[i] += t.yHazard()[h * k + i];
                }
                trackN++;
                inputs.input(prepared, h, x);
                net.forward(x, s);
                for (int g = 0; g < steps; g++) {
                    double a = g / (double) (steps - 1);
                    for (int i = 0; i < k; i++) {
                        double logit = a * s.hazardLogits[i] + (1 - a) * prior[i];
                        double e = 1 / (1 + Math.exp(-logit)) - t.yHazard()[h * k + i];
                        brier[g] += e * e / k;
                        trackBrier[g] += e * e / k;
                    }
                }
                n++;
            }
            double constant = 0;
            for (int i = 0; i < k; i++) {
                double p = trackN == 0 ? 0 : positives[i] / trackN;
                constant += p * (1 - p) / k;
            }
            if (trackN > 0 && constant > 1e-6) {
                songs++;
                for (int g = 0; g < steps; g++) {
                    double ratio = trackBrier[g] / trackN / constant;
                    worst[g] = Math.max(worst[g], ratio);
                    if (ratio < 1) {
                        below[g]++;
                    }
                }
            }
        }
        if (n == 0) {
            return new Fit(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int best = steps - 1; // the highest share, ties to the weaker pull
        for (int g = steps - 1; g >= 0; g--) {
            if (below[g] > below[best]) {
                best = g;
            }
        }
        for (int g = steps - 1; g >= 0; g--) {
            if (below[g] >= TARGET_SHARE * songs) {
                best = g; // the weakest pull that reaches the share
                break;
            }
        }
        double a = best / (double) (steps - 1);
        net.setHazardCalibration(a, prior);
        return new Fit(a, brier[steps - 1] / n, brier[best] / n, worst[steps - 1], worst[best]);
    }
}
