package dev.fractalsync.tools.anticipator;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written backprop against central finite differences, for every parameter of a small net. */
class AnticipatorNetGradientTest {
    @Test
    void analyticGradientMatchesFiniteDifferences() {
        check(0);
    }

    /** With a dropout mask drawn once and held fixed, the loss is a smooth function of the parameters again. */
    @Test
    void analyticGradientMatchesFiniteDifferencesUnderAFixedDropoutMask() {
        check(0.4);
    }

    @Test
    void withASecondHiddenLayerTheGradientStillMatches() {
        check(0.0, 4);
        check(0.3, 4);
    }

    private static void check(double dropout) {
        check(dropout, 0);
    }

    private static void check(double dropout, int hidden2) {
        int inputs = 7;
        AnticipatorNet net = new AnticipatorNet(inputs, 5, hidden2, 8, 5);
        net.initialize(42);
        SplittableRandom rnd = new SplittableRandom(3);
        double[] mean = new double[inputs];
        double[] inv = new double[inputs];
        for (int i = 0; i < inputs; i++) {
            mean[i] = rnd.nextDouble() - 0.5;
            inv[i] = 0.5 + rnd.nextDouble();
        }
        net.setStandardization(mean, inv);
        double[] params = net.params();
        for (int p = 0; p < params.length; p++) {
            params[p] += 0.3 * (rnd.nextDouble() - 0.5); // non-zero biases too
        }
        double[][] xs = new double[3][inputs];
        for (double[] x : xs) {
            for (int i = 0; i < inputs; i++) {
                x[i] = 2 * rnd.nextDouble() - 1;
            }
        }
        int[] labels = {2, 7, 4};
        double[][] hz = {{0, 0, 1, 1, 1}, {1, 1, 1, 1, 1}, {0, 0, 0, 0, 0}};
        double[] grad = new double[params.length];
        AnticipatorNet.Scratch s = net.scratch();
        if (dropout > 0) {
            s.dropHidden(new SplittableRandom(9), dropout);
            int dropped = 0;
            for (double k : s.keep) {
                dropped += k == 0 ? 1 : 0;
                assertTrue(k == 0 || Math.abs(k - 1 / (1 - dropout)) < 1e-12);
            }
            assertTrue(dropped > 0 && dropped < s.keep.length, "mask drops some units, not all: " + dropped);
        }
        for (int n = 0; n < xs.length; n++) {
            net.forward(xs[n], s);
            net.lossAndGradient(xs[n], s, labels[n], 1.3, 0.05, hz[n], 2.0, 1.0, grad);
        }
        double eps = 1e-6;
        int checked = 0;
        for (int p = 0; p < params.length; p++) {
            double saved = params[p];
            params[p] = saved + eps;
            double plus = totalLoss(net, s, xs, labels, hz);
            params[p] = saved - eps;
            double minus = totalLoss(net, s, xs, labels, hz);
            params[p] = saved;
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(numeric, grad[p], 1e-6 + 1e-4 * Math.abs(numeric), "parameter " + p);
            checked++;
        }
        assertEquals(net.parameterCount(), checked);
        assertTrue(net.parameterCount() > 80);
    }

    private static double totalLoss(AnticipatorNet net, AnticipatorNet.Scratch s, double[][] xs, int[] labels, double[][] hz) {
        double loss = 0;
        for (int n = 0; n < xs.length; n++) {
            net.forward(xs[n], s);
            loss += net.lossAndGradient(xs[n], s, labels[n], 1.3, 0.05, hz[n], 2.0, 1.0, null);
        }
        return loss;
    }
}
