package dev.fractalsync.structure.anticipator;

/**
 * Makes a hazard curve non-decreasing across horizons, as the contract requires (a boundary within 2 beats is also
 * a boundary within 4): a running maximum from the shortest to the longest horizon. Raising the longer horizon
 * rather than lowering the shorter one never hides an imminent boundary the model saw.
 */
public final class MonotoneHazard {
    private MonotoneHazard() {
    }

    /** Applies the running max in place; returns whether any value had to be raised (a model violation). */
    public static boolean enforce(double[] hazard) {
        boolean violated = false;
        for (int k = 1; k < hazard.length; k++) {
            if (hazard[k] < hazard[k - 1]) {
                hazard[k] = hazard[k - 1];
                violated = true;
            }
        }
        return violated;
    }
}
