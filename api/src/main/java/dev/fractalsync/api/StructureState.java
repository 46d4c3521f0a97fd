package dev.fractalsync.api;

import java.util.Arrays;

/**
 * Song-structure estimate at one slow step.
 *
 * @param sectionProbs   probability per {@link SectionLabel} in contract order, L entries summing to 1 ± 1e-5
 * @param hazardProbs    P(section boundary within {@link Horizons#beats(int)} beats), K entries in [0,1]
 * @param macroEmbedding optional anticipator embedding (E entries, finite) for controller conditioning; may be null
 * <p>
 * JSON (module {@code fractalsync.json}): {@code section_probs} is an object named by label in contract order
 * ({@code {"silence":0.01,"intro":0.02,...}}); an array in contract order (the form before) is read as well.
 */
public final class StructureState {
    public static final double SUM_TOLERANCE = 1e-5;

    private final double[] sectionProbs;
    private final double[] hazardProbs;
    private final double[] macroEmbedding;

    public StructureState(double[] sectionProbs, double[] hazardProbs, double[] macroEmbedding) {
        this.sectionProbs = Checks.probabilities("section_probs", sectionProbs, SectionLabel.COUNT);
        double sum = 0;
        for (double p : this.sectionProbs) {
            sum += p;
        }
        if (Math.abs(sum - 1.0) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("section_probs must sum to 1 ± " + SUM_TOLERANCE + ", got " + sum);
        }
        this.hazardProbs = Checks.probabilities("hazard_probs", hazardProbs, Horizons.COUNT);
        if (macroEmbedding != null) {
            this.macroEmbedding = macroEmbedding.clone();
            for (int i = 0; i < this.macroEmbedding.length; i++) {
                Checks.finite("macro_embedding[" + i + "]", this.macroEmbedding[i]);
            }
        } else {
            this.macroEmbedding = null;
        }
    }

    /** No information: uniform over labels, zero hazard. The host's fallback when no structure provider works. */
    public static StructureState neutral() {
        double[] p = new double[SectionLabel.COUNT];
        Arrays.fill(p, 1.0 / SectionLabel.COUNT);
        return new StructureState(p, new double[Horizons.COUNT], null);
    }

    /** Certain of one label, with the given hazard curve. */
    public static StructureState certain(SectionLabel label, double[] hazardProbs) {
        double[] p = new double[SectionLabel.COUNT];
        p[label.ordinal()] = 1.0;
        return new StructureState(p, hazardProbs, null);
    }

    /** Probabilities in contract label order (index = {@link SectionLabel#ordinal()}). */
    public double[] sectionProbs() {
        return sectionProbs.clone();
    }

    public double[] hazardProbs() {
        return hazardProbs.clone();
    }

    public double[] macroEmbedding() {
        return macroEmbedding == null ? null : macroEmbedding.clone();
    }

    public double sectionProb(int label) {
        return sectionProbs[label];
    }

    public double sectionProb(SectionLabel label) {
        return sectionProbs[label.ordinal()];
    }

    public double hazardProb(int k) {
        return hazardProbs[k];
    }

    /** The most probable label (lowest index wins ties). */
    public SectionLabel topSection() {
        int best = 0;
        for (int i = 1; i < sectionProbs.length; i++) {
            if (sectionProbs[i] > sectionProbs[best]) {
                best = i;
            }
        }
        return SectionLabel.ofIndex(best);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructureState s
                && Arrays.equals(sectionProbs, s.sectionProbs)
                && Arrays.equals(hazardProbs, s.hazardProbs)
                && Arrays.equals(macroEmbedding, s.macroEmbedding);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sectionProbs) + Arrays.hashCode(hazardProbs)) + Arrays.hashCode(macroEmbedding);
    }

    @Override
    public String toString() {
        return "StructureState[top=" + topSection().contractName() + ", section_probs=" + Arrays.toString(sectionProbs)
                + ", hazard_probs=" + Arrays.toString(hazardProbs) + "]";
    }
}
