package dev.fractalsync.api;

/**
 * One beat as a streaming beat clock reported it.
 *
 * @param tSec        estimated instant of the beat in stream seconds
 * @param beatCount   the beat's number in the stream (1 for the first)
 * @param bpm         tempo reported with the beat
 * @param conf        tracker confidence in [0,1]
 * @param downbeat    whether the tracker took it for the first beat of a bar
 * @param barPosition position in the bar, 1 on a downbeat; 0 until the first downbeat has been seen
 */
public record BeatEvent(double tSec, long beatCount, double bpm, double conf, boolean downbeat, int barPosition) {
    public BeatEvent {
        Checks.finite("t_sec", tSec);
        Checks.finite("bpm", bpm);
        Checks.inClosed("conf", conf, 0, 1);
        if (beatCount < 1 || barPosition < 0) {
            throw new IllegalArgumentException("beat_count must be >= 1 and bar_position >= 0, got " + beatCount
                    + ", " + barPosition);
        }
    }
}
