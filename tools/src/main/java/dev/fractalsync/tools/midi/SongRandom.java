package dev.fractalsync.tools.midi;

import java.util.Random;

/**
 * The one random stream of a song. Every decision and every humanized note draws from it in a fixed order, so the
 * same seed gives the same MIDI bytes: the order of draws is part of the output.
 */
final class SongRandom {
    private final Random random;

    SongRandom(long seed) {
        this.random = new Random(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
    }

    double nextDouble() {
        return random.nextDouble();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean nextBoolean() {
        return random.nextBoolean();
    }

    double nextGaussian() {
        return random.nextGaussian();
    }

    double uniform(double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }
}
