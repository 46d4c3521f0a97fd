package dev.fractalsync.engine;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.OfflinePipeline;
import dev.fractalsync.clock.SlowClock;

/**
 * A signal rendered offline and deterministically: for each requested frame time the slow clock has run exactly the
 * hops that have ended by then, and the fast side composes the frame. Past the end the last state is held.
 * <p>
 * The hops stream through {@link OfflinePipeline} (the one offline hop loop: decoding and features on its reader
 * thread, the beat provider on blocks) on a thread of the timeline's own, which pauses right after publishing the
 * last hop that ends by the requested time and composes the frame there; so a file of any length is rendered in a
 * small, fixed amount of memory, and the audio is read only as far as the last frame asked for.
 */
public final class OfflineTimeline implements AutoCloseable {
    private final OfflinePipeline.HopSource source;
    private final double hopSeconds;
    private final SlowClock clock;
    private final FrameComposer composer;

    private final Object lock = new Object();
    private Thread thread;
    private double requested;
    private boolean pending;
    private VisualFrame answer;
    private Throwable failure;
    private boolean ended;
    private boolean closed;

    /** {@code mono} at the contract rate; the clock and the controller stay the caller's to close. */
    public OfflineTimeline(ModelContract contract, float[] mono, SlowClock clock,
                           GuardedProvider<ControllerProvider> controller) {
        this(contract, sink -> HopCutter.cut(mono, contract.hop(), sink), clock, controller);
    }

    /**
     * The hops of {@code source} (contract hops, in order, the last one zero-padded, as {@link OfflinePipeline} takes
     * them); read only as far as the frames asked for need. The clock and the controller stay the caller's to close;
     * {@link #close()} stops the reading.
     */
    public OfflineTimeline(ModelContract contract, OfflinePipeline.HopSource source, SlowClock clock,
                           GuardedProvider<ControllerProvider> controller) {
        this(contract, source, clock, composerOn(contract, clock, controller));
        clock.addListener(s -> published());
    }

    /**
     * The engine's timeline: {@code composer} already follows {@code clock}, and the engine calls {@link #published()}
     * after each state its clock publishes.
     */
    OfflineTimeline(ModelContract contract, OfflinePipeline.HopSource source, SlowClock clock, FrameComposer composer) {
        this.source = source;
        this.hopSeconds = contract.hopSeconds();
        this.clock = clock;
        this.composer = composer;
    }

    private static FrameComposer composerOn(ModelContract contract, SlowClock clock,
                                            GuardedProvider<ControllerProvider> controller) {
        FastClock fast = new FastClock(contract);
        clock.addListener(fast::accept);
        clock.addGridListener(fast::acceptGrid);
        return new FrameComposer(fast, controller, clock::status);
    }

    /** After each state the clock publishes, on the pipeline thread: pauses there while a frame is due. */
    void published() {
        serve(clock.hopsProcessed());
    }

    /**
     * The frame at stream time {@code tSec}; times must not decrease.
     *
     * @throws SourceFailure when reading the audio failed (its cause is what the source threw)
     */
    public VisualFrame frameAt(double tSec) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("timeline closed");
            }
            if (thread == null) {
                thread = new Thread(this::runPipeline, "fractalsync-timeline");
                thread.setDaemon(true);
                thread.start();
            }
            requested = tSec;
            pending = true;
            answer = null;
            lock.notifyAll();
            boolean interrupted = false;
            while (answer == null && failure == null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (answer == null) {
                if (failure instanceof RuntimeException r) {
                    throw r;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                throw new SourceFailure(failure);
            }
            VisualFrame f = answer;
            answer = null;
            return f;
        }
    }

    private void runPipeline() {
        try {
            serve(0);
            OfflinePipeline.run(source, clock, null);
            synchronized (lock) {
                ended = true;
            }
            serve(clock.hopsProcessed());
        } catch (Stopped e) {
            // closed: nobody asks for more frames
        } catch (Throwable e) {
            synchronized (lock) {
                failure = e;
                lock.notifyAll();
            }
        }
    }

    /**
     * On the pipeline thread with {@code hops} hops published: composes every requested frame whose time is before
     * the end of the next hop (all of them once the audio has ended), waiting for each request; returns when the
     * next hop is needed.
     */
    private void serve(long hops) {
        synchronized (lock) {
            while (true) {
                while (!pending && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        throw new Stopped();
                    }
                }
                if (closed) {
                    throw new Stopped();
                }
                if (!ended && (hops + 1) * hopSeconds <= requested) {
                    return;
                }
                answer = composer.compose(requested);
                pending = false;
                lock.notifyAll();
            }
        }
    }

    /** Stops reading and waits for the pipeline to let go of the clock and the source. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reading or decoding the audio failed while frames were being rendered; the cause says why. */
    public static final class SourceFailure extends RuntimeException {
        SourceFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
