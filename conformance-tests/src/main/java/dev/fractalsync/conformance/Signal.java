package dev.fractalsync.conformance;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.StructureState;

/**
 * One input stream of the suite, at the contract rate, as the host's front end hands it to providers (the leveled PCM
 * beat providers receive, through the same input-level stage), with what the host derives from it hop by hop:
 * the F_audio frame, the F_pitch frame (width 0 for a contract before 1.5), a beat clock state and a structure state (ground truth for the demo song, a plain clock and
 * neutral structure for synthetic signals).
 */
record Signal(String name, float[] samples, int hops, float[][] frames, float[][] pitch, BeatClockState[] beats,
              StructureState[] structures) {
}
