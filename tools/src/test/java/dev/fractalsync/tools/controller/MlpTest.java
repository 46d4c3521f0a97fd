package dev.fractalsync.tools.controller;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MlpTest {
    @Test
    void backpropMatchesFiniteDifferences() {
        Mlp net = new Mlp(new int[]{5, 7, 6, 3}, 11);
        Random rnd = new Random(5);
        float[] x = new float[5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        double[] target = {0.3, -0.2, 0.9};
        double[][] acts = net.newActivations();
        Mlp.Gradients g = net.newGradients();
        double[] out = net.forward(x, acts);
        double[] dOut = new double[3];
        for (int k = 0; k < 3; k++) {
            dOut[k] = 2 * (out[k] - target[k]);
        }
        net.backward(acts, dOut, g);
        double h = 1e-6;
        for (int l = 0; l < net.layers(); l++) {
            for (int i = 0; i < net.w[l].length; i += 3) {
                double keep = net.w[l][i];
                net.w[l][i] = keep + h;
                double up = loss(net, x, target);
                net.w[l][i] = keep - h;
                double down = loss(net, x, target);
                net.w[l][i] = keep;
                assertEquals((up - down) / (2 * h), g.w[l][i], 1e-5, "dL/dw[" + l + "][" + i + "]");
            }
            for (int o = 0; o < net.b[l].length; o++) {
                double keep = net.b[l][o];
                net.b[l][o] = keep + h;
                double up = loss(net, x, target);
                net.b[l][o] = keep - h;
                double down = loss(net, x, target);
                net.b[l][o] = keep;
                assertEquals((up - down) / (2 * h), g.b[l][o], 1e-5, "dL/db[" + l + "][" + o + "]");
            }
        }
    }

    @Test
    void learnsASmoothFunction() {
        Mlp net = new Mlp(new int[]{2, 24, 24, 1}, 3);
        Random rnd = new Random(9);
        float[][] xs = new float[2000][];
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = new float[]{(float) (rnd.nextDouble() * 4 - 2), (float) (rnd.nextDouble() * 4 - 2)};
            ys[i] = Math.sin(xs[i][0]) * Math.cos(xs[i][1]);
        }
        net.fitStandardization(xs);
        double before = meanLoss(net, xs, ys);
        double[][] acts = net.newActivations();
        Mlp.Gradients g = net.newGradients();
        double[] dOut = new double[1];
        for (int epoch = 0; epoch < 60; epoch++) {
            for (int s = 0; s < xs.length; s += 25) {
                for (int i = s; i < s + 25; i++) {
                    double out = net.forward(xs[i], acts)[0];
                    dOut[0] = 2 * (out - ys[i]);
                    net.backward(acts, dOut, g);
                }
                net.adamStep(g, 25, 3e-3);
            }
        }
        double after = meanLoss(net, xs, ys);
        assertTrue(after < before / 20 && after < 0.01, "loss " + before + " -> " + after);
    }

    private static double meanLoss(Mlp net, float[][] xs, double[] ys) {
        double[][] acts = net.newActivations();
        double s = 0;
        for (int i = 0; i < xs.length; i++) {
            double e = net.forward(xs[i], acts)[0] - ys[i];
            s += e * e;
        }
        return s / xs.length;
    }

    private static double loss(Mlp net, float[] x, double[] target) {
        double[] out = net.forward(x, net.newActivations());
        double s = 0;
        for (int k = 0; k < out.length; k++) {
            s += (out[k] - target[k]) * (out[k] - target[k]);
        }
        return s;
    }
}
