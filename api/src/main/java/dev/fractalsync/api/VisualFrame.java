package dev.fractalsync.api;

import java.util.Objects;

/**
 * Everything the renderer needs for one frame.
 *
 * @param tSec      fast-clock time of the frame
 * @param control   controller output for this frame
 * @param beat      beat clock advanced to {@code tSec}
 * @param structure smoothed structure probabilities (colour mix, HUD bars)
 * @param section   the held section label of the slow state the frame was predicted from ({@link SlowState#section()}):
 *                  what a label on the frame (HUD, contact sheet) shows
 * @param status    short text for the HUD, e.g. "fallback: oscillator"; may be empty, never null
 */
public record VisualFrame(double tSec, ControlVector control, BeatClockState beat, StructureState structure,
                          SectionLabel section, String status) {
    public VisualFrame {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(beat, "beat");
        Objects.requireNonNull(structure, "structure");
        Objects.requireNonNull(section, "section");
        status = status == null ? "" : status;
    }
}
