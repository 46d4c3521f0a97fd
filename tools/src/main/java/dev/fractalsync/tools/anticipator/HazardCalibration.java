package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.tools.dataset.Track;

import java.util.List;

/**
 * Fits the hazard calibration of {@link AnticipatorNet#setHazardCalibration}: the pull {@code a} toward the base-rate
 * logits, chosen on calibration tracks (songs not trained on) so that the <em>worst</em> song does best: it minimizes
 * the largest ratio, over the tracks, of the track's Brier score (mean over horizons) to that of the constant that
 * knows the track's own boundary rates. A hazard that is worse than a constant on some song is worse than useless
 * there, so the fit guards the weak songs rather than the average. A network that is over-confident on songs it
 * has not seen gets {@code a < 1}. Grid search over [0, 1] in steps of 0.05, every {@code stride}-th hop.
 */
public final class HazardCalibration {
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
                for (int g = 0; g < steps; g++) {
                    worst[g] = Math.max(worst[g], trackBrier[g] / trackN / constant);
                }
            }
        }
        if (n == 0) {
            return new Fit(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        int best = steps - 1;
        for (int g = 0; g < steps; g++) {
            if (worst[g] < worst[best] || (worst[g] == worst[best] && brier[g] < brier[best])) {
                best = g;
            }
        }
        double a = best / (double) (steps - 1);
        net.setHazardCalibration(a, prior);
        return new Fit(a, brier[steps - 1] / n, brier[best] / n, worst[steps - 1], worst[best]);
    }
}
