package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Held-out scores of a structure predictor, accumulated hop by hop, track by track.
 * <ul>
 *   <li>Section: per-hop accuracy of the predicted label, and macro-F1 over the labels that occur in the truth. The
 *   predicted label is what the host publishes, the engine's held section decision, when the caller passes it
 *   ({@link #add(int, int, double[], byte[], int, double[], float)}); else the arg-max of the probabilities. The
 *   arg-max's own accuracy is kept beside it ({@link #argMaxAccuracy()}).</li>
 *   <li>Hazard, per horizon: Brier score (mean squared error of the probability) and ROC AUC (Mann-Whitney, ties
 *   count half).</li>
 *   <li>Anticipation: for each boundary, the run of hops right before it in which hazard@4 &gt; 0.5 is followed
 *   backwards; its lead is the Δbeats_next of the earliest hop of that run (0 = missed: hazard@4 was not above 0.5
 *   on the last hop before the boundary). Ideal lead is 4 beats. False alarms: share of hops more than 8 beats
 *   before the next boundary (or after the last) with hazard@4 &gt; 0.5.</li>
 *   <li>Online boundary detection: an estimated boundary is a change of the predicted label that then holds for at
 *   least {@value #HOLD_SECONDS} s, placed at the hop where the new label first appears; reference boundaries are
 *   changes of the true label and section starts (jumps of Δbeats_next). One-to-one matching in time order within
 *   ±0.5 s and ±3 s gives precision, recall and F.</li>
 * </ul>
 */
public final class StructureMetrics {
    private static final int H4 = 2;
    static final double HOLD_SECONDS = 1.0;
    private static final double HOP_SECONDS = 1024.0 / 48000.0;
    private static final double[] TOLERANCES = {0.5, 3.0};
    private final long[][] confusion = new long[SectionLabel.COUNT][SectionLabel.COUNT];
    /** Every hop's hazard scores and targets, {@link Horizons#COUNT} per hop (flat: a 3-hour song has 506,250 hops). */
    private float[] hazardScores = new float[1 << 12];
    private byte[] hazardTruth = new byte[1 << 12];
    private int scored;
    private final double[] brierSum = new double[Horizons.COUNT];
    private long hops;
    private long argMaxRight;
    private final List<Double> leads = new ArrayList<>();
    private long farHops;
    private long falseAlarms;
    private long nanos;
    private long steps;
    private long monotoneViolations;

    private final long[] boundaryHits = new long[TOLERANCES.length];
    private long estimatedBoundaries;
    private long referenceBoundaries;

    // current track
    private float prevDelta = Float.NaN;
    private float runLead;
    private int trackHops;
    private int prevTruth = -1;
    private final List<Integer> predictedLabels = new ArrayList<>();
    private final List<Double> referenceTimes = new ArrayList<>();
    private double trackBrier4;
    private long trackPositives4;
    private int songs;
    private int songsBelowBaseRate;

    /** Starts a new track: the anticipation run does not continue across tracks. */
    public void startTrack() {
        finishTrack();
        prevDelta = Float.NaN;
        runLead = 0;
    }

    /** Scores the boundaries of the current track (idempotent; also done by {@link #startTrack} and the getters). */
    private void finishTrack() {
        if (trackHops == 0) {
            return;
        }
        List<Double> estimated = new ArrayList<>();
        int hold = (int) Math.ceil(HOLD_SECONDS / HOP_SECONDS);
        int stable = predictedLabels.get(0);
        int i = 1;
        while (i < predictedLabels.size()) {
            int candidate = predictedLabels.get(i);
            if (candidate == stable) {
                i++;
                continue;
            }
            int j = i;
            while (j < predictedLabels.size() && predictedLabels.get(j) == candidate && j - i < hold) {
                j++;
            }
            if (j - i >= hold) {
                estimated.add((i + 1) * HOP_SECONDS);
                stable = candidate;
                i = j;
            } else {
                i = Math.max(j, i + 1);
            }
        }
        // the constant that knows this song's own boundary rate p scores p(1 - p)
        double p = trackPositives4 / (double) trackHops;
        songs++;
        if (trackBrier4 / trackHops < p * (1 - p)) {
            songsBelowBaseRate++;
        }
        trackBrier4 = 0;
        trackPositives4 = 0;
        estimatedBoundaries += estimated.size();
        referenceBoundaries += referenceTimes.size();
        for (int k = 0; k < TOLERANCES.length; k++) {
            boundaryHits[k] += matches(estimated, referenceTimes, TOLERANCES[k]);
        }
        predictedLabels.clear();
        referenceTimes.clear();
        trackHops = 0;
        prevTruth = -1;
    }

    /** One-to-one matches in time order: each reference takes the earliest unused estimate within the tolerance. */
    static int matches(List<Double> estimated, List<Double> reference, double tolerance) {
        int hits = 0;
        int e = 0;
        for (double r : reference) {
            while (e < estimated.size() && estimated.get(e) < r - tolerance) {
                e++;
            }
            if (e < estimated.size() && estimated.get(e) <= r + tolerance) {
                hits++;
                e++;
            }
        }
        return hits;
    }

    /** Boundary F-measure at the tolerance {@code tolerance} (0.5 or 3 s); NaN without any boundary. */
    public double boundaryF(double tolerance) {
        finishTrack();
        int k = tolerance <= TOLERANCES[0] ? 0 : 1;
        if (estimatedBoundaries + referenceBoundaries == 0) {
            return Double.NaN;
        }
        return 2.0 * boundaryHits[k] / (estimatedBoundaries + referenceBoundaries);
    }

    public double boundaryPrecision(double tolerance) {
        finishTrack();
        return estimatedBoundaries == 0 ? 0 : (double) boundaryHits[tolerance <= TOLERANCES[0] ? 0 : 1] / estimatedBoundaries;
    }

    public double boundaryRecall(double tolerance) {
        finishTrack();
        return referenceBoundaries == 0 ? 0 : (double) boundaryHits[tolerance <= TOLERANCES[0] ? 0 : 1] / referenceBoundaries;
    }

    /**
     * Adds one hop.
     *
     * @param delta Δbeats_next of the hop (+Inf after the last boundary)
     */
    public void add(int label, double[] sectionProbs, byte[] hazardTargets, int targetOffset, double[] hazardProbs, float delta) {
        add(label, argMax(sectionProbs), sectionProbs, hazardTargets, targetOffset, hazardProbs, delta);
    }

    /**
     * Adds one hop whose published label is {@code predicted} (the held decision).
     *
     * @param delta Δbeats_next of the hop (+Inf after the last boundary)
     */
    public void add(int label, int predicted, double[] sectionProbs, byte[] hazardTargets, int targetOffset,
                    double[] hazardProbs, float delta) {
        if (argMax(sectionProbs) == label) {
            argMaxRight++;
        }
        confusion[label][predicted]++;
        predictedLabels.add(predicted);
        double now = (trackHops + 1) * HOP_SECONDS;
        boolean jump = !Float.isNaN(prevDelta) && Float.isFinite(prevDelta) && delta > prevDelta + 0.25f;
        if (trackHops > 0 && (label != prevTruth || jump)) {
            referenceTimes.add(now);
        }
        prevTruth = label;
        trackHops++;
        int at = scored * Horizons.COUNT;
        if (at + Horizons.COUNT > hazardScores.length) {
            int grown = Math.max(at + Horizons.COUNT, hazardScores.length + (hazardScores.length >> 1));
            hazardScores = Arrays.copyOf(hazardScores, grown);
            hazardTruth = Arrays.copyOf(hazardTruth, grown);
        }
        for (int k = 0; k < Horizons.COUNT; k++) {
            hazardScores[at + k] = (float) hazardProbs[k];
            byte truthK = hazardTargets[targetOffset + k];
            hazardTruth[at + k] = truthK;
            double e = hazardProbs[k] - truthK;
            brierSum[k] += e * e;
            if (k == H4) {
                trackBrier4 += e * e;
                trackPositives4 += truthK;
            }
        }
        scored++;
        hops++;

        // a boundary was crossed between the previous hop and this one when Δ jumps up
        if (!Float.isNaN(prevDelta) && Float.isFinite(prevDelta) && (delta > prevDelta + 0.25f)) {
            leads.add((double) runLead);
            runLead = 0;
        }
        boolean alarm = hazardProbs[H4] > 0.5;
        if (Float.isFinite(delta)) {
            runLead = alarm ? (runLead == 0 ? delta : runLead) : 0;
        } else {
            runLead = 0;
        }
        if (!(delta <= 8)) {
            farHops++;
            if (alarm) {
                falseAlarms++;
            }
        }
        prevDelta = delta;
    }

    private static int argMax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Adds steps whose raw hazard curve decreased across horizons and had to be made monotone. */
    public void addMonotoneViolations(long n) {
        monotoneViolations += n;
    }

    public long monotoneViolations() {
        return monotoneViolations;
    }

    /** Adds the inference time of {@code steps} provider steps. */
    public void addTimings(long nanos, long steps) {
        this.nanos += nanos;
        this.steps += steps;
    }

    /** Adds inference time of one provider step. */
    public void addTiming(long stepNanos) {
        nanos += stepNanos;
        steps++;
    }

    public long hops() {
        return hops;
    }

    public double accuracy() {
        long right = 0;
        for (int c = 0; c < SectionLabel.COUNT; c++) {
            right += confusion[c][c];
        }
        return hops == 0 ? 0 : (double) right / hops;
    }

    /** Per-hop accuracy of the provider's own arg-max label, before the held decision. */
    public double argMaxAccuracy() {
        return hops == 0 ? 0 : (double) argMaxRight / hops;
    }

    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < SectionLabel.COUNT; c++) {
            long support = 0;
            long predicted = 0;
            for (int j = 0; j < SectionLabel.COUNT; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            if (support == 0) {
                continue;
            }
            double tp = confusion[c][c];
            double precision = predicted == 0 ? 0 : tp / predicted;
            double recall = tp / support;
            sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Songs scored so far, and of them those whose hazard@4 Brier is below their own base-rate constant's. */
    public int songs() {
        finishTrack();
        return songs;
    }

    public int songsBelowBaseRate() {
        finishTrack();
        return songsBelowBaseRate;
    }

    /** Per-hop precision of the predicted label {@code label} (NaN when never predicted). */
    public double labelPrecision(SectionLabel label) {
        long predicted = 0;
        for (int j = 0; j < SectionLabel.COUNT; j++) {
            predicted += confusion[j][label.ordinal()];
        }
        return predicted == 0 ? Double.NaN : (double) confusion[label.ordinal()][label.ordinal()] / predicted;
    }

    /** Per-hop recall of {@code label} (NaN when absent from the truth). */
    public double labelRecall(SectionLabel label) {
        long support = 0;
        for (int j = 0; j < SectionLabel.COUNT; j++) {
            support += confusion[label.ordinal()][j];
        }
        return support == 0 ? Double.NaN : (double) confusion[label.ordinal()][label.ordinal()] / support;
    }

    public double brier(int k) {
        return hops == 0 ? 0 : brierSum[k] / hops;
    }

    public double auc(int k) {
        int n = scored;
        int w = Horizons.COUNT;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Float.compare(hazardScores[a * w + k], hazardScores[b * w + k]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            float v = hazardScores[idx[i] * w + k];
            while (j < n && hazardScores[idx[j] * w + k] == v) {
                j++;
            }
            double avgRank = (i + 1 + j) / 2.0; // ranks i+1..j
            for (int m = i; m < j; m++) {
                if (hazardTruth[idx[m] * w + k] == 1) {
                    rankSumPos += avgRank;
                    pos++;
                }
            }
            i = j;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    public int boundaries() {
        return leads.size();
    }

    /** Share of boundaries whose last hop before them had hazard@4 &gt; 0.5. */
    public double detectedShare() {
        return leads.isEmpty() ? 0 : leads.stream().filter(l -> l > 0).count() / (double) leads.size();
    }

    /** Median lead in beats over the detected boundaries (NaN when none). */
    public double medianLead() {
        double[] d = leads.stream().filter(l -> l > 0).mapToDouble(Double::doubleValue).sorted().toArray();
        return d.length == 0 ? Double.NaN : d[d.length / 2];
    }

    public double falseAlarmRate() {
        return farHops == 0 ? 0 : (double) falseAlarms / farHops;
    }

    /** Mean inference time per step in microseconds (NaN when not timed). */
    public double microsPerStep() {
        return steps == 0 ? Double.NaN : nanos / 1e3 / steps;
    }

    /** One block of report lines. */
    public String report(String name) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s section acc %.3f  macro-F1 %.3f  boundary F@0.5s %.3f  F@3s %.3f (P %.2f R %.2f)%n",
                name, accuracy(), macroF1(), boundaryF(0.5), boundaryF(3), boundaryPrecision(3), boundaryRecall(3)));
        if (argMaxRight > 0 && Math.abs(argMaxAccuracy() - accuracy()) > 1e-12) {
            sb.append(String.format(Locale.ROOT, "%-12s (the provider's own arg-max per hop, before the held decision: section acc %.3f)%n",
                    "", argMaxAccuracy()));
        }
        sb.append(String.format(Locale.ROOT, "%-12s hazard    ", ""));
        for (int k = 0; k < Horizons.COUNT; k++) {
            sb.append(String.format(Locale.ROOT, " @%-2d Brier %.4f AUC %.3f |", Horizons.beats(k), brier(k), auc(k)));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-12s anticipation: %d boundaries, hazard@4>0.5 before %.1f%%, median lead %.2f beats, "
                        + "false alarms %.2f%% of far hops%s%n", "", boundaries(), 100 * detectedShare(), medianLead(),
                100 * falseAlarmRate(), Double.isNaN(microsPerStep()) ? "" : String.format(Locale.ROOT, ", %.1f us/step", microsPerStep())));
        sb.append(String.format(Locale.ROOT, "%-12s chorus P %.3f R %.3f; hazard@4 Brier below the song's own base rate on %d of %d songs%n",
                "", labelPrecision(SectionLabel.CHORUS), labelRecall(SectionLabel.CHORUS), songsBelowBaseRate(), songs()));
        sb.append(String.format(Locale.ROOT, "%-12s by label (share of hops: recall/precision, most often taken for):", ""));
        long all = 0;
        for (long[] row : confusion) {
            all += Arrays.stream(row).sum();
        }
        for (SectionLabel label : SectionLabel.values()) {
            long[] row = confusion[label.ordinal()];
            long support = Arrays.stream(row).sum();
            if (support == 0) {
                continue;
            }
            int worst = -1;
            for (int j = 0; j < row.length; j++) {
                if (j != label.ordinal() && row[j] > 0 && (worst < 0 || row[j] > row[worst])) {
                    worst = j;
                }
            }
            sb.append(String.format(Locale.ROOT, " %s %.0f%%: %.2f/%.2f%s;", label.contractName(), 100.0 * support / all,
                    labelRecall(label), labelPrecision(label),
                    worst < 0 ? "" : " " + SectionLabel.ofIndex(worst).contractName()));
        }
        sb.setLength(sb.length() - 1);
        sb.append(System.lineSeparator());
        return sb.toString();
    }
}
