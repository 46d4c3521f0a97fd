package dev.fractalsync.api;

/** Hazard horizons of contract v1 in beats: {@code hazard[k] ≈ P(boundary within BEATS[k] beats)}. */
public final class Horizons {
    /** K in the contract. */
    public static final int COUNT = 5;
    private static final int[] BEATS = {1, 2, 4, 8, 16};

    private Horizons() {
    }

    public static int beats(int k) {
        return BEATS[k];
    }

    public static int[] beats() {
        return BEATS.clone();
    }
}
