package dev.fractalsync.beat.beatnet;

import static dev.fractalsync.beat.beatnet.BeatParticleFilter.TEMPO_NEIGHBOURHOOD;

/**
 * The beat/tempo stage of {@link BeatParticleFilter}: a distribution over the states of a one-beat bar-pointer space
 * (a period and the position within it), moved one state per frame and corrected by each frame's activation. Either
 * BeatNet's particles ({@link ParticleBeatStage}) or the exact posterior they sample ({@link ExactBeatStage}); both
 * keep the weight on each period current, from which the dominant tempo, the period and the concentration are read.
 */
abstract class BeatStage {
    final BarPointerSpace space;
    final TempoChangeModel tempoChange;
    /** Particles (or, exact, posterior mass) on each period; kept current as the cloud moves. */
    final double[] tempoWeight;
    /** Unit phase vector of every beat state, for the concentration measure. */
    final double[] stateCos;
    final double[] stateSin;

    BeatStage(BarPointerSpace space) {
        this.space = space;
        tempoChange = new TempoChangeModel(space);
        tempoWeight = new double[space.numTempi()];
        stateCos = new double[space.numStates()];
        stateSin = new double[space.numStates()];
        for (int st = 0; st < space.numStates(); st++) {
            double angle = 2 * Math.PI * space.positionOf(st) / space.interval(space.tempoOf(st));
            stateCos[st] = Math.cos(angle);
            stateSin[st] = Math.sin(angle);
        }
    }

    /** The stage {@code stage} asks for; {@code seed} only matters to the particles. */
    static BeatStage of(BeatParticleFilter.Stage stage, BarPointerSpace space, long seed) {
        return switch (stage) {
            case PARTICLES -> new ParticleBeatStage(space, seed);
            case EXACT -> new ExactBeatStage(space, false);
            case EXACT_MADMOM -> new ExactBeatStage(space, true);
        };
    }

    /** Back to the initial distribution, uniform over all states but the very last (the reference's initialisation). */
    abstract void reset();

    /** One frame of motion: every state advances by one; at the end of a beat the period changes (tempo model). */
    abstract void move();

    /**
     * One frame's observation.
     *
     * @param activation the larger of the frame's beat and downbeat activations
     * @param gated      the same, or {@value BeatParticleFilter#FLOOR} when under the declaration gate
     */
    abstract void observe(double activation, double gated);

    /** Signed offset, in frames, of the particles that follow the dominant {@code period} from their beat start. */
    abstract double cloudOffset(int period);

    /** Length of the sum of the phase vectors of all particles (or of all states, weighted by their mass). */
    abstract double phaseResultant();

    /** Total of {@link #tempoWeight}: the particle count, or 1 for the exact stage. */
    abstract double totalWeight();

    /** Whether period index {@code tempo} counts as following the dominant period, for the cloud's phase. */
    final boolean follows(int tempo, int period) {
        return Math.abs(space.interval(tempo) - period) <= TEMPO_NEIGHBOURHOOD * period + 1;
    }

    /** Index of the median particle's period (the cloud's dominant tempo). */
    final int medianTempo() {
        int nt = space.numTempi();
        double seen = 0;
        double half = totalWeight() / 2;
        for (int t = 0; t < nt; t++) {
            seen += tempoWeight[t];
            if (seen > half) {
                return t;
            }
        }
        return nt - 1;
    }

    /**
     * Tempo estimate in frames per beat: mean period of the particles whose period lies within two period steps of
     * the median particle's period (sub-frame resolution where the cloud straddles two periods).
     */
    final double periodFrames() {
        int nt = space.numTempi();
        int median = medianTempo();
        double sum = 0;
        double n = 0;
        for (int t = Math.max(0, median - 2); t <= Math.min(nt - 1, median + 2); t++) {
            sum += tempoWeight[t] * space.interval(t);
            n += tempoWeight[t];
        }
        return sum / n;
    }

    /**
     * Concentration of the beat particles in [0,1]: the share of particles within two period steps of the median
     * period, times the resultant length of their beat phases (1 when all agree on the phase).
     */
    final double concentration() {
        int nt = space.numTempi();
        int median = medianTempo();
        double near = 0;
        for (int t = Math.max(0, median - 2); t <= Math.min(nt - 1, median + 2); t++) {
            near += tempoWeight[t];
        }
        double resultant = phaseResultant() / totalWeight();
        double c = near / totalWeight() * resultant;
        return Math.max(0, Math.min(1, c));
    }
}
