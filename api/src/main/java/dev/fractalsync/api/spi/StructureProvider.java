package dev.fractalsync.api.spi;

import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;

/** Estimates song structure: called every {@code decimation} hops with windows of features and beat features. */
public interface StructureProvider extends Provider {
    /** Hazard probabilities must be non-decreasing across horizons; section probabilities sum to 1. */
    StructureState process(StructureInput input);

    /**
     * Estimates {@code count} consecutive inputs and writes the states to {@code out[0..count)}: exactly what
     * {@link #process} returns for them one after the other. Offline analysis hands inputs over in blocks (fewer
     * thread hand-offs; a provider may batch its inference). The inputs' windows are valid during this call only.
     * A throw fails every input of the block. The default calls {@link #process} for each.
     */
    default void processBlock(StructureInput[] inputs, int count, StructureState[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = process(inputs[i]);
        }
    }

    /**
     * Whether {@link #process} reads {@link StructureInput#pitchWindow()}; asked once, after {@link #open}. A provider
     * that answers {@code false} gets a window of zeros there, and the host skips the chroma transform, about half of
     * the front end's time. The default, {@code true}, is always safe.
     */
    default boolean readsPitch() {
        return true;
    }
}
