package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.dsp.HopCutter;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;

/**
 * Offline analysis on two threads with the same results as one: a reader thread decodes and resamples the audio
 * and runs the clock's {@link HopFrontEnd} (input level, F_audio features), a function of the audio alone, up to
 * {@value #BLOCKS_IN_FLIGHT} blocks of {@value #BLOCK_HOPS} hops ahead; the beat provider gets each block in one
 * hand-off ({@link SlowClock#startBeats}) and works on it while the calling thread publishes the previous block's
 * hops in order, with one hand-off to the structure provider per block ({@link SlowClock#processPreparedBlock}). Every published state equals what
 * {@link SlowClock#processHop} publishes for the same hops.
 * <p>
 * {@link #runOnOneCore} makes the same calls in the same order with no overlap: the calling thread reads and prepares
 * a block, then waits while the beat provider works on it. A batch that runs one song per core (each worker of
 * {@code analyze-library}) wants that: overlapped stages would compete for the cores the other songs use, and their
 * hand-offs cost time without buying any.
 */
public final class OfflinePipeline {
    static final int BLOCK_HOPS = 64;
    static final int BLOCKS_IN_FLIGHT = 4;

    /** Produces the audio as contract hops, in order, on the reader thread. */
    @FunctionalInterface
    public interface HopSource {
        void hops(HopCutter.HopSink sink) throws Exception;
    }

    private static final class Block {
        final HopFrontEnd.PreparedHop[] hops;
        int count;
        boolean last;
        Throwable failure;

        Block(int hop) {
            hops = new HopFrontEnd.PreparedHop[BLOCK_HOPS];
            for (int i = 0; i < hops.length; i++) {
                hops[i] = new HopFrontEnd.PreparedHop(hop);
            }
        }
    }

    private OfflinePipeline() {
    }

    /** Where the time of a run went (for {@code bench}); nanoseconds, filled in as the run goes. */
    public static final class Timings {
        /** Reader thread, busy: producing the hops (decoding, resampling) plus the front end. */
        public volatile long readerBusyNanos;
        /** Of which in the front end (input level, F_audio features). */
        public volatile long frontEndNanos;
        /** Calling thread, in {@link SlowClock#processPrepared}: providers, waits for the beat blocks, listeners. */
        public long publishNanos;
        /** Calling thread, waiting for the reader. */
        public long readerWaitNanos;
    }

    /** Runs every hop of {@code mono} (at the contract rate, the last partial hop zero-padded) through {@code clock}. */
    public static long run(float[] mono, SlowClock clock, LongConsumer progress) throws Exception {
        int hop = clock.frontEnd().hop();
        return run(sink -> HopCutter.cut(mono, hop, sink), clock, progress, null);
    }

    /** {@link #run(HopSource, SlowClock, LongConsumer, Timings)} without timings. */
    public static long run(HopSource source, SlowClock clock, LongConsumer progress) throws Exception {
        return run(source, clock, progress, null);
    }

    /**
     * Runs the hops of {@code source} through {@code clock}; returns the number of hops. What the source or the
     * front end throws is rethrown here, on the calling thread; what a listener throws stops the reader.
     *
     * @param progress receives the number of hops done after each hop (may be null)
     * @param timings  filled in with where the time went (may be null)
     */
    public static long run(HopSource source, SlowClock clock, LongConsumer progress, Timings timings) throws Exception {
        HopFrontEnd front = clock.frontEnd();
        BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
        BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT + 2);
        for (int i = 0; i < BLOCKS_IN_FLIGHT + 2; i++) {
            free.add(new Block(front.hop()));
        }
        Timings t = timings != null ? timings : new Timings();
        Thread reader = new Thread(() -> read(source, front, full, free, t), "fractalsync-reader");
        reader.setDaemon(true);
        reader.start();
        long done = 0;
        Block pending = null;
        GuardedProvider.Block<BeatClockState> pendingBeats = null;
        try {
            while (true) {
                long waitStart = System.nanoTime();
                Block b = full.take();
                t.readerWaitNanos += System.nanoTime() - waitStart;
                // the beat provider starts on this block while the previous one is published
                GuardedProvider.Block<BeatClockState> beats = b.count > 0 ? clock.startBeats(b.hops, b.count) : null;
                if (pending != null) {
                    done = publish(clock, pending, pendingBeats, done, progress, t);
                    pendingBeats = null;
                    pending.count = 0;
                    free.put(pending);
                }
                pending = b;
                pendingBeats = beats;
                if (b.last) {
                    done = publish(clock, b, beats, done, progress, t);
                    pendingBeats = null;
                    if (b.failure != null) {
                        if (b.failure instanceof Exception e) {
                            throw e;
                        }
                        throw (Error) b.failure;
                    }
                    return done;
                }
            }
        } finally {
            reader.interrupt();
            clock.abandonBeats(pendingBeats);
            reader.join();
        }
    }

    /**
     * Runs the hops of {@code source} through {@code clock} as {@link #run(HopSource, SlowClock, LongConsumer, Timings)}
     * does, with the same states, but without a reader thread and without overlapping the beat provider's block with
     * the publishing of the previous one: at most one of the calling thread and the provider threads is busy at a
     * time. What the source, the front end or a listener throws reaches the caller.
     */
    public static long runOnOneCore(HopSource source, SlowClock clock, LongConsumer progress, Timings timings)
            throws Exception {
        HopFrontEnd front = clock.frontEnd();
        Timings t = timings != null ? timings : new Timings();
        Block b = new Block(front.hop());
        long[] done = new long[1];
        long started = System.nanoTime();
        long[] outside = new long[1];
        source.hops((buf, index) -> {
            long frontEnd = prepare(front, buf, b, t);
            if (b.count == BLOCK_HOPS) {
                done[0] = publish(clock, b, clock.startBeats(b.hops, b.count), done[0], progress, t);
                b.count = 0;
                outside[0] += System.nanoTime() - frontEnd;
            }
        });
        if (b.count > 0) {
            long publishStart = System.nanoTime();
            done[0] = publish(clock, b, clock.startBeats(b.hops, b.count), done[0], progress, t);
            outside[0] += System.nanoTime() - publishStart;
        }
        t.readerBusyNanos = System.nanoTime() - started - outside[0];
        return done[0];
    }

    /** Runs the front end on the next hop of {@code b}, counting its time; returns when it ended (nanoTime). */
    private static long prepare(HopFrontEnd front, float[] buf, Block b, Timings t) {
        long started = System.nanoTime();
        front.prepare(buf, b.hops[b.count]);
        long ended = System.nanoTime();
        t.frontEndNanos += ended - started;
        b.count++;
        return ended;
    }

    private static long publish(SlowClock clock, Block b, GuardedProvider.Block<BeatClockState> beats, long done,
                                LongConsumer progress, Timings t) {
        long started = System.nanoTime();
        long first = done;
        clock.processPreparedBlock(b.hops, b.count, beats, i -> {
            if (progress != null) {
                progress.accept(first + i + 1);
            }
        });
        done += b.count;
        t.publishNanos += System.nanoTime() - started;
        return done;
    }

    private static void read(HopSource source, HopFrontEnd front, BlockingQueue<Block> full, BlockingQueue<Block> free,
                             Timings t) {
        Block[] current = new Block[1];
        long started = System.nanoTime();
        long[] waited = new long[1];
        try {
            current[0] = free.take();
            source.hops((buf, index) -> {
                Block b = current[0];
                long frontEnd = prepare(front, buf, b, t);
                if (b.count == BLOCK_HOPS) {
                    try {
                        full.put(b);
                        current[0] = free.take();
                    } catch (InterruptedException e) {
                        throw new Stopped();
                    }
                    waited[0] += System.nanoTime() - frontEnd;
                }
            });
            t.readerBusyNanos = System.nanoTime() - started - waited[0];
            current[0].last = true;
            full.put(current[0]);
        } catch (Stopped | InterruptedException e) {
            // the consumer stopped: nobody waits for more
        } catch (Throwable e) {
            Block b = current[0];
            if (b != null) {
                b.failure = e;
                b.last = true;
                try {
                    full.put(b);
                } catch (InterruptedException ignored) {
                    // the consumer stopped
                }
            }
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
