package dev.fractalsync.structure.anticipator;

import java.util.Arrays;
import java.util.Locale;

/**
 * What songs do next: a causal forward filter over the section labels whose transition model is the song-form
 * grammar of the training songs (which section follows which, counted over their section sequences) and whose
 * switching rate follows the network's own boundary hazard. The network's section probabilities are its evidence,
 * divided by the label prior (a posterior over a prior is a scaled likelihood) and tempered by
 * {@link #evidenceWeight} because consecutive steps see overlapping windows and are far from independent.
 * <p>
 * One step, with {@code α} the filtered probabilities of the previous step:
 * <pre>
 *   c      = floor + (1 - floor) * min(1, hazard@1 * dt / spb)     probability that a section ends in this step
 *   pred_j = (1 - c) α_j + c Σ_i α_i G_ij                          G_ij: share of the sections after i that are j
 *   α_j    ∝ pred_j (p_j / prior_j)^w
 * </pre>
 * then a small uniform share is mixed back in so that no label is ever ruled out for good. The first step returns
 * the network's probabilities and starts the filter from them.
 * <p>
 * Serialized into the model's ONNX metadata by the trainer ({@link #encodeTransitions()}, {@link #encodePrior()}),
 * so a model file carries the grammar of the songs it was trained on.
 */
public final class SectionGrammar {
    /** ONNX metadata key of the transition matrix (row-major, comma-separated). */
    public static final String TRANSITIONS_KEY = "section_grammar";
    /** ONNX metadata key of the label prior (hop shares, comma-separated). */
    public static final String PRIOR_KEY = "section_prior";
    static final double MIX = 1e-4;

    private final int labels;
    private final double[][] transitions;
    private final double[] prior;
    private final double evidenceWeight;
    private final double floor;
    private final double[] alpha;
    private final double[] next;
    private boolean started;

    /**
     * @param transitions    G: row i is the distribution of the section that follows a section {@code i} (the diagonal
     *                       is ignored); rows are normalized here
     * @param prior          label shares of the training hops (> 0)
     * @param evidenceWeight exponent w of the network's evidence, in (0, 1]
     * @param floor          per-step switching probability without any hazard, in [0, 1)
     */
    public SectionGrammar(double[][] transitions, double[] prior, double evidenceWeight, double floor) {
        labels = prior.length;
        if (transitions.length != labels) {
            throw new IllegalArgumentException("section grammar: " + transitions.length + " rows for " + labels + " labels");
        }
        if (!(evidenceWeight > 0 && evidenceWeight <= 1) || !(floor >= 0 && floor < 1)) {
            throw new IllegalArgumentException("section grammar: evidence weight must be in (0, 1] and floor in [0, 1), got "
                    + evidenceWeight + " and " + floor);
        }
        this.transitions = new double[labels][labels];
        for (int i = 0; i < labels; i++) {
            if (transitions[i].length != labels) {
                throw new IllegalArgumentException("section grammar: row " + i + " has " + transitions[i].length + " values");
            }
            double sum = 0;
            for (int j = 0; j < labels; j++) {
                double g = transitions[i][j];
                if (!(g >= 0) || Double.isInfinite(g)) {
                    throw new IllegalArgumentException("section grammar: transition " + i + "->" + j + " is " + g);
                }
                if (j != i) {
                    sum += g;
                }
            }
            for (int j = 0; j < labels; j++) {
                this.transitions[i][j] = j == i ? 0 : sum > 0 ? transitions[i][j] / sum : 1.0 / (labels - 1);
            }
        }
        this.prior = new double[labels];
        for (int j = 0; j < labels; j++) {
            if (!(prior[j] > 0) || Double.isInfinite(prior[j])) {
                throw new IllegalArgumentException("section grammar: prior of label " + j + " is " + prior[j]);
            }
            this.prior[j] = prior[j];
        }
        this.evidenceWeight = evidenceWeight;
        this.floor = floor;
        alpha = new double[labels];
        next = new double[labels];
    }

    /**
     * Filters one step in place: {@code probs} (the network's section probabilities) become the filtered ones.
     *
     * @param hazard1 probability of a boundary within one beat
     * @param dt      seconds since the previous step
     * @param spb     seconds per beat
     */
    public void filter(double[] probs, double hazard1, double dt, double spb) {
        if (!started) {
            System.arraycopy(probs, 0, alpha, 0, labels);
            started = true;
            return;
        }
        double perStep = spb > 0 && Double.isFinite(hazard1) ? Math.min(1, Math.max(0, hazard1) * dt / spb) : 0;
        double change = floor + (1 - floor) * perStep;
        double sum = 0;
        for (int j = 0; j < labels; j++) {
            double in = 0;
            for (int i = 0; i < labels; i++) {
                in += alpha[i] * transitions[i][j];
            }
            double pred = (1 - change) * alpha[j] + change * in;
            double evidence = Math.pow(Math.max(1e-9, probs[j]) / prior[j], evidenceWeight);
            next[j] = pred * evidence;
            sum += next[j];
        }
        for (int j = 0; j < labels; j++) {
            double a = sum > 0 && Double.isFinite(sum) ? next[j] / sum : 1.0 / labels;
            alpha[j] = (1 - MIX) * a + MIX / labels;
            probs[j] = alpha[j];
        }
    }

    /** Forgets the song: the next step starts the filter afresh. */
    public void reset() {
        Arrays.fill(alpha, 0);
        started = false;
    }

    public String encodeTransitions() {
        StringBuilder sb = new StringBuilder();
        for (double[] row : transitions) {
            for (double g : row) {
                sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", g));
            }
        }
        return sb.toString();
    }

    public String encodePrior() {
        StringBuilder sb = new StringBuilder();
        for (double p : prior) {
            sb.append(sb.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6g", p));
        }
        return sb.toString();
    }

    /** Reads the two metadata values written by {@link #encodeTransitions()} and {@link #encodePrior()}. */
    public static SectionGrammar decode(String transitions, String prior, int labels, double evidenceWeight, double floor) {
        double[] g = parse(TRANSITIONS_KEY, transitions, labels * labels);
        double[] p = parse(PRIOR_KEY, prior, labels);
        double[][] rows = new double[labels][];
        for (int i = 0; i < labels; i++) {
            rows[i] = Arrays.copyOfRange(g, i * labels, (i + 1) * labels);
        }
        return new SectionGrammar(rows, p, evidenceWeight, floor);
    }

    private static double[] parse(String key, String text, int count) {
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException(key + " has " + parts.length + " values, expected " + count);
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " value " + (i + 1) + " is not a number: '" + parts[i].strip() + "'");
            }
        }
        return v;
    }

    /**
     * Counts the grammar of labelled songs: for each song, its per-hop labels are cut into runs and each change from
     * run label i to run label j counts once; {@code pseudoCount} is added to every off-diagonal cell.
     */
    public static double[][] countTransitions(Iterable<byte[]> songs, int labels, double pseudoCount) {
        double[][] counts = new double[labels][labels];
        for (double[] row : counts) {
            Arrays.fill(row, pseudoCount);
        }
        for (byte[] song : songs) {
            for (int h = 1; h < song.length; h++) {
                if (song[h] != song[h - 1]) {
                    counts[song[h - 1]][song[h]]++;
                }
            }
        }
        for (int i = 0; i < labels; i++) {
            counts[i][i] = 0;
        }
        return counts;
    }
}
