package dev.fractalsync.render;

/**
 * Chooses the internal render scale so that the frame time stays inside the budget of the target frame rate.
 * Drops a level quickly when frames run long and climbs back only when the predicted cost of the next level
 * (proportional to pixel count) fits with margin, so it does not oscillate.
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

    /** Feeds the measured work time of the frame just rendered at {@link #scale()}. */
    public void record(long nanos) {
        emaNanos = emaNanos < 0 ? nanos : emaNanos + EMA * (nanos - emaNanos);
        framesAtLevel++;
        if (framesAtLevel < SETTLE_FRAMES) {
            return;
        }
        if (emaNanos > budgetNanos && level < LEVELS.length - 1) {
            change(level + 1);
        } else if (level > 0 && framesAtLevel >= CLIMB_FRAMES) {
            double ratio = LEVELS[level - 1] / LEVELS[level];
            if (emaNanos * ratio * ratio < 0.8 * budgetNanos) {
                change(level - 1);
            }
        }
    }

    private void change(int newLevel) {
        double ratio = LEVELS[newLevel] / LEVELS[level];
        emaNanos *= ratio * ratio;
        level = newLevel;
        framesAtLevel = 0;
    }
}
