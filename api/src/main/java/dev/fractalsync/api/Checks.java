package dev.fractalsync.api;

/** Argument checks shared by the state records; messages name the field. */
final class Checks {
    private Checks() {
    }

    static double finite(String field, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be finite, got " + v);
        }
        return v;
    }

    static double inClosed(String field, double v, double lo, double hi) {
        finite(field, v);
        if (v < lo || v > hi) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
        }
        return v;
    }

    static double[] probabilities(String field, double[] p, int expectedLength) {
        if (p == null) {
            throw new IllegalArgumentException(field + " is missing");
        }
        if (p.length != expectedLength) {
            throw new IllegalArgumentException(field + " must have " + expectedLength + " entries, got " + p.length);
        }
        double[] copy = p.clone();
        for (int i = 0; i < copy.length; i++) {
            inClosed(field + "[" + i + "]", copy[i], 0.0, 1.0);
        }
        return copy;
    }
}
