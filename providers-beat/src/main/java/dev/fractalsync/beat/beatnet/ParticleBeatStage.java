package dev.fractalsync.beat.beatnet;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.fractalsync.beat.beatnet.BeatParticleFilter.BEAT_PARTICLES;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.FLOOR;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.RELOCK_ACTIVATION;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.RELOCK_STRIDE;

/**
 * BeatNet's beat stage: {@value BeatParticleFilter#BEAT_PARTICLES} particles on the beat states. Every frame each
 * particle advances one state, and a particle at the end of its beat jumps to the start of a period drawn from the
 * tempo-change model. On a meaningful activation the particles are re-weighted (beat starts get the activation, all
 * other states {@value BeatParticleFilter#FLOOR}) and resampled; a very strong one first injects fresh particles at
 * beat starts so the filter can re-lock. Randomness from one generator, seeded again at every reset.
 * No allocation after construction.
 */
final class ParticleBeatStage extends BeatStage {
    private final long seed;
    private SplittableRandom rng;
    /** Room for the re-lock particles beyond the base count: at most MAX_TEMPI / RELOCK_STRIDE = 50. */
    private final int[] particles = new int[BEAT_PARTICLES + 64];
    private final int[] scratch = new int[particles.length];
    private final double[] cumulative = new double[particles.length];

    ParticleBeatStage(BarPointerSpace space, long seed) {
        super(space);
        this.seed = seed;
        reset();
    }

    @Override
    void reset() {
        rng = new SplittableRandom(seed);
        for (int i = 0; i < BEAT_PARTICLES; i++) {
            particles[i] = rng.nextInt(space.numStates() - 1);
        }
        countTempi();
    }

    @Override
    void move() {
        for (int i = 0; i < BEAT_PARTICLES; i++) {
            int s = particles[i];
            if (space.isLast(s)) {
                int from = space.tempoOf(s);
                int next = tempoChange.next(from, rng);
                particles[i] = space.firstState(next);
                tempoWeight[from]--;
                tempoWeight[next]++;
            } else {
                particles[i] = s + 1;
            }
        }
    }

    /** Correction only on a meaningful activation ({@code gated} above 0.1). */
    @Override
    void observe(double activation, double gated) {
        if (gated > 0.1) {
            int count = BEAT_PARTICLES;
            if (gated > RELOCK_ACTIVATION) {
                for (int t = rng.nextInt(4); t < space.numTempi(); t += RELOCK_STRIDE) {
                    particles[count++] = space.firstState(t);
                }
            }
            for (int i = 0; i < count; i++) {
                cumulative[i] = space.isFirst(particles[i]) ? gated : FLOOR;
            }
            resample(particles, count, BEAT_PARTICLES);
        }
    }

    /**
     * Stratified resampling of {@code count} particles, weighted by {@code cumulative[0..count)}, down to
     * {@code keep} particles. Leaves the particles unchanged when the weights carry no information.
     */
    private void resample(int[] states, int count, int keep) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += cumulative[i];
            cumulative[i] = total;
        }
        if (!(total > 0) || Double.isInfinite(total)) {
            return;
        }
        int src = 0;
        for (int j = 0; j < keep; j++) {
            double u = (j + rng.nextDouble()) / keep * total;
            while (src < count - 1 && cumulative[src] < u) {
                src++;
            }
            scratch[j] = states[src];
        }
        System.arraycopy(scratch, 0, states, 0, keep);
        countTempi();
    }

    /** Rebuilds {@link #tempoWeight}, the particles on each period. */
    private void countTempi() {
        Arrays.fill(tempoWeight, 0);
        for (int i = 0; i < BEAT_PARTICLES; i++) {
            tempoWeight[space.tempoOf(particles[i])]++;
        }
    }

    @Override
    double cloudOffset(int period) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < BEAT_PARTICLES; i++) {
            int st = particles[i];
            if (follows(space.tempoOf(st), period)) {
                re += stateCos[st];
                im += stateSin[st];
            }
        }
        return Math.atan2(im, re) / (2 * Math.PI) * period;
    }

    @Override
    double phaseResultant() {
        double re = 0;
        double im = 0;
        for (int i = 0; i < BEAT_PARTICLES; i++) {
            int s = particles[i];
            re += stateCos[s];
            im += stateSin[s];
        }
        return Math.sqrt(re * re + im * im);
    }

    @Override
    double totalWeight() {
        return BEAT_PARTICLES;
    }
}
