package dev.fractalsync.api;

/**
 * What a structure provider sees at one slow step.
 *
 * @param hopIndex    hop number of the newest frame in the windows
 * @param tSec        stream time of that hop
 * @param audioWindow last T_slow F_audio frames, oldest first
 * @param beatWindow  last T_slow F_beat frames aligned with {@code audioWindow}
 * @param beat        the beat clock state of the newest hop
 * @param pitchWindow last T_slow F_pitch (chroma) frames aligned with {@code audioWindow} (contract 1.5); a host
 *                    without pitch frames passes a window of width 0
 */
public record StructureInput(long hopIndex, double tSec, FeatureWindow audioWindow, FeatureWindow beatWindow,
                             BeatClockState beat, FeatureWindow pitchWindow) {
    public StructureInput {
        if (pitchWindow == null) {
            pitchWindow = FeatureWindow.of(new float[0], audioWindow == null ? 0 : audioWindow.frames(), 0);
        }
    }

    /** An input without pitch frames (a width-0 pitch window), as hosts before contract 1.5 gave. */
    public StructureInput(long hopIndex, double tSec, FeatureWindow audioWindow, FeatureWindow beatWindow,
                          BeatClockState beat) {
        this(hopIndex, tSec, audioWindow, beatWindow, beat, null);
    }
}
