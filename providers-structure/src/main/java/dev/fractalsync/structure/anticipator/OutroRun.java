package dev.fractalsync.structure.anticipator;

/**
 * Counts how long {@code outro} has outweighed the other labels: seconds with outro the most likely label, minus
 * seconds without, never below zero. A count of {@link #limit} seconds is an ending longer than any song's: continuous
 * music (a DJ set, a gapless album) has moved on to the next song without the pause that would start a new context.
 */
final class OutroRun {
    private final double limit;
    private double seconds;

    OutroRun(double limitSeconds) {
        this.limit = limitSeconds;
    }

    /** Adds {@code dt} seconds; true when the count reaches the limit (it then starts again from zero). */
    boolean advance(boolean outroMostLikely, double dt) {
        seconds = outroMostLikely ? seconds + dt : Math.max(0, seconds - dt);
        if (seconds >= limit) {
            seconds = 0;
            return true;
        }
        return false;
    }

    void reset() {
        seconds = 0;
    }
}
