package dev.fractalsync.api;

/**
 * What a structure provider sees at one slow step.
 *
 * @param hopIndex    hop number of the newest frame in the windows
 * @param tSec        stream time of that hop
 * @param audioWindow last T_slow F_audio frames, oldest first
 * @param beatWindow  last T_slow F_beat frames aligned with {@code audioWindow}
 * @param beat        the beat clock state of the newest hop
 */
public record StructureInput(long hopIndex, double tSec, FeatureWindow audioWindow, FeatureWindow beatWindow,
                             BeatClockState beat) {
}
