package dev.fractalsync.beat.beatnet;

import java.util.Arrays;

/**
 * The meter stage of {@link BeatParticleFilter}: an exact forward filter (no particles) over the states (beats per
 * bar m, position k) for the allowed m, stepped once per declared beat. From one beat to the next k advances by one,
 * or by n when n beats passed (beats the beat stage missed); the meter may change at a bar end
 * ({@value #METER_SWITCH}), and with {@value #PHASE_SLIP} the count slips by one beat either way. A beat is observed
 * through the largest downbeat and beat activations d, b around it: likelihood d + {@value #OBSERVATION_FLOOR} at a
 * bar start, b + {@value #OBSERVATION_FLOOR} elsewhere; the harmonic change across the previous beat weights the
 * states in which that beat started a bar ({@link #HARMONIC_GAMMA}). No allocation after construction.
 */
final class MeterFilter {
    /** Probability of changing the number of beats per bar at a bar end. */
    static final double METER_SWITCH = 0.01;
    /** Probability that the beat stage added or dropped a beat (split evenly). */
    static final double PHASE_SLIP = 0.01;
    /** Added to both likelihoods, so one misleading activation cannot zero a hypothesis. */
    static final double OBSERVATION_FLOOR = 0.1;
    /**
     * Harmonic evidence: weight exp(HARMONIC_GAMMA * (c / mean - 1)) for "the previous beat started a bar", where c
     * is the chroma change across that beat and mean the mean change over the last {@value #HARMONIC_HISTORY} beats.
     */
    static final double HARMONIC_GAMMA = 2;
    static final int HARMONIC_HISTORY = 16;
    /** The most beats one step may advance (a gap of n beat periods since the last beat = n beats). */
    static final int MAX_BEAT_STEP = 4;

    private final BarPointerSpace space;
    /** Transition between (beats per bar, position) states from one beat to the next, per number of beats. */
    private final double[][][] transition;
    private final double[] prior;
    private final double[] posterior;
    private final double[] changeHistory = new double[HARMONIC_HISTORY];
    private int changes;

    MeterFilter(int[] beatsPerBar) {
        space = BarPointerSpace.ofIntervals(beatsPerBar);
        int nm = space.numTempi();
        int ns = space.numStates();
        transition = new double[MAX_BEAT_STEP][ns][ns];
        double stay = 1 - PHASE_SLIP - (nm > 1 ? METER_SWITCH : 0);
        for (int steps = 1; steps <= MAX_BEAT_STEP; steps++) {
            for (int from = 0; from < ns; from++) {
                double[] row = transition[steps - 1][from];
                int t = space.tempoOf(from);
                int m = space.interval(t);
                int k = space.positionOf(from) + steps;
                if (k >= m) {
                    // the bar ends on the way: the meter may change there
                    for (int t2 = 0; t2 < nm; t2++) {
                        int m2 = space.interval(t2);
                        row[space.firstState(t2) + (k - m) % m2] += t2 == t ? stay : METER_SWITCH / (nm - 1);
                    }
                } else {
                    row[space.firstState(t) + k] += stay;
                }
                row[space.firstState(t) + (k - 1) % m] += PHASE_SLIP / 2;     // the beat stage added a beat
                row[space.firstState(t) + (k + 1) % m] += PHASE_SLIP / 2;     // ... or dropped one
            }
        }
        prior = new double[ns];
        posterior = new double[ns];
        reset();
    }

    void reset() {
        Arrays.fill(posterior, 1.0 / posterior.length);
        changes = 0;
    }

    /**
     * Probability that the beat {@code steps} beats after the last stepped one starts a bar, from the posterior and
     * transition alone (no observation).
     */
    double predictedDownbeatProbability(int steps) {
        int n = posterior.length;
        double first = 0;
        for (int from = 0; from < n; from++) {
            double p = posterior[from];
            if (p == 0) {
                continue;
            }
            double[] row = transition[Math.min(steps, MAX_BEAT_STEP) - 1][from];
            for (int to = 0; to < n; to++) {
                if (space.isFirst(to)) {
                    first += p * row[to];
                }
            }
        }
        return first;
    }

    /**
     * One declared beat, {@code steps} (1..{@value #MAX_BEAT_STEP}) beats after the previous one, with downbeat and
     * beat evidence {@code d}, {@code b} and the harmonic change across the previous beat ({@code change}, -1 when
     * unknown). Returns the posterior probability that this beat starts a bar.
     */
    double step(int steps, double d, double b, double change) {
        int n = posterior.length;
        Arrays.fill(prior, 0);
        for (int from = 0; from < n; from++) {
            double p = posterior[from];
            if (p == 0) {
                continue;
            }
            double[] row = transition[steps - 1][from];
            for (int to = 0; to < n; to++) {
                prior[to] += p * row[to];
            }
        }
        double ld = d + OBSERVATION_FLOOR;
        double lb = b + OBSERVATION_FLOOR;
        double harmonic = 1;
        if (change >= 0) {
            changeHistory[changes % HARMONIC_HISTORY] = change;
            changes++;
            int h = Math.min(changes, HARMONIC_HISTORY);
            if (h >= 4) {
                double mean = 0;
                for (int k = 0; k < h; k++) {
                    mean += changeHistory[k];
                }
                mean /= h;
                harmonic = Math.exp(HARMONIC_GAMMA * (change / (mean + 1e-9) - 1));
            }
        }
        double total = 0;
        for (int s = 0; s < n; s++) {
            double l = space.isFirst(s) ? ld : lb;
            int m = space.interval(space.tempoOf(s));
            if (Math.floorMod(space.positionOf(s) - steps, m) == 0) {
                l *= harmonic;   // the previous beat started a bar
            }
            posterior[s] = prior[s] * l;
            total += posterior[s];
        }
        if (!(total > 1e-300) || Double.isInfinite(total)) {
            // no usable evidence: keep the prediction (the transition rows sum to 1, so does the prior)
            System.arraycopy(prior, 0, posterior, 0, n);
            total = 1;
        }
        double first = 0;
        for (int s = 0; s < n; s++) {
            posterior[s] /= total;
            if (space.isFirst(s)) {
                first += posterior[s];
            }
        }
        return first;
    }
}
