package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Several listeners as one, isolated from each other and from the engine: one that throws is skipped for that
 * event (logged once per event kind) and the others still get it.
 */
public final class IsolatedListeners implements EngineListener {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedListeners.class);

    private enum Kind { BEAT, SECTION, BOUNDARY, SLOW_STATE }

    private final List<EngineListener> targets;
    private final Set<Kind> reported = EnumSet.noneOf(Kind.class);

    public IsolatedListeners(List<EngineListener> targets) {
        this.targets = List.copyOf(targets);
    }

    private <T> void each(Kind kind, T event, BiConsumer<EngineListener, T> call) {
        for (EngineListener l : targets) {
            try {
                call.accept(l, event);
            } catch (RuntimeException e) {
                boolean first;
                synchronized (reported) {
                    first = reported.add(kind);
                }
                if (first) {
                    LOG.warn("a {} listener threw {}; skipped (reported once)", kind.name().toLowerCase(java.util.Locale.ROOT),
                            e.toString());
                }
            }
        }
    }

    @Override
    public void onBeat(BeatEvent beat) {
        each(Kind.BEAT, beat, EngineListener::onBeat);
    }

    @Override
    public void onSectionChange(SectionChange change) {
        each(Kind.SECTION, change, EngineListener::onSectionChange);
    }

    @Override
    public void onBoundaryAhead(BoundaryWarning warning) {
        each(Kind.BOUNDARY, warning, EngineListener::onBoundaryAhead);
    }

    @Override
    public void onSlowState(SlowState state) {
        each(Kind.SLOW_STATE, state, EngineListener::onSlowState);
    }
}
