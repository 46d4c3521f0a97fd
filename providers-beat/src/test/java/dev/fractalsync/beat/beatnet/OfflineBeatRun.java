package dev.fractalsync.beat.beatnet;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.dsp.InputLevel;
import dev.fractalsync.api.spi.BeatClockProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Test harness for a beat clock provider alone (the product runs songs through {@code FractalSyncEngine.analyze}):
 * drives it over a whole mono signal at the contract rate, hop by hop as the slow clock would,
 * through the contract's {@link InputLevel} stage, and records the beats it reports ({@link BeatEventDetector}).
 */
public final class OfflineBeatRun {
    /** Beats and downbeats (estimated times), final tempo and the wall time spent inside {@code process}. */
    public record Result(double[] beats, double[] downbeats, double finalBpm, double meanConf, long hops,
                         long processNanos, double audioSeconds) {
        public double realTimeFactor() {
            return audioSeconds / (processNanos / 1e9);
        }
    }

    private OfflineBeatRun() {
    }

    public static Result run(BeatClockProvider provider, float[] samples, int sampleRate, int hop) {
        return run(provider, samples, sampleRate, hop, null);
    }

    /** As {@link #run(BeatClockProvider, float[], int, int)}, telling {@code progress} the hops done (null: nobody). */
    public static Result run(BeatClockProvider provider, float[] samples, int sampleRate, int hop,
                             java.util.function.LongConsumer progress) {
        try {
            return run(provider, sink -> HopCutter.cut(samples, hop, sink), sampleRate, hop, progress);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Produces contract hops in order, the last one zero-padded (e.g. a file decoded and resampled as it is read). */
    @FunctionalInterface
    public interface Hops {
        void feed(HopCutter.HopSink sink) throws Exception;
    }

    /**
     * As {@link #run(BeatClockProvider, float[], int, int, java.util.function.LongConsumer)} over the hops of
     * {@code hops}, which are never held: a song of any length in a small, fixed amount of memory. What the source
     * throws (a file that cannot be read) is rethrown.
     */
    public static Result run(BeatClockProvider provider, Hops hops, int sampleRate, int hop,
                             java.util.function.LongConsumer progress) throws Exception {
        float[] buffer = new float[hop];
        AudioHop view = new AudioHop(buffer);
        double hopSeconds = (double) hop / sampleRate;
        BeatEventDetector detector = new BeatEventDetector(hopSeconds);
        List<BeatEvent> events = new ArrayList<>();
        long[] nanos = {0};
        double[] confSum = {0};
        long[] count = {0};
        BeatClockState[] last = {null};
        InputLevel level = new InputLevel(hopSeconds);
        hops.feed((buf, h) -> {
            System.arraycopy(buf, 0, buffer, 0, hop);
            level.apply(buffer, hop);
            view.advance(h, (h + 1) * hopSeconds);
            long t0 = System.nanoTime();
            BeatClockState s = provider.process(view);
            nanos[0] += System.nanoTime() - t0;
            confSum[0] += s.conf();
            last[0] = s;
            count[0] = h + 1;
            detector.accept(s, events::add);
            if (progress != null && (h & 63) == 63) {
                progress.accept(h + 1);
            }
        });
        long n = count[0];
        double[] beats = events.stream().mapToDouble(BeatEvent::tSec).toArray();
        double[] downs = events.stream().filter(BeatEvent::downbeat).mapToDouble(BeatEvent::tSec).toArray();
        return new Result(beats, downs, last[0] == null ? Double.NaN : last[0].bpm(),
                n == 0 ? 0 : confSum[0] / n, n, nanos[0], (double) n * hop / sampleRate);
    }
}
