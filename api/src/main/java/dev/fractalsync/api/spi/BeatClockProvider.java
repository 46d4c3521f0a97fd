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

    /**
     * Consumes {@code count} consecutive hops and writes the beat clock at the end of each to {@code out[0..count)}:
     * exactly what {@link #process} returns for them one after the other. Offline analysis hands hops over in blocks
     * so that a provider can batch its work (one inference call for many frames, say); the conformance suite checks
     * the equality. The hops are views, valid during this call only. A throw fails every hop of the block. The
     * default calls {@link #process} for each hop.
     */
    default void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = process(hops[i]);
        }
    }

    /**
     * Whether, at the end of the hop ending at {@code tSec} (the last hop processed, or one of the last block's), this
     * provider's own evidence says the pulse it tracks is the subdivision of the music's beat: a slow song followed on
     * its eighth notes, whose beat is every other tracked one. Unless the user chose a metrical level, the host then
     * publishes half time (pairs of tracked beats starting on the provider's downbeats). Called by the host after each
     * hop; must be cheap and must not throw. The default never says so.
     */
    default boolean suggestsHalfTime(double tSec) {
        return false;
    }
}
