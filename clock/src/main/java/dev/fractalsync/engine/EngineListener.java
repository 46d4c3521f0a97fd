package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;

/**
 * Receives the engine's events, on the thread that calls {@link FractalSyncEngine#feed}, in stream order. Implement
 * the ones you need. An exception thrown here is logged once per kind and the engine goes on.
 */
public interface EngineListener {
    /** One beat; its time is estimated and may lie slightly before the hop that revealed it. */
    default void onBeat(BeatEvent beat) {
    }

    /** The most probable section changed and has held for the engine's minimum section time. */
    default void onSectionChange(SectionChange change) {
    }

    /** The hazard of a boundary within a horizon crossed the threshold (once per crossing). */
    default void onBoundaryAhead(BoundaryWarning warning) {
    }

    /** Every slow state, one per hop (46.875 per second of audio). */
    default void onSlowState(SlowState state) {
    }
}
