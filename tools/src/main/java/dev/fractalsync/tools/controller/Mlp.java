package dev.fractalsync.tools.controller;

import dev.fractalsync.tools.training.Adam;

import java.util.Random;

/**
 * A small fully connected network (ReLU hidden layers, linear output) with input standardization, mini-batch
 * backpropagation and Adam. Written out here because the controller net is tiny (two hidden layers of a few dozen
 * units): a training framework would add a large native or Python dependency for a few hundred lines of arithmetic,
 * and this way the exported ONNX weights are exactly the ones trained and tested in Java.
 */
public final class Mlp {
    private final int[] sizes;
    /** w[l][o * in + i]: layer l maps sizes[l] inputs to sizes[l+1] outputs. */
    final double[][] w;
    final double[][] b;
    final double[] inMean;
    final double[] inStd;

    private final Adam[] adamW;
    private final Adam[] adamB;

    public Mlp(int[] sizes, long seed) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs at least an input and an output size");
        }
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        w = new double[layers][];
        b = new double[layers][];
        adamW = new Adam[layers];
        adamB = new Adam[layers];
        Random rnd = new Random(seed);
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            w[l] = new double[in * out];
            b[l] = new double[out];
            // He initialization for ReLU layers; the output layer starts small so the residual head starts near "hold".
            double scale = (l == layers - 1 ? 0.1 : 1.0) * Math.sqrt(2.0 / in);
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = rnd.nextGaussian() * scale;
            }
            adamW[l] = new Adam(in * out);
            adamB[l] = new Adam(out);
        }
        inMean = new double[sizes[0]];
        inStd = new double[sizes[0]];
        java.util.Arrays.fill(inStd, 1.0);
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return sizes.length - 1;
    }

    /** Sets the input standardization from data: x' = (x - mean) / std (std floored so constant inputs stay 0). */
    public void fitStandardization(float[][] inputs) {
        int n = inputs.length;
        int d = sizes[0];
        double[] sum = new double[d];
        double[] sq = new double[d];
        for (float[] x : inputs) {
            for (int i = 0; i < d; i++) {
                sum[i] += x[i];
                sq[i] += (double) x[i] * x[i];
            }
        }
        for (int i = 0; i < d; i++) {
            inMean[i] = sum[i] / n;
            inStd[i] = Math.max(1e-3, Math.sqrt(Math.max(0, sq[i] / n - inMean[i] * inMean[i])));
        }
    }

    /** Fresh activation buffers for {@link #forward}: acts[0] is the standardized input, acts[L] the output. */
    public double[][] newActivations() {
        double[][] acts = new double[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            acts[l] = new double[sizes[l]];
        }
        return acts;
    }

    /** Forward pass; returns acts[L] (the output). */
    public double[] forward(float[] x, double[][] acts) {
        double[] a0 = acts[0];
        for (int i = 0; i < a0.length; i++) {
            a0[i] = (x[i] - inMean[i]) / inStd[i];
        }
        int layers = layers();
        for (int l = 0; l < layers; l++) {
            double[] in = acts[l];
            double[] out = acts[l + 1];
            double[] wl = w[l];
            int nIn = in.length;
            boolean hidden = l < layers - 1;
            for (int o = 0; o < out.length; o++) {
                double s = b[l][o];
                int base = o * nIn;
                for (int i = 0; i < nIn; i++) {
                    s += wl[base + i] * in[i];
                }
                out[o] = hidden && s < 0 ? 0 : s;
            }
        }
        return acts[layers];
    }

    /** Gradient accumulators shaped like the weights. */
    public Gradients newGradients() {
        return new Gradients(this);
    }

    /**
     * Backpropagates {@code dOut} (dLoss/dOutput) through the activations of one forward pass and adds the weight
     * gradients to {@code g}.
     */
    public void backward(double[][] acts, double[] dOut, Gradients g) {
        int layers = layers();
        double[] delta = g.delta[layers];
        System.arraycopy(dOut, 0, delta, 0, dOut.length);
        for (int l = layers - 1; l >= 0; l--) {
            double[] in = acts[l];
            double[] d = g.delta[l + 1];
            double[] gw = g.w[l];
            double[] gb = g.b[l];
            double[] wl = w[l];
            int nIn = in.length;
            double[] dIn = g.delta[l];
            java.util.Arrays.fill(dIn, 0);
            for (int o = 0; o < d.length; o++) {
                double dv = d[o];
                if (dv == 0) {
                    continue;
                }
                gb[o] += dv;
                int base = o * nIn;
                for (int i = 0; i < nIn; i++) {
                    gw[base + i] += dv * in[i];
                    dIn[i] += dv * wl[base + i];
                }
            }
            if (l > 0) {
                // ReLU derivative of the layer below
                for (int i = 0; i < nIn; i++) {
                    if (in[i] <= 0) {
                        dIn[i] = 0;
                    }
                }
            }
        }
    }

    /** One Adam step with the mean of the accumulated gradients over {@code batch} samples; clears {@code g}. */
    public void adamStep(Gradients g, int batch, double learningRate) {
        for (int l = 0; l < layers(); l++) {
            step(adamW[l], w[l], g.w[l], batch, learningRate);
            step(adamB[l], b[l], g.b[l], batch, learningRate);
        }
    }

    private static void step(Adam adam, double[] params, double[] grad, int batch, double learningRate) {
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= batch;
        }
        adam.step(params, grad, learningRate);
        java.util.Arrays.fill(grad, 0);
    }

    /** Weight-gradient accumulators plus per-layer backprop scratch. */
    public static final class Gradients {
        final double[][] w;
        final double[][] b;
        final double[][] delta;

        Gradients(Mlp net) {
            int layers = net.layers();
            w = new double[layers][];
            b = new double[layers][];
            delta = new double[net.sizes.length][];
            for (int l = 0; l < layers; l++) {
                w[l] = new double[net.w[l].length];
                b[l] = new double[net.b[l].length];
            }
            for (int l = 0; l < net.sizes.length; l++) {
                delta[l] = new double[net.sizes[l]];
            }
        }
    }
}
