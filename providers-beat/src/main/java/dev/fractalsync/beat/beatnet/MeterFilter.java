package dev.fractalsync.beat.beatnet;

import java.util.Arrays;

/**
 * The meter stage of {@link BeatParticleFilter}: an exact forward filter (no particles) over the states (beats per
 * bar m, position k) for the allowed m, stepped once per declared beat. From one beat to the next k advances by one,
 * or by n when n beats passed (beats the beat stage missed); the meter may change at a bar end
 * ({@value #METER_SWITCH}), and with {@value #PHASE_SLIP} the count slips by one beat either way. A bar of m beats
 * whose double 2m is also allowed leaks into the first half of a 2m bar ({@value #HALVED_BAR_LEAK} per bar): the
 * accents of a 4/4 bar's third beat and of a 2/4 bar's first are alike, and a musician writes 4/4 unless the music
 * insists. A beat is observed through the largest downbeat and beat activations d, b around it: likelihood
 * d + {@value #OBSERVATION_FLOOR} at a bar start, b + {@value #OBSERVATION_FLOOR} on a plain beat, and on the middle
 * beat of an even bar of four or more (the secondary accent) the mix {@value #HALF_BAR_ACCENT} of the first and the
 * rest of the second; the harmonic change across the previous beat weights the states in which that beat started a
 * bar ({@link #HARMONIC_POWER}). No allocation after construction. Constants chosen on the training-side tuning set
 * (docs/downbeats.md, "Secondary accents and 2/4").
 */
final class MeterFilter {
    /** Probability of changing the number of beats per bar at a bar end. */
    static final double METER_SWITCH = 0.003;
    /** Probability that the beat stage added or dropped a beat (split evenly). */
    static final double PHASE_SLIP = 0.0005;
    /** Probability, at the end of an m-beat bar when 2m beats per bar is allowed, that it was half of a 2m bar. */
    static final double HALVED_BAR_LEAK = 0.05;
    /** Weight of the bar-start likelihood on the middle beat of an even bar of four or more beats. */
    static final double HALF_BAR_ACCENT = 0.8;
    /**
     * Added to both likelihoods, so one misleading activation cannot zero a hypothesis. This large, it also tempers
     * the activations against the harmonic evidence: the CRNN's downbeat activation barely tells a bar's first beat
     * from its third outside the drum families, the chord change does.
     */
    static final double OBSERVATION_FLOOR = 0.6;
    /**
     * Harmonic evidence: weight (c / mean)^HARMONIC_POWER for "the previous beat started a bar", where c is the
     * chroma change across that beat and mean the mean change over the last {@value #HARMONIC_HISTORY} beats.
     */
    static final double HARMONIC_POWER = 2;
    /** The least ratio c / mean the harmonic weight uses: no change at all is strong, not absolute, evidence. */
    static final double HARMONIC_MIN_RATIO = 1e-3;
    static final int HARMONIC_HISTORY = 16;
    /** The most beats one step may advance (a gap of n beat periods since the last beat = n beats). */
    static final int MAX_BEAT_STEP = 4;

    private final BarPointerSpace space;
    /** Transition between (beats per bar, position) states from one beat to the next, per number of beats. */
    private final double[][][] transition;
    private final double[] prior;
    /** Whether a state is the middle beat of an even bar of four or more beats. */
    private final boolean[] halfBar;
    private final double[] posterior;
    private final double[] changeHistory = new double[HARMONIC_HISTORY];
    private int changes;

    MeterFilter(int[] beatsPerBar) {
        space = BarPointerSpace.ofIntervals(beatsPerBar);
        int nm = space.numTempi();
        int ns = space.numStates();
        transition = new double[MAX_BEAT_STEP][ns][ns];
        for (int steps = 1; steps <= MAX_BEAT_STEP; steps++) {
            for (int from = 0; from < ns; from++) {
                double[] row = transition[steps - 1][from];
                int t = space.tempoOf(from);
                int m = space.interval(t);
                int k = space.positionOf(from) + steps;
                if (k >= m) {
                    // the bar ends on the way: the meter may change there
                    int doubled = meterIndex(2 * m);
                    double leak = doubled >= 0 ? HALVED_BAR_LEAK : 0;
                    double switchEach = nm > 1 ? METER_SWITCH / (nm - 1) : 0;
                    double stay = 1 - PHASE_SLIP - (nm > 1 ? METER_SWITCH : 0) - leak;
                    for (int t2 = 0; t2 < nm; t2++) {
                        int m2 = space.interval(t2);
                        row[space.firstState(t2) + (k - m) % m2] += t2 == t ? stay : switchEach;
                    }
                    if (doubled >= 0) {
                        row[space.firstState(doubled) + (k - m) % m] += leak;
                    }
                } else {
                    row[space.firstState(t) + k] += 1 - PHASE_SLIP;
                }
                row[space.firstState(t) + (k - 1) % m] += PHASE_SLIP / 2;     // the beat stage added a beat
                row[space.firstState(t) + (k + 1) % m] += PHASE_SLIP / 2;     // ... or dropped one
            }
        }
        halfBar = new boolean[ns];
        for (int s = 0; s < ns; s++) {
            int m = space.interval(space.tempoOf(s));
            halfBar[s] = m >= 4 && m % 2 == 0 && space.positionOf(s) == m / 2;
        }
        prior = new double[ns];
        posterior = new double[ns];
        reset();
    }

    private int meterIndex(int beatsPerBar) {
        for (int t = 0; t < space.numTempi(); t++) {
            if (space.interval(t) == beatsPerBar) {
                return t;
            }
        }
        return -1;
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
                harmonic = Math.pow(Math.max(change / (mean + 1e-9), HARMONIC_MIN_RATIO), HARMONIC_POWER);
            }
        }
        double total = 0;
        for (int s = 0; s < n; s++) {
            double l = space.isFirst(s) ? ld : halfBar[s] ? HALF_BAR_ACCENT * ld + (1 - HALF_BAR_ACCENT) * lb : lb;
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
