package dev.fractalsync.beat.beatnet;

/**
 * Band-limited sample-rate converter for a stream (rational factor out/in = L/M after reduction), polyphase
 * windowed-sinc (Kaiser window). Output sample {@code n} sits exactly at input time {@code n * M / L} (the filter
 * is zero-phase), so the only cost is a small processing latency of {@link #halfWidth()} input samples. Signal
 * before the first input sample counts as silence. No allocation after construction.
 */
public final class StreamingResampler {
    private static final double KAISER_BETA = 8.6;

    private final int up;
    private final int down;
    private final int half;
    private final int taps;
    private final float[][] phases;

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
    public StreamingResampler(int inRate, int outRate, int zeroCrossings, double rolloff, int maxChunk) {
        if (inRate <= 0 || outRate <= 0 || zeroCrossings < 1 || !(rolloff > 0 && rolloff <= 1) || maxChunk < 1) {
            throw new IllegalArgumentException("bad resampler parameters");
        }
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        // cutoff in cycles per input sample
        double cutoff = 0.5 * Math.min(1.0, (double) outRate / inRate) * rolloff;
        this.half = (int) Math.ceil(zeroCrossings / (2.0 * cutoff));
        this.taps = 2 * half;
        this.phases = new float[up][taps];
        double i0Beta = besselI0(KAISER_BETA);
        for (int r = 0; r < up; r++) {
            double sum = 0;
            double[] w = new double[taps];
            for (int j = 0; j < taps; j++) {
                // tap j multiplies input k = q - half + 1 + j; its distance from the output instant q + r/up
                double d = (double) r / up + half - 1 - j;
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

    /** Forgets all input: the next sample pushed is input index 0 again. */
    public void reset() {
        java.util.Arrays.fill(input, 0f);
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

    /**
     * Appends {@code count} input samples and writes every output sample that is now computable to {@code out}
     * starting at {@code outOffset}; returns how many were written. {@code out} must hold at least
     * {@code count * L / M + 2} samples from {@code outOffset}.
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
            float[] h = phases[r];
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
            out[outOffset + written++] = (a0 + a1) + (a2 + a3);
            nextOutput++;
        }
        return written;
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
