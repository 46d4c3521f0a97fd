package dev.fractalsync.api.spi;

import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;

/** Estimates song structure: called every {@code decimation} hops with windows of features and beat features. */
public interface StructureProvider extends Provider {
    /** Hazard probabilities must be non-decreasing across horizons; section probabilities sum to 1. */
    StructureState process(StructureInput input);
}
