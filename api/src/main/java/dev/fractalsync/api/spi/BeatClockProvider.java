package dev.fractalsync.api.spi;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;

/** Tracks beats: called once per contract hop, in stream order, with the hop's mono PCM. */
public interface BeatClockProvider extends Provider {
    /**
     * Consumes one hop and returns the beat clock at the hop's end ({@code hop.tSec()}). {@code beatCount} must never
     * decrease between calls until {@link #reset()}.
     */
    BeatClockState process(AudioHop hop);
}
