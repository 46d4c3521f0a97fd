package dev.fractalsync.api;

/**
 * What a controller sees at one render frame.
 *
 * @param tSec         fast-clock stream time of the frame
 * @param dtSec        time since the previous frame
 * @param fastFeatures last T_fast F_audio frames, oldest first (micro features)
 * @param beat         beat clock advanced predictively to {@code tSec}
 * @param structure    smoothed structure state
 * @param previous     the control vector of the previous frame ({@link ControlVector#neutral()} at start)
 */
public record ControllerInput(double tSec, double dtSec, FeatureWindow fastFeatures, BeatClockState beat,
                              StructureState structure, ControlVector previous) {
}
