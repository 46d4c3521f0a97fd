package dev.fractalsync.render;

import dev.fractalsync.api.stats.Percentile;
import java.util.Arrays;
import java.util.Locale;

/**
 * Frame timing: work time per frame (source, kernel, upscale, HUD, present) in a bounded ring, and the wall-clock
 * span, for FPS and p50/p99 at the end of a run.
 */
public final class FrameStats {
    private final long[] frameNanos;
    private long count;
    private long firstStart = -1;
    private long lastEnd;
    private double scaleSum;
    private double kernelNanosSum;

    public FrameStats() {
        this(1 << 16);
    }

    public FrameStats(int capacity) {
        frameNanos = new long[capacity];
    }

    /**
     * Records one frame.
     *
     * @param startNanos    {@link System#nanoTime()} when the frame began
     * @param endNanos      when it was presented
     * @param internalScale internal-resolution scale used (1 = nominal)
     * @param kernelNanos   part of the frame spent computing the fractal (the rest: source, upscale, HUD, present)
     */
    public void record(long startNanos, long endNanos, double internalScale, long kernelNanos) {
        if (firstStart < 0) {
            firstStart = startNanos;
        }
        lastEnd = endNanos;
        frameNanos[(int) (count % frameNanos.length)] = endNanos - startNanos;
        count++;
        scaleSum += internalScale;
        kernelNanosSum += kernelNanos;
    }

    public long frames() {
        return count;
    }

    public Summary summary() {
        int n = (int) Math.min(count, frameNanos.length);
        if (n == 0) {
            return new Summary(0, 0, 0, 0, 0, 1, 0);
        }
        long[] sorted = Arrays.copyOf(frameNanos, n);
        Arrays.sort(sorted);
        double seconds = (lastEnd - firstStart) / 1e9;
        double fps = seconds > 0 ? count / seconds : 0;
        return new Summary(count, fps, Percentile.ofSorted(sorted, 0.50) / 1e6,
                Percentile.ofSorted(sorted, 0.99) / 1e6, seconds, scaleSum / count,
                kernelNanosSum / count / 1e6);
    }

    /** Aggregate figures of a run. */
    public record Summary(long frames, double fps, double p50Ms, double p99Ms, double seconds, double meanScale,
                          double meanKernelMs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d frames in %.1f s: %.1f FPS, frame time p50 %.2f ms, p99 %.2f ms, "
                    + "mean kernel %.2f ms, mean internal scale %.2f", frames, seconds, fps, p50Ms, p99Ms,
                    meanKernelMs, meanScale);
        }
    }
}
