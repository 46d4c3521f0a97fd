package dev.fractalsync.tools.training;

/**
 * The Adam optimizer (Kingma and Ba, 2015, with the bias correction folded into the step size as in their
 * Algorithm 1 footnote) over one flat parameter array. Both hand-written trainers (anticipator, controller) use it;
 * a network with several parameter arrays keeps one instance per array and steps them together.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double[] m;
    private final double[] v;
    private long steps;

    public Adam(int size) {
        this.m = new double[size];
        this.v = new double[size];
    }

    /** One update of {@code params} along {@code grad} (same length as this optimizer) with step size {@code lr}. */
    public void step(double[] params, double[] grad, double lr) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("Adam over " + m.length + " parameters got " + params.length
                    + " parameters and " + grad.length + " gradients");
        }
        steps++;
        double lrT = lr * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
        for (int p = 0; p < params.length; p++) {
            double g = grad[p];
            m[p] = BETA1 * m[p] + (1 - BETA1) * g;
            v[p] = BETA2 * v[p] + (1 - BETA2) * g * g;
            params[p] -= lrT * m[p] / (Math.sqrt(v[p]) + EPS);
        }
    }
}
