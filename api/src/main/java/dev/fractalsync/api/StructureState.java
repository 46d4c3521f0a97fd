package dev.fractalsync.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

/**
 * Song-structure estimate at one slow step.
 *
 * @param sectionProbs   probability per {@link SectionLabel} in contract order, L entries summing to 1 ± 1e-5
 * @param hazardProbs    P(section boundary within {@link Horizons#beats(int)} beats), K entries in [0,1]
 * @param macroEmbedding optional anticipator embedding (E entries, finite) for controller conditioning; may be null
 * <p>
 * JSON: {@code section_probs} is an object named by label in contract order
 * ({@code {"silence":0.01,"intro":0.02,...}}); an array in contract order (the form before) is read as well.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"section_probs", "hazard_probs", "macro_embedding"})
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

    /** The wire form: {@code section_probs} named by label (an object) or, as written before, an array in label order. */
    @JsonCreator
    static StructureState fromJson(@JsonProperty("section_probs") JsonNode sectionProbs,
                                   @JsonProperty("hazard_probs") double[] hazardProbs,
                                   @JsonProperty("macro_embedding") double[] macroEmbedding) {
        return new StructureState(sectionProbsFromJson(sectionProbs), hazardProbs, macroEmbedding);
    }

    private static double[] sectionProbsFromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return null; // rejected by the constructor, naming the field
        }
        double[] p = new double[n.size()];
        if (n.isArray()) {
            for (int i = 0; i < p.length; i++) {
                p[i] = number(n.get(i), "section_probs[" + i + "]");
            }
            return p;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("section_probs must be an object of label: probability, got " + n.getNodeType());
        }
        p = new double[SectionLabel.COUNT];
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            SectionLabel.ofContractName(names.next()); // an unknown label is an error, not ignored
        }
        for (SectionLabel label : SectionLabel.values()) {
            JsonNode v = n.get(label.contractName());
            if (v == null) {
                throw new IllegalArgumentException("section_probs has no '" + label.contractName() + "'");
            }
            p[label.ordinal()] = number(v, "section_probs." + label.contractName());
        }
        return p;
    }

    private static double number(JsonNode v, String field) {
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return v.doubleValue();
    }

    /** Writes {@code section_probs} as an object named by label, in contract order. */
    static final class SectionProbsWriter extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] p, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < p.length; i++) {
                g.writeNumberField(SectionLabel.ofIndex(i).contractName(), p[i]);
            }
            g.writeEndObject();
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

    @JsonProperty("section_probs")
    @JsonSerialize(using = SectionProbsWriter.class)
    private double[] sectionProbsJson() {
        return sectionProbs;
    }

    @JsonProperty("hazard_probs")
    public double[] hazardProbs() {
        return hazardProbs.clone();
    }

    @JsonProperty("macro_embedding")
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
