package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;

/**
 * Turns the stream of slow states into discrete events: beats ({@link BeatEventDetector}), section changes (a state
 * whose held section, {@link SlowState#section()}, differs from the previous state's; dated at that state: the
 * decision itself is {@link dev.fractalsync.clock.SectionDecision}'s, made once by the slow clock) and boundary
 * warnings (a hazard crossing {@code threshold} upwards; armed again once it falls {@value #REARM_MARGIN} below).
 */
public final class StreamEvents {
    static final double REARM_MARGIN = 0.1;

    private final double threshold;
    private final BeatEventDetector beats;
    private final boolean[] armed = new boolean[Horizons.COUNT];

    private SectionLabel current;

    public StreamEvents(double hopSeconds, double boundaryThreshold) {
        if (!(boundaryThreshold > 0 && boundaryThreshold <= 1)) {
            throw new IllegalArgumentException("boundary threshold must be in (0, 1], got " + boundaryThreshold);
        }
        this.threshold = boundaryThreshold;
        this.beats = new BeatEventDetector(hopSeconds);
        reset();
    }

    /** Feeds the next state and hands every event it causes to {@code listener}. */
    public void accept(SlowState s, EngineListener listener) {
        listener.onSlowState(s);
        beats.accept(s.beat(), listener::onBeat);
        double t = s.beat().tSec();
        StructureState st = s.structure();
        SectionLabel held = s.section();
        if (held != current) {
            listener.onSectionChange(new SectionChange(t, current, held, st.sectionProb(held)));
            current = held;
        }
        double[] hazard = st.hazardProbs();
        for (int k = 0; k < hazard.length; k++) {
            if (armed[k] && hazard[k] >= threshold) {
                armed[k] = false;
                int horizon = Horizons.beats(k);
                listener.onBoundaryAhead(new BoundaryWarning(t, horizon, hazard[k], threshold, horizon * s.beat().spb()));
            } else if (!armed[k] && hazard[k] < threshold - REARM_MARGIN) {
                armed[k] = true;
            }
        }
    }

    public void reset() {
        beats.reset();
        java.util.Arrays.fill(armed, true);
        current = null;
    }
}
