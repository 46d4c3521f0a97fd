package dev.fractalsync.clock;

/**
 * The beat grid the fast clock predicts from: beat number {@code anchorCount} sounded at {@code anchorTime} (stream
 * seconds) and beats follow every {@code period} seconds. Fitted by {@link BeatAligner} to beat instants taken from
 * the audio's onsets, so it is both less biased and less jittery than the tracker's own beat instants.
 *
 * @param anchorCount published beat count from the anchor beat on
 * @param anchorTime  fitted instant of that beat
 * @param period      seconds per beat
 * @param anchors     how many beats the fit used
 */
public record BeatGrid(long anchorCount, double anchorTime, double period, int anchors) {
    public BeatGrid {
        if (!(period > 0) || !Double.isFinite(anchorTime)) {
            throw new IllegalArgumentException("beat grid needs a positive period and a finite anchor, got "
                    + period + " / " + anchorTime);
        }
    }

    /** Beats since the anchor beat at {@code tSec}, counting from {@code anchorCount} (fractional part = phase). */
    public double position(double tSec) {
        return anchorCount + (tSec - anchorTime) / period;
    }
}
