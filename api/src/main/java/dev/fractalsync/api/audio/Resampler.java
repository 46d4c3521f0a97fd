package dev.fractalsync.api.audio;

import java.util.Arrays;

/**
 * Band-limited sample-rate converter, the one resampler of the project: polyphase windowed-sinc (Kaiser window,
 * β = 8.6) for the reduced ratio out/in = L/M. Output sample {@code n} sits exactly at input time {@code n * M / L}
 * (the filter is zero-phase), so streaming costs only a latency of {@link #halfWidth()} input samples; signal before
 * the first input sample counts as silence. When L is large (an unusual rate pair) the filter for the fractional
 * position is interpolated between {@value #MAX_PHASES} precomputed phases instead of stored for every one. No
 * allocation after construction. Lives in the api so that providers (BeatNet resamples to 22.05 kHz) and the engine
 * use the same filter. The inner product runs on SIMD lanes when the host resolves {@code jdk.incubator.vector}
 * (the launchers and the build's tests do); its sums then round differently from the scalar loop's, by about 1e-7.
 */
public final class Resampler {
    private static final double KAISER_BETA = 8.6;
    private static final int MAX_PHASES = 1024;
    /** Quality of {@link #convert}: sinc zero crossings each side and pass-band edge (fraction of lower Nyquist). */
    private static final int CONVERT_ZERO_CROSSINGS = 32;
    private static final double CONVERT_ROLLOFF = 0.95;
    private static final int CONVERT_CHUNK = 4096;
    /** Whether the Vector API is resolved and readable here, so that {@link VectorDot} can load. */
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector")
            .map(m -> Resampler.class.getModule().canRead(m)).orElse(false);

    private final int up;
    private final int down;
    private final int half;
    private final int taps;
    /** Filters for fractional positions r / phaseSteps, r = 0..phaseSteps (the last one closes interpolation). */
    private final float[][] phases;
    private final int phaseSteps;
    private final boolean exactPhases;

    private final float[] input;
    /** Absolute input index of {@code input[0]}; starts negative to hold the silent history before the stream. */
    private long inputBase;
    private int inputCount;
    private long nextOutput;

    /**
     * @param inRate          input sample rate in Hz
     * @param outRate         output sample rate in Hz
     * @param zeroCrossings   number of sinc zero crossings kept on each side of the centre (quality/cost)
     * @param rolloff         pass-band edge as a fraction of the lower Nyquist frequency (e.g. 0.94)
     * @param maxChunk        largest number of input samples handed to one {@link #push} call
     */
    public Resampler(int inRate, int outRate, int zeroCrossings, double rolloff, int maxChunk) {
        if (inRate <= 0 || outRate <= 0 || zeroCrossings < 1 || !(rolloff > 0 && rolloff <= 1) || maxChunk < 1) {
            throw new IllegalArgumentException("bad resampler parameters: " + inRate + " -> " + outRate + " Hz, "
                    + zeroCrossings + " zero crossings, roll-off " + rolloff + ", chunk " + maxChunk);
        }
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double cutoff = 0.5 * Math.min(1.0, (double) outRate / inRate) * rolloff; // cycles per input sample
        this.half = (int) Math.ceil(zeroCrossings / (2.0 * cutoff));
        this.taps = 2 * half;
        this.exactPhases = up <= MAX_PHASES;
        this.phaseSteps = exactPhases ? up : MAX_PHASES;
        this.phases = new float[phaseSteps + 1][taps];
        double i0Beta = besselI0(KAISER_BETA);
        double[] w = new double[taps];
        for (int r = 0; r <= phaseSteps; r++) {
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                // tap j multiplies input k = q - half + 1 + j; its distance from the output instant q + r/steps
                double d = (double) r / phaseSteps + half - 1 - j;
                double x = d / half;
                double window = Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
                double arg = 2 * cutoff * d;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                w[j] = 2 * cutoff * sinc * window;
                sum += w[j];
            }
            for (int j = 0; j < taps; j++) {
                phases[r][j] = (float) (w[j] / sum); // unity gain at DC for every phase
            }
        }
        this.input = new float[maxChunk + taps + 8];
        reset();
    }

    /** The project's quality setting (32 zero crossings, pass band to 0.95 of the lower Nyquist) for streaming. */
    public static Resampler highQuality(int inRate, int outRate, int maxChunk) {
        return new Resampler(inRate, outRate, CONVERT_ZERO_CROSSINGS, CONVERT_ROLLOFF, maxChunk);
    }

    /** Converts a whole signal with {@link #highQuality}; the output has {@code round(length * outRate / inRate)} samples. */
    public static float[] convert(float[] signal, int inRate, int outRate) {
        if (inRate == outRate) {
            return signal.clone();
        }
        Resampler r = highQuality(inRate, outRate, CONVERT_CHUNK);
        int expected = (int) Math.round((double) signal.length * outRate / inRate);
        float[] out = new float[expected + r.maxOutput(CONVERT_CHUNK)];
        int written = 0;
        float[] silence = new float[Math.min(CONVERT_CHUNK, r.half + 1)];
        int padded = 0;
        for (int i = 0; i < signal.length || (written < expected && padded <= r.half); ) {
            if (i < signal.length) {
                int n = Math.min(CONVERT_CHUNK, signal.length - i);
                written += r.push(signal, i, n, out, written);
                i += n;
            } else {
                written += r.push(silence, 0, silence.length, out, written);
                padded += silence.length;
            }
            if (written > expected) {
                break;
            }
        }
        return Arrays.copyOf(out, expected);
    }

    /** Forgets all input: the next sample pushed is input index 0 again. */
    public void reset() {
        Arrays.fill(input, 0f);
        inputBase = -half;
        inputCount = half;
        nextOutput = 0;
    }

    /** Input samples of look-ahead the filter needs beyond the output instant. */
    public int halfWidth() {
        return half;
    }

    /** Absolute index of the next output sample {@link #push} will produce. */
    public long nextOutputIndex() {
        return nextOutput;
    }

    /** Room {@link #push} needs in its output array for {@code count} input samples. */
    public int maxOutput(int count) {
        return (int) ((long) count * up / down + 2);
    }

    /**
     * Appends {@code count} input samples and writes every output sample that is now computable to {@code out}
     * starting at {@code outOffset}; returns how many were written. {@code out} must hold at least
     * {@link #maxOutput(int) maxOutput(count)} samples from {@code outOffset}.
     */
    public int push(float[] src, int srcOffset, int count, float[] out, int outOffset) {
        if (count > input.length - taps - 8) {
            throw new IllegalArgumentException("chunk of " + count + " samples exceeds the configured maximum");
        }
        if (inputCount + count > input.length) {
            compact();
        }
        System.arraycopy(src, srcOffset, input, inputCount, count);
        inputCount += count;
        long available = inputBase + inputCount; // absolute index one past the newest input sample
        int written = 0;
        while (true) {
            long pos = nextOutput * down;
            long q = Math.floorDiv(pos, up);
            int r = (int) (pos - q * up);
            if (q + half >= available) {
                break;
            }
            int start = (int) (q - half + 1 - inputBase);
            out[outOffset + written++] = exactPhases ? dot(phases[r], start) : interpolatedDot(r, start);
            nextOutput++;
        }
        return written;
    }

    private float dot(float[] h, int start) {
        if (SIMD) {
            return VectorDot.dot(h, input, start, taps);
        }
        // four partial sums: independent chains the CPU can overlap (taps is even, see constructor)
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        int j = 0;
        for (; j + 3 < taps; j += 4) {
            a0 += h[j] * input[start + j];
            a1 += h[j + 1] * input[start + j + 1];
            a2 += h[j + 2] * input[start + j + 2];
            a3 += h[j + 3] * input[start + j + 3];
        }
        for (; j < taps; j++) {
            a0 += h[j] * input[start + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    private float interpolatedDot(int r, int start) {
        double at = (double) r * phaseSteps / up;
        int i = (int) at;
        float f = (float) (at - i);
        float[] h0 = phases[i];
        float[] h1 = phases[i + 1];
        float acc = 0f;
        for (int j = 0; j < taps; j++) {
            acc += (h0[j] + f * (h1[j] - h0[j])) * input[start + j];
        }
        return acc;
    }

    /** Drops input samples no future output needs. */
    private void compact() {
        long pos = nextOutput * down;
        long q = Math.floorDiv(pos, up);
        long firstNeeded = q - half + 1;
        int drop = (int) Math.max(0, Math.min(inputCount, firstNeeded - inputBase));
        System.arraycopy(input, drop, input, 0, inputCount - drop);
        inputCount -= drop;
        inputBase += drop;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
