package dev.fractalsync.render;

/**
 * Chooses the internal render scale so that the frame time stays inside the budget of the target frame rate.
 * Drops a level quickly when frames run long and climbs back only when the predicted cost of the next level fits
 * with margin, so it does not oscillate. The prediction scales only the part of the work that grows with the internal
 * pixel count (the picture's paint) and keeps the rest (presenting to the window, whose size does not change) as it
 * is: at 1920x1080 under Xvfb presenting took about 7 ms whatever the scale, and a governor that scaled the whole frame
 * dropped to its last level and never climbed (scale 0.29, with 2.5 ms of kernel per frame).
 */
public final class ResolutionGovernor {
    /** Linear scales of the nominal internal size, finest first. */
    static final double[] LEVELS = {1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.42, 0.35, 0.3, 0.25};
    private static final double EMA = 0.2;
    private static final int SETTLE_FRAMES = 8;
    private static final int CLIMB_FRAMES = 45;

    private final double budgetNanos;
    private int level;
    private double emaNanos = -1;
    /** The part of {@link #emaNanos} that grows with the pixel count. */
    private double scaledEmaNanos = -1;
    private int framesAtLevel;

    /**
     * @param targetFps  frame rate to hold
     * @param workShare  part of the frame period the measured work may use (the rest is left for presenting)
     */
    public ResolutionGovernor(double targetFps, double workShare) {
        this.budgetNanos = 1e9 / targetFps * workShare;
    }

    public double scale() {
        return LEVELS[level];
    }

    public int level() {
        return level;
    }

    /** Feeds the measured work time of the frame just rendered at {@link #scale()}, all of it growing with its pixels. */
    public void record(long nanos) {
        record(nanos, nanos);
    }

    /**
     * Feeds the measured work time of the frame just rendered at {@link #scale()}, of which {@code scaledNanos} grows
     * with the internal pixel count (the rest, such as presenting to a window of fixed size, does not).
     */
    public void record(long nanos, long scaledNanos) {
        long scaled = Math.max(0, Math.min(nanos, scaledNanos));
        emaNanos = emaNanos < 0 ? nanos : emaNanos + EMA * (nanos - emaNanos);
        scaledEmaNanos = scaledEmaNanos < 0 ? scaled : scaledEmaNanos + EMA * (scaled - scaledEmaNanos);
        framesAtLevel++;
        if (framesAtLevel < SETTLE_FRAMES) {
            return;
        }
        if (emaNanos > budgetNanos && level < LEVELS.length - 1) {
            change(level + 1);
        } else if (level > 0 && framesAtLevel >= CLIMB_FRAMES) {
            double ratio = LEVELS[level - 1] / LEVELS[level];
            if (predicted(ratio) < 0.8 * budgetNanos) {
                change(level - 1);
            }
        }
    }

    /** The work predicted at a scale {@code ratio} times the current one. */
    private double predicted(double ratio) {
        return emaNanos - scaledEmaNanos + scaledEmaNanos * ratio * ratio;
    }

    private void change(int newLevel) {
        double ratio = LEVELS[newLevel] / LEVELS[level];
        emaNanos = predicted(ratio);
        scaledEmaNanos *= ratio * ratio;
        level = newLevel;
        framesAtLevel = 0;
    }
}
