package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.tools.dataset.Track;

import java.util.List;

/**
 * Fits the hazard calibration of {@link AnticipatorNet#setHazardCalibration}: logits {@code a * logit + (1 - a) *
 * baseRateLogit}, chosen on calibration tracks (songs not trained on). {@code a < 1} pulls toward the base rate,
 * {@code a > 1} sharpens an under-confident hazard away from it. A hazard worse than a constant on a song is worse than
 * useless there, so only those {@code a} count under which at least {@value #TARGET_SHARE} of the songs score a Brier
 * (mean over horizons) below the constant that knows the song's own boundary rates; among them the one with the
 * lowest mean Brier. When none reaches that share, the one with the highest share.
 * <p>
 * Why not the weakest safe pull (the rule until 2026-12-06): it stopped at the first {@code a} from 1 downward, so it
 * could only flatten. The network trained with a class-weighted loss is under-confident about boundaries (on the
 * band family's held-out songs, hops it gave hazard@4 0.3-0.5 were followed by a boundary 33-61 % of the time), and
 * the flattened hazard crossed 0.5 before 0-1 % of boundaries.
 * Grid search over [0, {@value #MAX_A}] in steps of 0.05, every {@code stride}-th hop.
 */
public final class HazardCalibration {
    /** Share of calibration songs whose hazard must beat their own base-rate constant. */
    public static final double TARGET_SHARE = 0.9;
    /** The sharpest calibration tried. */
    public static final double MAX_A = 2.0;

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
        int steps = (int) Math.round(MAX_A / 0.05) + 1;
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
                    double a = MAX_A * g / (steps - 1);
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
        int identity = (int) Math.round((steps - 1) / MAX_A);
        int best = identity; // the highest share, ties to the uncalibrated network
        for (int g = 0; g < steps; g++) {
            if (below[g] > below[best]) {
                best = g;
            }
        }
        int safest = best;
        for (int g = 0; g < steps; g++) {
            boolean safe = below[g] >= TARGET_SHARE * songs;
            if (safe && (below[best] < TARGET_SHARE * songs || brier[g] < brier[best])) {
                best = g; // the lowest Brier among those that reach the share
            }
        }
        if (below[best] < TARGET_SHARE * songs) {
            best = safest;
        }
        double a = MAX_A * best / (steps - 1);
        net.setHazardCalibration(a, prior);
        return new Fit(a, brier[identity] / n, brier[best] / n, worst[identity], worst[best]);
    }
}
