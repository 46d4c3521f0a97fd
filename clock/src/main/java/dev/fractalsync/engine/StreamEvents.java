package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;

/**
 * Turns the stream of slow states into discrete events: beats ({@link BeatEventDetector}), section changes (the
 * most probable label, once it has led for {@code minSectionSeconds}; dated when it took the lead) and boundary
 * warnings (a hazard crossing {@code threshold} upwards; armed again once it falls {@value #REARM_MARGIN} below).
 */
public final class StreamEvents {
    static final double REARM_MARGIN = 0.1;

    private final double hopSeconds;
    private final double threshold;
    private final double minSectionSeconds;
    private final BeatEventDetector beats;
    private final boolean[] armed = new boolean[Horizons.COUNT];

    private SectionLabel current;
    private SectionLabel leader;
    private double leaderSince;

    public StreamEvents(double hopSeconds, double boundaryThreshold, double minSectionSeconds) {
        if (!(boundaryThreshold > 0 && boundaryThreshold <= 1)) {
            throw new IllegalArgumentException("boundary threshold must be in (0, 1], got " + boundaryThreshold);
        }
        if (!(minSectionSeconds >= 0)) {
            throw new IllegalArgumentException("minimum section time must be >= 0 s, got " + minSectionSeconds);
        }
        this.hopSeconds = hopSeconds;
        this.threshold = boundaryThreshold;
        this.minSectionSeconds = minSectionSeconds;
        this.beats = new BeatEventDetector(hopSeconds);
        reset();
    }

    /** Feeds the next state and hands every event it causes to {@code listener}. */
    public void accept(SlowState s, EngineListener listener) {
        listener.onSlowState(s);
        beats.accept(s.beat(), listener::onBeat);
        double t = s.beat().tSec();
        StructureState st = s.structure();
        int best = 0;
        for (int i = 1; i < SectionLabel.COUNT; i++) {
            if (st.sectionProb(i) > st.sectionProb(best)) {
                best = i;
            }
        }
        SectionLabel label = SectionLabel.ofIndex(best);
        if (label != leader) {
            leader = label;
            leaderSince = Math.max(0, t - hopSeconds);
        }
        if (leader != current && t - leaderSince >= minSectionSeconds) {
            listener.onSectionChange(new SectionChange(leaderSince, current, leader, st.sectionProb(best)));
            current = leader;
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
        leader = null;
        leaderSince = 0;
    }
}
