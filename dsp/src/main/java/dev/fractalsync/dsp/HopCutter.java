package dev.fractalsync.dsp;

import java.util.Arrays;

/**
 * Cuts mono audio into fixed-size hops: the one place in the project that does. Hop {@code h} holds samples
 * {@code [h * hop, (h + 1) * hop)}; a last partial hop is zero-padded, never dropped. Streaming use: {@link #push}
 * buffers of any size and {@link #flush} at the end; whole-signal use: {@link #hopCount} and {@link #copyHop}.
 * Lives in the api because providers that only see the api (BeatNet's offline evaluation, third-party plugins) cut
 * hops too, and must cut them exactly as the engine does.
 */
public final class HopCutter {
    /** Receives one hop; the array is reused after the call returns. */
    @FunctionalInterface
    public interface HopSink {
        void accept(float[] hop, long index);
    }

    private final float[] pending;
    private int filled;
    private long emitted;

    public HopCutter(int hop) {
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1, got " + hop);
        }
        this.pending = new float[hop];
    }

    /** Number of hops a signal of {@code samples} samples yields, the last partial one included. */
    public static long hopCount(long samples, int hop) {
        return (samples + hop - 1L) / hop;
    }

    /** Copies hop {@code index} of {@code mono} into {@code dest} (length {@code hop}), zero-padding past the end. */
    public static void copyHop(float[] mono, long index, int hop, float[] dest) {
        long start = index * hop;
        int n = (int) Math.max(0, Math.min(hop, mono.length - start));
        if (n > 0) {
            System.arraycopy(mono, (int) start, dest, 0, n);
        }
        Arrays.fill(dest, n, hop, 0f);
    }

    /** Hands every hop of a whole signal to {@code sink}, in order. */
    public static void cut(float[] mono, int hop, HopSink sink) {
        HopCutter cutter = new HopCutter(hop);
        cutter.push(mono, 0, mono.length, sink);
        cutter.flush(sink);
    }

    /** Every hop of a whole signal as its own array. */
    public static float[][] split(float[] mono, int hop) {
        float[][] hops = new float[(int) hopCount(mono.length, hop)][hop];
        for (int h = 0; h < hops.length; h++) {
            copyHop(mono, h, hop, hops[h]);
        }
        return hops;
    }

    public int hop() {
        return pending.length;
    }

    /** Hops handed out so far. */
    public long hopsEmitted() {
        return emitted;
    }

    /** Samples waiting for the rest of their hop. */
    public int pendingSamples() {
        return filled;
    }

    /** Appends samples; hands every hop they complete to {@code sink}. */
    public void push(float[] samples, int offset, int length, HopSink sink) {
        int hop = pending.length;
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int n = Math.min(hop - filled, end - i);
            System.arraycopy(samples, i, pending, filled, n);
            filled += n;
            i += n;
            if (filled == hop) {
                filled = 0;
                sink.accept(pending, emitted++);
            }
        }
    }

    /** Emits the partial hop, zero-padded, if any samples are pending. */
    public void flush(HopSink sink) {
        if (filled > 0) {
            Arrays.fill(pending, filled, pending.length, 0f);
            filled = 0;
            sink.accept(pending, emitted++);
        }
    }

    /** Forgets pending samples and the hop count. */
    public void reset() {
        filled = 0;
        emitted = 0;
    }
}
