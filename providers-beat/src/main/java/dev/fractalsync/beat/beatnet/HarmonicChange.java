package dev.fractalsync.beat.beatnet;

import java.util.Arrays;

/**
 * Harmonic evidence for the meter stage: the chroma summed over each beat interval, and the cosine distance between
 * consecutive intervals, i.e. how much the harmony changed across a beat (chords tend to change at bar starts).
 * No allocation after construction.
 */
final class HarmonicChange {
    /** Chroma bins. */
    static final int CHROMA = 12;

    /** Chroma summed over the frames since the previous beat, and over the beat interval before that. */
    private final double[] segment = new double[CHROMA];
    private final double[] previous = new double[CHROMA];
    private int segments;

    /** Adds one frame's chroma (any non-negative scale; NaN, infinite and negative bins count as 0). */
    void add(double[] chroma) {
        for (int k = 0; k < CHROMA; k++) {
            double c = chroma[k];
            segment[k] += c >= 0 && c < Double.POSITIVE_INFINITY ? c : 0;
        }
    }

    /**
     * Cosine distance between the chroma of the interval that just ended (previous beat to now) and the interval
     * before it, i.e. the harmonic change across the previous beat; -1 while unknown. Starts a new interval.
     */
    double change() {
        double change = -1;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int k = 0; k < CHROMA; k++) {
            dot += segment[k] * previous[k];
            na += segment[k] * segment[k];
            nb += previous[k] * previous[k];
        }
        if (segments >= 2 && na > 0 && nb > 0) {
            change = Math.max(0, 1 - dot / (Math.sqrt(na * nb) + 1e-12));
        }
        System.arraycopy(segment, 0, previous, 0, CHROMA);
        Arrays.fill(segment, 0);
        segments++;
        return change;
    }

    void reset() {
        Arrays.fill(segment, 0);
        Arrays.fill(previous, 0);
        segments = 0;
    }
}
