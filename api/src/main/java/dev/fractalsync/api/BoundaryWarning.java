package dev.fractalsync.api;

/**
 * The structure provider's hazard of a section boundary within {@code horizonBeats} beats crossed the threshold.
 *
 * @param tSec         stream time of the state that crossed
 * @param horizonBeats the horizon in beats (1, 2, 4, 8 or 16 in contract v1)
 * @param hazard       the hazard at that horizon, in [0,1]
 * @param threshold    the threshold it crossed
 * @param horizonSec   the horizon in seconds at the tempo of that moment
 */
public record BoundaryWarning(double tSec, int horizonBeats, double hazard, double threshold, double horizonSec) {
    public BoundaryWarning {
        Checks.finite("t_sec", tSec);
        Checks.inClosed("hazard", hazard, 0, 1);
        Checks.inClosed("threshold", threshold, 0, 1);
        Checks.finite("horizon_sec", horizonSec);
        if (horizonBeats < 1) {
            throw new IllegalArgumentException("horizon_beats must be >= 1, got " + horizonBeats);
        }
    }
}
