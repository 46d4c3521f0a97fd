package dev.fractalsync.clock;

import java.util.function.LongConsumer;

/** Feeds a whole signal through a {@link SlowClock} as fast as possible (analysis, training, benchmarks). */
public final class OfflineDriver {
    private OfflineDriver() {
    }

    /** Number of hops a signal of {@code samples} samples yields (the last partial hop is zero-padded). */
    public static long hopCount(int samples, int hop) {
        return (samples + hop - 1L) / hop;
    }

    /**
     * Runs every hop of {@code mono} (at the contract rate) through {@code clock}.
     *
     * @param progress receives the number of hops done after each hop (may be null)
     */
    public static void run(float[] mono, int hop, SlowClock clock, LongConsumer progress) {
        float[] buf = new float[hop];
        long hops = hopCount(mono.length, hop);
        for (long h = 0; h < hops; h++) {
            int start = (int) (h * hop);
            int n = Math.min(hop, mono.length - start);
            System.arraycopy(mono, start, buf, 0, n);
            if (n < hop) {
                java.util.Arrays.fill(buf, n, hop, 0f);
            }
            clock.processHop(buf);
            if (progress != null) {
                progress.accept(h + 1);
            }
        }
    }
}
