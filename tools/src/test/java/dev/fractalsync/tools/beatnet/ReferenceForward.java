package dev.fractalsync.tools.beatnet;

/**
 * BeatNet's CRNN computed with plain loops directly from the PyTorch tensors (PyTorch gate order, double
 * accumulation), one frame at a time with LSTM state carried between calls. Independent of the ONNX graph.
 */
final class ReferenceForward {
    private static final int H = BeatNetWeights.HIDDEN;

    private final BeatNetWeights w;
    final double[][] h = new double[BeatNetWeights.LAYERS][H];
    final double[][] c = new double[BeatNetWeights.LAYERS][H];

    ReferenceForward(BeatNetWeights w) {
        this.w = w;
    }

    /** Softmax over [beat, downbeat, no beat] for one 272-value feature frame. */
    double[] step(float[] x) {
        float[] cw = w.convWeight().data();
        float[] cb = w.convBias().data();
        int convLen = BeatNetWeights.INPUT - BeatNetWeights.KERNEL + 1;
        double[] flat = new double[BeatNetWeights.FLAT];
        for (int ch = 0; ch < BeatNetWeights.CONV_CHANNELS; ch++) {
            double[] conv = new double[convLen];
            for (int t = 0; t < convLen; t++) {
                double s = cb[ch];
                for (int k = 0; k < BeatNetWeights.KERNEL; k++) {
                    s += cw[ch * BeatNetWeights.KERNEL + k] * x[t + k];
                }
                conv[t] = Math.max(0, s);
            }
            for (int p = 0; p < BeatNetWeights.POOLED; p++) {
                flat[ch * BeatNetWeights.POOLED + p] = Math.max(conv[2 * p], conv[2 * p + 1]);
            }
        }
        double[] in = linear(w.denseWeight().data(), w.denseBias().data(), flat, H);
        for (int l = 0; l < BeatNetWeights.LAYERS; l++) {
            float[] wih = w.lstmInputWeight()[l].data();
            float[] whh = w.lstmHiddenWeight()[l].data();
            float[] bih = w.lstmInputBias()[l].data();
            float[] bhh = w.lstmHiddenBias()[l].data();
            double[] gates = new double[4 * H];
            for (int r = 0; r < 4 * H; r++) {
                double s = bih[r] + bhh[r];
                for (int j = 0; j < H; j++) {
                    s += wih[r * H + j] * in[j] + whh[r * H + j] * h[l][j];
                }
                gates[r] = s;
            }
            double[] out = new double[H];
            for (int j = 0; j < H; j++) {
                double i = sigmoid(gates[j]);
                double f = sigmoid(gates[H + j]);
                double g = Math.tanh(gates[2 * H + j]);
                double o = sigmoid(gates[3 * H + j]);
                c[l][j] = f * c[l][j] + i * g;
                out[j] = o * Math.tanh(c[l][j]);
            }
            h[l] = out;
            in = out;
        }
        double[] logits = linear(w.outWeight().data(), w.outBias().data(), in, BeatNetWeights.CLASSES);
        double max = Math.max(logits[0], Math.max(logits[1], logits[2]));
        double sum = 0;
        double[] p = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double[] linear(float[] weight, float[] bias, double[] x, int rows) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = bias[r];
            for (int j = 0; j < x.length; j++) {
                s += weight[r * x.length + j] * x[j];
            }
            y[r] = s;
        }
        return y;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
