package dev.fractalsync.beat.beatnet;

import java.util.Arrays;

import static dev.fractalsync.beat.beatnet.BeatParticleFilter.BEAT_PARTICLES;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.FLOOR;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.MAX_BEAT_STATES;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.OBSERVATION_LAMBDA;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.OBSERVATION_TEMPER;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.RELOCK_ACTIVATION;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.RELOCK_STRIDE;

/**
 * The beat stage without sampling: the posterior over the beat states is propagated and corrected exactly (the
 * particles' motion, tempo-change model, correction and re-lock injection, taken in expectation), or, with madmom's
 * observation, observed on every frame through madmom's RNN beat observation model, tempered. Every statistic the
 * particles gave is read from that posterior; nothing depends on a seed. No allocation after construction.
 */
final class ExactBeatStage extends BeatStage {
    /** Posterior over the beat states. */
    private final double[] mass;
    /** Scratch: the mass leaving each chain at the end of its beat. */
    private final double[] endMass;
    /** Beat states at the start of each period for madmom's observation ({@code k < period / OBSERVATION_LAMBDA}). */
    private final int[] beatStatesOf;
    private final boolean madmomObservation;

    ExactBeatStage(BarPointerSpace space, boolean madmomObservation) {
        super(space);
        int nt = space.numTempi();
        mass = new double[space.numStates()];
        endMass = new double[nt];
        beatStatesOf = new int[nt];
        for (int t = 0; t < nt; t++) {
            beatStatesOf[t] = Math.min(MAX_BEAT_STATES, (int) Math.ceil(space.interval(t) / OBSERVATION_LAMBDA));
        }
        this.madmomObservation = madmomObservation;
        reset();
    }

    @Override
    void reset() {
        Arrays.fill(mass, 1.0 / (mass.length - 1));
        mass[mass.length - 1] = 0;
        countTempi();
    }

    /** Each chain shifts by one state; the mass at a beat's end changes period. */
    @Override
    void move() {
        int nt = space.numTempi();
        for (int t = 0; t < nt; t++) {
            int first = space.firstState(t);
            endMass[t] = mass[first + space.interval(t) - 1];
            System.arraycopy(mass, first, mass, first + 1, space.interval(t) - 1);
            mass[first] = 0;
        }
        for (int from = 0; from < nt; from++) {
            double e = endMass[from];
            if (e < 1e-300) {
                continue;
            }
            double[] row = tempoChange.transition(from);
            for (int to = 0; to < nt; to++) {
                mass[space.firstState(to)] += e * row[to];
            }
        }
        countTempi();
    }

    /** madmom's observation on every frame; otherwise the particles' correction, on a meaningful activation only. */
    @Override
    void observe(double activation, double gated) {
        if (madmomObservation) {
            observeMadmom(activation);
        } else if (gated > 0.1) {
            correct(gated);
        }
    }

    /**
     * The particle stage's correction in expectation. A very strong activation first mixes in the mass of the
     * particles that stage injects at beat starts (one per sixth period, spread evenly over all periods); then beat
     * starts are weighted by the activation, all other states by {@value BeatParticleFilter#FLOOR}.
     */
    private void correct(double act) {
        int nt = space.numTempi();
        if (act > RELOCK_ACTIVATION) {
            double injected = (double) nt / RELOCK_STRIDE;
            double keep = BEAT_PARTICLES / (BEAT_PARTICLES + injected);
            double each = (1 - keep) / nt;
            for (int s = 0; s < mass.length; s++) {
                mass[s] *= keep;
            }
            for (int t = 0; t < nt; t++) {
                mass[space.firstState(t)] += each;
            }
        }
        double total = 0;
        for (int s = 0; s < mass.length; s++) {
            double w = mass[s] * (space.isFirst(s) ? act : FLOOR);
            mass[s] = w;
            total += w;
        }
        normalize(total);
    }

    /**
     * madmom's RNN beat observation model (the first 1/{@value BeatParticleFilter#OBSERVATION_LAMBDA} of every
     * period, at most {@value BeatParticleFilter#MAX_BEAT_STATES} states, are beat states with likelihood a, all
     * others (1 - a) / ({@value BeatParticleFilter#OBSERVATION_LAMBDA} - 1), a = the larger activation), tempered by
     * the power {@value BeatParticleFilter#OBSERVATION_TEMPER}. Unlike the particles' correction, which only rewards
     * beat states on frames with an activation, a frame without one counts against the hypotheses that put a beat
     * there.
     */
    private void observeMadmom(double a) {
        a = Math.min(a, 1 - 1e-9);
        double onBeat = Math.pow(a, OBSERVATION_TEMPER);
        double offBeat = Math.pow((1 - a) / (OBSERVATION_LAMBDA - 1), OBSERVATION_TEMPER);
        double total = 0;
        for (int t = 0; t < space.numTempi(); t++) {
            int first = space.firstState(t);
            int beatStates = beatStatesOf[t];
            int last = space.lastState(t);
            for (int st = first; st <= last; st++) {
                double w = mass[st] * (st - first < beatStates ? onBeat : offBeat);
                mass[st] = w;
                total += w;
            }
        }
        normalize(total);
    }

    /** Scales the mass to sum 1 (uniform when none is left) and recounts it per period. */
    private void normalize(double total) {
        if (!(total > 1e-300)) {
            Arrays.fill(mass, 1.0 / mass.length);   // no mass left anywhere: start over, uniform
        } else {
            double scale = 1 / total;
            for (int st = 0; st < mass.length; st++) {
                mass[st] *= scale;
            }
        }
        countTempi();
    }

    /** Rebuilds {@link #tempoWeight}, the posterior mass on each period. */
    private void countTempi() {
        for (int t = 0; t < space.numTempi(); t++) {
            double m = 0;
            for (int st = space.firstState(t); st <= space.lastState(t); st++) {
                m += mass[st];
            }
            tempoWeight[t] = m;
        }
    }

    @Override
    double cloudOffset(int period) {
        double re = 0;
        double im = 0;
        for (int t = 0; t < space.numTempi(); t++) {
            if (follows(t, period)) {
                int first = space.firstState(t);
                for (int st = first; st <= space.lastState(t); st++) {
                    re += mass[st] * stateCos[st];
                    im += mass[st] * stateSin[st];
                }
            }
        }
        return Math.atan2(im, re) / (2 * Math.PI) * period;
    }

    @Override
    double phaseResultant() {
        double re = 0;
        double im = 0;
        for (int s = 0; s < mass.length; s++) {
            re += mass[s] * stateCos[s];
            im += mass[s] * stateSin[s];
        }
        return Math.sqrt(re * re + im * im);
    }

    @Override
    double totalWeight() {
        return 1.0;
    }
}
