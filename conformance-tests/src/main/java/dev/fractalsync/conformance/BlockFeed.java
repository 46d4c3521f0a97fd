package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;

import java.util.List;

/**
 * A feed whose inputs can also reach the provider through its block call ({@code processBlock}), as offline
 * analysis hands them over. One feed is driven either step by step or block by block, never both.
 */
interface BlockFeed<P extends Provider, O> extends Feed<P, O> {
    /**
     * Builds inputs {@code first .. first + count - 1} (the block right after the previous one) and passes them to the
     * provider's block call at once; returns the {@code count} outputs it wrote, null where it wrote none.
     */
    List<O> stepBlock(P provider, int first, int count);
}
