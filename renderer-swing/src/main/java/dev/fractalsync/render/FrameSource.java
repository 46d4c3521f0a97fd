package dev.fractalsync.render;

import dev.fractalsync.api.VisualFrame;

/** Supplies frames to a renderer; called from the render thread only. */
public interface FrameSource {
    /** The frame to show at renderer time {@code tSec} (seconds since rendering started). */
    VisualFrame frameAt(double tSec);

    /**
     * The frame to show at renderer time {@code tSec} when it will reach the screen {@code presentInSec} later; a
     * source on a live clock predicts for the presentation instant. By default, the frame at {@code tSec + presentInSec}.
     */
    default VisualFrame frameAt(double tSec, double presentInSec) {
        return frameAt(tSec + presentInSec);
    }

    /** True once the source has nothing more to show (end of a file); a live source never finishes. */
    boolean finished();
}
