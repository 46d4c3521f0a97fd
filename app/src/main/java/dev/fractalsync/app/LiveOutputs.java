package dev.fractalsync.app;

import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.LiveDriver;
import dev.fractalsync.engine.BusEvents;
import dev.fractalsync.engine.EngineListener;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.IsolatedListeners;
import dev.fractalsync.engine.LiveEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live event outputs of {@code run} and {@code analyze-node}: beats at their predicted instants and section
 * events, on the bus and on whatever else the options ask for. Follows the stream clock of the current driver.
 */
final class LiveOutputs implements AutoCloseable {
    private final AtomicReference<LiveDriver> driver = new AtomicReference<>();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final LiveEvents events;

    LiveOutputs(FractalSyncEngine engine, StateBus bus, double hopSeconds, LiveOutputOptions options) {
        List<EngineListener> targets = new ArrayList<>();
        targets.add(new BusEvents(bus));
        owned.addAll(options.open(targets));
        events = new LiveEvents(hopSeconds, 0.5, () -> {
            LiveDriver d = driver.get();
            return d == null ? 0 : d.streamTime();
        }, new IsolatedListeners(targets));
        engine.addStateListener(events);
    }

    /** The driver whose stream clock times the beats from now on. */
    void follow(LiveDriver d) {
        driver.set(d);
    }

    @Override
    public void close() {
        events.close();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                // an output that fails to close has nothing left to send
            }
        }
    }
}
