package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.tools.dataset.Track;

import java.util.List;

/**
 * Fits the hazard calibration of {@link AnticipatorNet#setHazardCalibration}: the pull {@code a} toward the base-rate
 * logits that minimizes the mean Brier score over the horizons on calibration tracks (songs not trained on). A
 * network that is over-confident on songs it has not seen gets {@code a < 1}; one that generalizes keeps {@code a}
 * near 1. Grid search over [0, 1] in steps of 0.05, every {@code stride}-th hop.
 */
public final class HazardCalibration {
    private HazardCalibration() {
    }

    /** Result: the chosen pull and the Brier score (mean over horizons) before ({@code a = 1}) and after. */
    public record Fit(double shrink, double brierBefore, double brierAfter) {
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
        long n = 0;
        double[] x = new double[inputs.size()];
        AnticipatorNet.Scratch s = net.scratch();
        for (Track t : tracks) {
            AnticipatorInputs.Prepared prepared = inputs.prepare(t);
            for (int h = 0; h < t.hops(); h += stride) {
                inputs.input(prepared, h, x);
                net.forward(x, s);
                for (int g = 0; g < steps; g++) {
                    double a = g / (double) (steps - 1);
                    for (int i = 0; i < k; i++) {
                        double logit = a * s.hazardLogits[i] + (1 - a) * prior[i];
                        double e = 1 / (1 + Math.exp(-logit)) - t.yHazard()[h * k + i];
                        brier[g] += e * e / k;
                    }
                }
                n++;
            }
        }
        if (n == 0) {
            return new Fit(1, Double.NaN, Double.NaN);
        }
        int best = steps - 1;
        for (int g = 0; g < steps; g++) {
            if (brier[g] < brier[best]) {
                best = g;
            }
        }
        double a = best / (double) (steps - 1);
        net.setHazardCalibration(a, prior);
        return new Fit(a, brier[steps - 1] / n, brier[best] / n);
    }
}
