package dev.fractalsync.clock;

import dev.fractalsync.api.audio.HopCutter;

import java.util.function.LongConsumer;

/** Feeds a whole signal through a {@link SlowClock} as fast as possible (analysis, training, benchmarks). */
public final class OfflineDriver {
    private OfflineDriver() {
    }

    /**
     * Runs every hop of {@code mono} (at the contract rate, the last partial hop zero-padded) through {@code clock}.
     *
     * @param progress receives the number of hops done after each hop (may be null)
     */
    public static void run(float[] mono, int hop, SlowClock clock, LongConsumer progress) {
        HopCutter.cut(mono, hop, (buf, h) -> {
            clock.processHop(buf);
            if (progress != null) {
                progress.accept(h + 1);
            }
        });
    }
}
