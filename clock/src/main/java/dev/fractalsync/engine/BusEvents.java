package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.bus.StateBus;

/** Publishes the engine's events on the bus: beats on {@code fractalsync.beat}, the rest on {@code fractalsync.section}. */
public final class BusEvents implements EngineListener {
    private final StateBus bus;

    public BusEvents(StateBus bus) {
        this.bus = bus;
    }

    @Override
    public void onBeat(BeatEvent beat) {
        bus.publishBeat(beat);
    }

    @Override
    public void onSectionChange(SectionChange change) {
        bus.publishSection(change);
    }

    @Override
    public void onBoundaryAhead(BoundaryWarning warning) {
        bus.publishBoundary(warning);
    }
}
