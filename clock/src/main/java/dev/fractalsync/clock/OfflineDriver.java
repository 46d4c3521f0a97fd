package dev.fractalsync.clock;

import java.util.function.LongConsumer;

/**
 * Feeds a whole signal through a {@link SlowClock} as fast as possible (analysis, training, benchmarks), on two
 * threads ({@link OfflinePipeline}).
 */
public final class OfflineDriver {
    private OfflineDriver() {
    }

    /**
     * Runs every hop of {@code mono} (at the contract rate, the last partial hop zero-padded) through {@code clock}.
     *
     * @param progress receives the number of hops done after each hop (may be null)
     */
    public static void run(float[] mono, int hop, SlowClock clock, LongConsumer progress) {
        if (hop != clock.frontEnd().hop()) {
            throw new IllegalArgumentException("hop " + hop + " differs from the clock's " + clock.frontEnd().hop());
        }
        try {
            OfflinePipeline.run(mono, clock, progress);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
