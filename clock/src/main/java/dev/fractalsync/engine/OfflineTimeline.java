package dev.fractalsync.engine;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.SlowClock;

/**
 * A whole signal rendered offline and deterministically: for each requested frame time the slow clock runs exactly
 * the hops that have ended by then, and the fast side composes the frame. Past the end the last state is held.
 */
public final class OfflineTimeline {
    private final float[] mono;
    private final int hop;
    private final double hopSeconds;
    private final long hops;
    private final SlowClock clock;
    private final FrameComposer composer;
    private final float[] buffer;

    /** {@code mono} at the contract rate; the clock and the controller stay the caller's to close. */
    public OfflineTimeline(ModelContract contract, float[] mono, SlowClock clock,
                           GuardedProvider<ControllerProvider> controller) {
        this.mono = mono;
        this.hop = contract.hop();
        this.hopSeconds = contract.hopSeconds();
        this.hops = HopCutter.hopCount(mono.length, hop);
        this.clock = clock;
        FastClock fast = new FastClock(contract);
        clock.addListener(fast::accept);
        clock.addGridListener(fast::acceptGrid);
        this.composer = new FrameComposer(fast, controller, clock::status);
        this.buffer = new float[hop];
    }

    /** The frame at stream time {@code tSec}; times must not decrease. */
    public VisualFrame frameAt(double tSec) {
        while (clock.hopsProcessed() < hops && (clock.hopsProcessed() + 1) * hopSeconds <= tSec) {
            HopCutter.copyHop(mono, clock.hopsProcessed(), hop, buffer);
            clock.processHop(buffer);
        }
        return composer.compose(tSec);
    }
}
