package dev.fractalsync.audio;

/**
 * Streaming band-limited sample-rate converter: windowed-sinc interpolation (Kaiser window, β = 8.6, 32 zero
 * crossings each side) from a precomputed kernel table, with the cut-off at 0.95 × the lower Nyquist frequency so
 * downsampling does not alias. Deterministic; any rational or irrational ratio.
 */
public final class Resampler {
    private static final int ZERO_CROSSINGS = 32;
    private static final int TABLE_STEPS = 512;
    private static final double KAISER_BETA = 8.6;

    private final double step;      // input samples per output sample
    private final double cutoff;    // relative to input Nyquist
    private final int halfTaps;     // input samples each side of the output instant
    private final float[] table;    // kernel sampled at TABLE_STEPS per zero crossing
    private final double kernelScale;

    private float[] history = new float[8192];
    private int historyLength;      // valid samples in history
    private long historyStart;      // absolute input index of history[0]
    private double position;        // absolute input position of the next output sample

    public Resampler(int inputRate, int outputRate) {
        if (inputRate <= 0 || outputRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inputRate + " -> " + outputRate);
        }
        this.step = (double) inputRate / outputRate;
        this.cutoff = 0.95 * Math.min(1.0, (double) outputRate / inputRate);
        this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS / cutoff);
        this.kernelScale = cutoff * TABLE_STEPS;
        int n = ZERO_CROSSINGS * TABLE_STEPS + 2;
        this.table = new float[n];
        double i0beta = besselI0(KAISER_BETA);
        for (int i = 0; i < n; i++) {
            double x = (double) i / TABLE_STEPS; // in zero crossings of the cut-off sinc
            double sinc = i == 0 ? 1.0 : StrictMath.sin(Math.PI * x) / (Math.PI * x);
            double r = x / ZERO_CROSSINGS;
            double w = r >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0beta;
            table[i] = (float) (sinc * w * cutoff);
        }
        this.position = 0;
    }

    /** Converts a whole signal (zero-padded at both ends). */
    public static float[] convert(float[] input, int inputRate, int outputRate) {
        if (inputRate == outputRate) {
            return input.clone();
        }
        Resampler r = new Resampler(inputRate, outputRate);
        int expected = (int) Math.round((double) input.length * outputRate / inputRate);
        float[] out = new float[expected + 16];
        int[] count = {0};
        Sink sink = v -> {
            if (count[0] < out.length) {
                out[count[0]++] = v;
            }
        };
        r.push(input, 0, input.length, sink);
        r.flush(sink);
        return java.util.Arrays.copyOf(out, Math.min(expected, count[0]));
    }

    /** Receives output samples. */
    @FunctionalInterface
    public interface Sink {
        void accept(float sample);
    }

    /** Feeds input samples; emits every output sample whose support is complete. */
    public void push(float[] in, int offset, int length, Sink out) {
        ensureCapacity(historyLength + length);
        System.arraycopy(in, offset, history, historyLength, length);
        historyLength += length;
        drain(out);
    }

    /** Emits the remaining output, treating the input after the last sample as silence. */
    public void flush(Sink out) {
        long end = historyStart + historyLength;
        while (position < end) {
            out.accept(interpolate());
            position += step;
        }
    }

    private void drain(Sink out) {
        long available = historyStart + historyLength;
        while ((long) Math.floor(position) + halfTaps < available) {
            out.accept(interpolate());
            position += step;
        }
        long keepFrom = (long) Math.floor(position) - halfTaps;
        int drop = (int) Math.max(0, Math.min(historyLength, keepFrom - historyStart));
        if (drop > 4096) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private float interpolate() {
        long center = (long) Math.floor(position);
        double frac = position - center;
        double acc = 0;
        for (long k = center - halfTaps + 1; k <= center + halfTaps; k++) {
            int idx = (int) (k - historyStart);
            if (idx < 0 || idx >= historyLength) {
                continue;
            }
            double dist = Math.abs(k - center - frac) * kernelScale;
            int i = (int) dist;
            if (i + 1 >= table.length) {
                continue;
            }
            double f = dist - i;
            double h = table[i] + (table[i + 1] - table[i]) * f;
            acc += history[idx] * h;
        }
        return (float) acc;
    }

    private void ensureCapacity(int needed) {
        if (needed > history.length) {
            history = java.util.Arrays.copyOf(history, Math.max(needed, history.length * 2));
        }
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 64; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
