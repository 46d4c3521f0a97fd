package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;

/**
 * What the fast clock hands to the controller and renderer for one render frame.
 *
 * @param tSec         render time on the stream clock
 * @param dtSec        time since the previous sample
 * @param beat         beat clock advanced predictively to {@code tSec}
 * @param structure    smoothed section and hazard probabilities
 * @param section      the held section label of {@code source} ({@link SlowState#section()}), as decided once by
 *                     {@link SectionDecision}
 * @param fastFeatures the last T_fast F_audio frames, oldest first (owned by the fast clock, valid until the next sample)
 * @param source       the slow state this frame was predicted from (null before the first one)
 */
public record FastFrame(double tSec, double dtSec, BeatClockState beat, StructureState structure, SectionLabel section,
                        FeatureWindow fastFeatures, SlowState source) {
}
