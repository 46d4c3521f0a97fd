package dev.fractalsync.dsp;

import java.util.Arrays;

/**
 * Band-limited sample-rate converter, the one resampler of the project: polyphase windowed-sinc (Kaiser window,
 * β = 8.6) for the reduced ratio out/in = L/M. Output sample {@code n} sits exactly at input time {@code n * M / L}
 * (the filter is zero-phase), so streaming costs only a latency of {@link #halfWidth()} input samples; signal before
 * the first input sample counts as silence. When L is large (an unusual rate pair) the filter for the fractional
 * position is interpolated between {@value #MAX_PHASES} precomputed phases instead of stored for every one. No
 * allocation after construction. Lives in the api so that providers (BeatNet resamples to 22.05 kHz) and the engine
 * use the same filter.
 *
 * <p>With stored phases, outputs are computed in groups of {@value #GROUP} consecutive ones (output index a multiple
 * of {@value #GROUP} first): each group reads one window of input, and a table holds, per group position in the
 * phase pattern, every input's coefficient for each of the group's outputs. A group is then a run of
 * input-times-coefficient-column multiply-adds on {@value #GROUP} SIMD lanes ({@link GroupDot}, when the host
 * resolves {@code jdk.incubator.vector}), with no per-output sum across lanes. Every output's sum is the same sequence
 * of fused multiply-adds on any path (lanes, the scalar fallback, an output computed alone at the end of a push), so
 * chunking, the host and the Vector API's presence change no bit of the result.
 */
public final class Resampler {
    private static final double KAISER_BETA = 8.6;
    private static final int MAX_PHASES = 1024;
    /** Quality of {@link #convert}: sinc zero crossings each side and pass-band edge (fraction of lower Nyquist). */
    private static final int CONVERT_ZERO_CROSSINGS = 32;
    private static final double CONVERT_ROLLOFF = 0.95;
    private static final int CONVERT_CHUNK = 4096;
    /** Outputs computed together: one SIMD vector of floats on AVX2 and AVX-512 machines alike. */
    static final int GROUP = 8;
    /** Independent sums per output, so consecutive multiply-adds do not wait for each other. */
    static final int CHAINS = 4;
    /** Whether the Vector API is resolved and readable here, so that {@link GroupDot} can load. */
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
    /** Group layout (stored phases only): {@code groups} group positions repeat every {@code groups * GROUP} outputs. */
    private final int groups;
    /** Inputs a group reads, a multiple of {@link #CHAINS}. */
    private final int width;
    /** Coefficients, index {@code (g * width + k) * GROUP + lane}: input {@code k} of group position {@code g}'s window. */
    private final float[] table;

    private final int maxChunk;
    /** Input history and the newest chunk; beyond {@code inputCount} only zeros (a group reads them, times zero). */
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
        if (exactPhases) {
            long period = lcm(GROUP, up);
            this.groups = (int) (period / GROUP);
            int maxShift = 0;
            for (int p = 0; p < groups; p++) {
                maxShift = Math.max(maxShift, laneShift(p, GROUP - 1));
            }
            this.width = (taps + maxShift + CHAINS - 1) / CHAINS * CHAINS;
            this.table = new float[Math.multiplyExact(groups * width, GROUP)];
            for (int p = 0; p < groups; p++) {
                for (int lane = 0; lane < GROUP; lane++) {
                    int shift = laneShift(p, lane);
                    float[] h = phases[(int) (laneTimes(p, lane) % up)];
                    for (int j = 0; j < taps; j++) {
                        table[(p * width + shift + j) * GROUP + lane] = h[j];
                    }
                }
            }
        } else {
            this.groups = 0;
            this.width = taps;
            this.table = null;
        }
        // a group's window may reach past the newest input (with zero coefficients): room for it and a whole chunk
        this.maxChunk = maxChunk;
        this.input = new float[maxChunk + 2 * width + GROUP * (down / up + 2) + 16];
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

    /** The stored filter for fractional position {@code r / L} (tests check the group table against it). */
    float[] filter(int r) {
        return phases[r].clone();
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
        if (count > maxChunk) {
            throw new IllegalArgumentException("chunk of " + count + " samples exceeds the configured maximum");
        }
        if (inputCount + count + width > input.length) {
            compact();
        }
        System.arraycopy(src, srcOffset, input, inputCount, count);
        inputCount += count;
        long available = inputBase + inputCount; // absolute index one past the newest input sample
        int written = 0;
        if (!exactPhases) {
            while (true) {
                long pos = nextOutput * down;
                long q = Math.floorDiv(pos, up);
                int r = (int) (pos - q * up);
                if (q + half >= available) {
                    break;
                }
                out[outOffset + written++] = interpolatedDot(r, (int) (q - half + 1 - inputBase));
                nextOutput++;
            }
            return written;
        }
        while (true) {
            int lane = (int) (nextOutput % GROUP);
            long first = nextOutput - lane;
            int g = (int) ((first / GROUP) % groups);
            long q0 = Math.floorDiv(first * down, up);
            int start = (int) (q0 - half + 1 - inputBase);
            if (lane == 0 && q0 + laneShift(g, GROUP - 1) + half < available) {
                int at = g * width * GROUP;
                if (SIMD) {
                    GroupDot.group(table, at, input, start, width, out, outOffset + written);
                } else {
                    for (int l = 0; l < GROUP; l++) {
                        out[outOffset + written + l] = laneDot(at + l, start);
                    }
                }
                written += GROUP;
                nextOutput += GROUP;
            } else if (q0 + laneShift(g, lane) + half < available) {
                out[outOffset + written++] = laneDot(g * width * GROUP + lane, start);
                nextOutput++;
            } else {
                break;
            }
        }
        return written;
    }

    /** One output alone: the same multiply-adds, in the same order, as its lane in {@link GroupDot#group}. */
    private float laneDot(int column, int start) {
        float a0 = 0f;
        float a1 = 0f;
        float a2 = 0f;
        float a3 = 0f;
        for (int k = 0; k < width; k += CHAINS) {
            int t = column + k * GROUP;
            a0 = Math.fma(table[t], input[start + k], a0);
            a1 = Math.fma(table[t + GROUP], input[start + k + 1], a1);
            a2 = Math.fma(table[t + 2 * GROUP], input[start + k + 2], a2);
            a3 = Math.fma(table[t + 3 * GROUP], input[start + k + 3], a3);
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * Output {@code lane} of group position {@code g} is {@code laneTimes / L} input samples past the input sample at
     * or before the group's first output.
     */
    private long laneTimes(int g, int lane) {
        return ((long) g * GROUP * down) % up + (long) lane * down;
    }

    /** Whole input samples from the group's first output instant to lane {@code lane}'s. */
    private int laneShift(int g, int lane) {
        return (int) (laneTimes(g, lane) / up);
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

    /** Drops input samples no future output needs (a group's window starts at its first output's). */
    private void compact() {
        long pos = (exactPhases ? nextOutput - nextOutput % GROUP : nextOutput) * down;
        long q = Math.floorDiv(pos, up);
        long firstNeeded = q - half + 1;
        int drop = (int) Math.max(0, Math.min(inputCount, firstNeeded - inputBase));
        System.arraycopy(input, drop, input, 0, inputCount - drop);
        Arrays.fill(input, inputCount - drop, inputCount, 0f);
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

    private static long lcm(long a, long b) {
        return a / gcd((int) a, (int) b) * b;
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
