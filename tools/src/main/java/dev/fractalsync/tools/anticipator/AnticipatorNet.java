package dev.fractalsync.tools.anticipator;

import java.util.SplittableRandom;

/**
 * The trainable part of the anticipator: standardize the pooled window ({@code z = (x - mean) * invStd}, fixed
 * from the training data), one ReLU hidden layer (optionally a second one), and two linear heads: 8 section logits and 5 raw hazard values
 * {@code r}. The hazard logits are monotone by construction: {@code q[0] = r[0]},
 * {@code q[k] = q[k-1] + softplus(r[k])}, so P(boundary within 2 beats) never exceeds P(within 4 beats).
 * Training may drop hidden units ({@link Scratch#dropHidden}, inverted dropout, so inference needs no rescaling).
 * All parameters live in one array ({@link #params()}) so the optimizer and the gradient check treat them alike.
 * Weights are row-major {@code [in][out]}.
 */
public final class AnticipatorNet {
    public final int inputs;
    public final int hidden;
    /** Units of the optional second hidden layer (0: the heads read the first layer). */
    public final int hidden2;
    /** Width the heads read: {@link #hidden2} when there is a second layer, else {@link #hidden}. */
    public final int top;
    public final int labels;
    public final int horizons;
    private final double[] params;
    private final double[] mean;
    private final double[] invStd;
    final int w1;
    final int b1;
    final int w2;
    final int b2;
    final int ws;
    final int bs;
    final int wh;
    final int bh;
    /** Input to the first hidden layer. */
    public final Dense hiddenLayer;
    /** First hidden layer to the second (no weights when there is no second layer). */
    public final Dense secondLayer;
    /** The top hidden layer to the section logits. */
    public final Dense sectionHead;
    /** The top hidden layer to the raw hazard values. */
    public final Dense hazardHead;

    public AnticipatorNet(int inputs, int hidden, int labels, int horizons) {
        this(inputs, hidden, 0, labels, horizons);
    }

    public AnticipatorNet(int inputs, int hidden, int hidden2, int labels, int horizons) {
        if (hidden < 1 || hidden2 < 0) {
            throw new IllegalArgumentException("hidden layers need at least 1 unit (second: 0 for none)");
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.hidden2 = hidden2;
        this.top = hidden2 > 0 ? hidden2 : hidden;
        this.labels = labels;
        this.horizons = horizons;
        w1 = 0;
        b1 = w1 + inputs * hidden;
        w2 = b1 + hidden;
        b2 = w2 + hidden * hidden2;
        ws = b2 + hidden2;
        bs = ws + top * labels;
        wh = bs + labels;
        bh = wh + top * horizons;
        params = new double[bh + horizons];
        hiddenLayer = new Dense(w1, b1, inputs, hidden);
        secondLayer = new Dense(w2, b2, hidden, hidden2);
        sectionHead = new Dense(ws, bs, top, labels);
        hazardHead = new Dense(wh, bh, top, horizons);
        mean = new double[inputs];
        invStd = new double[inputs];
        java.util.Arrays.fill(invStd, 1.0);
    }

    /** He-uniform hidden weights, small output weights, zero biases; deterministic in {@code seed}. */
    public void initialize(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double a1 = Math.sqrt(6.0 / inputs);
        for (int i = w1; i < b1; i++) {
            params[i] = (rnd.nextDouble() * 2 - 1) * a1;
        }
        double a12 = Math.sqrt(6.0 / hidden);
        for (int i = w2; i < b2; i++) {
            params[i] = (rnd.nextDouble() * 2 - 1) * a12;
        }
        double a2 = Math.sqrt(1.0 / top);
        for (int i = ws; i < bs; i++) {
            params[i] = (rnd.nextDouble() * 2 - 1) * a2;
        }
        for (int i = wh; i < bh; i++) {
            params[i] = (rnd.nextDouble() * 2 - 1) * a2;
        }
    }

    public double[] params() {
        return params;
    }

    public int parameterCount() {
        return params.length;
    }

    public void setStandardization(double[] mean, double[] invStd) {
        System.arraycopy(mean, 0, this.mean, 0, inputs);
        System.arraycopy(invStd, 0, this.invStd, 0, inputs);
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] invStd() {
        return invStd.clone();
    }

    /**
     * Sets the hazard biases so that, with zero hidden contribution, the hazard logits are {@code logits} (made
     * increasing by at least 1e-3): the inverse of the cumulative softplus head. Used for a calibrated start at the
     * training base rates.
     */
    public void setHazardBias(double[] logits) {
        params[bh] = logits[0];
        double prev = logits[0];
        for (int k = 1; k < horizons; k++) {
            double step = Math.max(1e-3, logits[k] - prev);
            params[bh + k] = Math.log(Math.expm1(step));
            prev += step;
        }
    }

    public void setSectionBias(double[] logits) {
        System.arraycopy(logits, 0, params, bs, labels);
    }

    /** Per-sample activations, reused across calls. */
    public final class Scratch {
        final double[] z = new double[inputs];
        final double[] a = new double[hidden];
        final double[] h = new double[hidden];
        final double[] a2 = new double[hidden2];
        final double[] h2 = new double[hidden2];
        final double[] dh2 = new double[hidden2];
        public final double[] sectionLogits = new double[labels];
        public final double[] hazardLogits = new double[horizons];
        final double[] hazardRaw = new double[horizons];
        final double[] dh = new double[hidden];
        final double[] dSection = new double[labels];
        final double[] dHazard = new double[horizons];
        final double[] softmax = new double[labels];
        /** Inverted-dropout factor per hidden unit: 1 outside training, 0 or 1/(1-p) while training. */
        final double[] keep = filled(hidden, 1.0);
        final double[] keep2 = filled(hidden2, 1.0);

        /** Draws a fresh dropout mask (each unit of every hidden layer dropped with probability {@code p}). */
        public void dropHidden(SplittableRandom rnd, double p) {
            double scale = 1 / (1 - p);
            for (int j = 0; j < hidden; j++) {
                keep[j] = rnd.nextDouble() < p ? 0 : scale;
            }
            for (int j = 0; j < hidden2; j++) {
                keep2[j] = rnd.nextDouble() < p ? 0 : scale;
            }
        }

        /** The activations the heads read. */
        double[] top() {
            return hidden2 > 0 ? h2 : h;
        }
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    public Scratch scratch() {
        return new Scratch();
    }

    public void forward(double[] x, Scratch s) {
        for (int i = 0; i < inputs; i++) {
            s.z[i] = (x[i] - mean[i]) * invStd[i];
        }
        hiddenLayer.apply(s.z, s.a);
        relu(s.a, s.keep, s.h);
        if (hidden2 > 0) {
            secondLayer.apply(s.h, s.a2);
            relu(s.a2, s.keep2, s.h2);
        }
        double[] topActivations = s.top();
        sectionHead.apply(topActivations, s.sectionLogits);
        hazardHead.apply(topActivations, s.hazardRaw);
        s.hazardLogits[0] = s.hazardRaw[0];
        for (int k = 1; k < horizons; k++) {
            s.hazardLogits[k] = s.hazardLogits[k - 1] + softplus(s.hazardRaw[k]);
        }
        if (hazardShrink != 1) {
            for (int k = 0; k < horizons; k++) {
                s.hazardLogits[k] = hazardShrink * s.hazardLogits[k] + (1 - hazardShrink) * hazardPrior[k];
            }
        }
    }

    /** The hidden activations: ReLU of the pre-activations, times the units' dropout factors. */
    private static void relu(double[] preActivations, double[] keep, double[] activations) {
        for (int j = 0; j < activations.length; j++) {
            activations[j] = preActivations[j] > 0 ? preActivations[j] * keep[j] : 0;
        }
    }

    private double hazardShrink = 1;
    private double[] hazardPrior;

    /**
     * Post-training calibration of the hazard head: logits become {@code a * logit + (1 - a) * prior}, a pull toward
     * the base-rate logits {@code prior} for {@code a < 1} (non-decreasing, so monotonicity is kept for {@code a} in
     * [0, 1]) and a sharpening away from them for {@code a > 1} (the provider's running max over horizons keeps the
     * curve monotone then). Training runs with {@code a = 1}.
     */
    public void setHazardCalibration(double a, double[] priorLogits) {
        if (!(a >= 0 && a <= HazardCalibration.MAX_A) || priorLogits.length != horizons) {
            throw new IllegalArgumentException("calibration needs a in [0," + HazardCalibration.MAX_A + "] and " + horizons + " prior logits");
        }
        for (int k = 1; k < horizons; k++) {
            if (priorLogits[k] < priorLogits[k - 1]) {
                throw new IllegalArgumentException("prior logits must be non-decreasing");
            }
        }
        hazardShrink = a;
        hazardPrior = priorLogits.clone();
    }

    public double hazardShrink() {
        return hazardShrink;
    }

    /** Prior logits of the calibration (zeros when uncalibrated). */
    public double[] hazardPrior() {
        return hazardPrior == null ? new double[horizons] : hazardPrior.clone();
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /**
     * Loss of one sample after {@link #forward}, adding its gradient (times {@code scale}) into {@code grad}.
     * Loss = {@code sectionWeight * CE(softmax(section), smoothed one-hot)} + {@code hazardWeight / K * Σ BCE}.
     *
     * @param hazardTargets K values of 0/1 (or soft targets in [0,1])
     */
    public double lossAndGradient(double[] x, Scratch s, int label, double sectionWeight, double smoothing,
                                  double[] hazardTargets, double hazardWeight, double scale, double[] grad) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : s.sectionLogits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int c = 0; c < labels; c++) {
            s.softmax[c] = Math.exp(s.sectionLogits[c] - max);
            sum += s.softmax[c];
        }
        double logSum = Math.log(sum) + max;
        double loss = 0;
        for (int c = 0; c < labels; c++) {
            s.softmax[c] /= sum;
            double target = (c == label ? 1 - smoothing : 0) + smoothing / labels;
            loss -= sectionWeight * target * (s.sectionLogits[c] - logSum);
            s.dSection[c] = sectionWeight * (s.softmax[c] - target) * scale;
        }
        for (int k = 0; k < horizons; k++) {
            double q = s.hazardLogits[k];
            double y = hazardTargets[k];
            // BCE with logits: softplus(q) - y q, computed stably
            loss += hazardWeight / horizons * (softplus(q) - y * q);
            double sig = 1 / (1 + Math.exp(-q));
            s.dHazard[k] = hazardWeight / horizons * (sig - y) * scale;
        }
        if (grad == null) {
            return loss;
        }
        // through the cumulative head: dL/dr[k] = softplus'(r[k]) * sum_{j>=k} dL/dq[j], dL/dr[0] = sum_j dL/dq[j]
        double tail = 0;
        for (int k = horizons - 1; k >= 0; k--) {
            tail += s.dHazard[k];
            s.dHazard[k] = k == 0 ? tail : tail / (1 + Math.exp(-s.hazardRaw[k]));
        }
        sectionHead.addBiasGradient(s.dSection, grad);
        hazardHead.addBiasGradient(s.dHazard, grad);
        double[] topActivations = s.top();
        double[] dTop = hidden2 > 0 ? s.dh2 : s.dh;
        for (int j = 0; j < top; j++) {
            double hj = topActivations[j];
            double d = sectionHead.backpropagateRow(j, hj, s.dSection, grad, 0);
            d = hazardHead.backpropagateRow(j, hj, s.dHazard, grad, d);
            dTop[j] = hidden2 > 0 ? (s.a2[j] > 0 ? d * s.keep2[j] : 0) : (s.a[j] > 0 ? d * s.keep[j] : 0);
        }
        if (hidden2 > 0) {
            secondLayer.addBiasGradient(s.dh2, grad);
            for (int i = 0; i < hidden; i++) {
                double hi = s.h[i];
                int row = w2 + i * hidden2;
                double d = 0;
                for (int j = 0; j < hidden2; j++) {
                    double g = s.dh2[j];
                    if (g == 0) {
                        continue;
                    }
                    d += params[row + j] * g;
                    grad[row + j] += hi * g;
                }
                s.dh[i] = s.a[i] > 0 ? d * s.keep[i] : 0;
            }
        }
        hiddenLayer.addBiasGradient(s.dh, grad);
        hiddenLayer.addWeightGradient(s.z, s.dh, grad);
        return loss;
    }

    /** {@code y[yFrom + j] += a * x[xFrom + j]} for {@code j < n}. */
    private static void addScaled(double a, double[] x, int xFrom, double[] y, int yFrom, int n) {
        for (int j = 0; j < n; j++) {
            y[yFrom + j] += a * x[xFrom + j];
        }
    }

    /** One dense layer's parameters in {@link #params()}: weights {@code [in][out]}, row-major, and {@code out} biases. */
    public final class Dense {
        private final int weights;
        private final int biases;
        public final int in;
        public final int out;

        private Dense(int weights, int biases, int in, int out) {
            this.weights = weights;
            this.biases = biases;
            this.in = in;
            this.out = out;
        }

        public double weight(int from, int to) {
            return params[weights + from * out + to];
        }

        public double bias(int to) {
            return params[biases + to];
        }

        /** {@code y = b + x W}, skipping the zero inputs (ReLU and dropout leave many). */
        void apply(double[] x, double[] y) {
            System.arraycopy(params, biases, y, 0, out);
            for (int i = 0; i < in; i++) {
                if (x[i] != 0) {
                    addScaled(x[i], params, weights + i * out, y, 0, out);
                }
            }
        }

        /** Adds the loss gradient {@code delta} at the outputs to the biases' gradient. */
        void addBiasGradient(double[] delta, double[] grad) {
            for (int j = 0; j < out; j++) {
                grad[biases + j] += delta[j];
            }
        }

        /** Adds the weights' gradient {@code x^T delta} to {@code grad}, skipping the zero inputs. */
        void addWeightGradient(double[] x, double[] delta, double[] grad) {
            for (int i = 0; i < in; i++) {
                if (x[i] != 0) {
                    addScaled(x[i], delta, 0, grad, weights + i * out, out);
                }
            }
        }

        /**
         * For input {@code i} of value {@code xi}: adds its weight row's gradient {@code xi * delta} to {@code grad} and
         * returns {@code d} plus the row dotted with {@code delta} (the loss gradient at the input, summed on).
         */
        double backpropagateRow(int i, double xi, double[] delta, double[] grad, double d) {
            int row = weights + i * out;
            for (int j = 0; j < out; j++) {
                d += params[row + j] * delta[j];
                grad[row + j] += xi * delta[j];
            }
            return d;
        }
    }
}
