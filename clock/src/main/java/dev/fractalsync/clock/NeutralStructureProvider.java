package dev.fractalsync.clock;

import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.StructureProvider;

/**
 * Knows nothing: uniform section probabilities and zero hazard. Always available; the host's fallback when a
 * structure provider keeps failing, and the choice when no structure provider is installed.
 */
public final class NeutralStructureProvider implements StructureProvider {
    public static final String ID = "neutral";
    private static final StructureState NEUTRAL = StructureState.neutral();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Neutral structure (no information)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) {
    }

    @Override
    public boolean readsPitch() {
        return false;
    }

    @Override
    public StructureState process(StructureInput input) {
        return NEUTRAL;
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }
}
