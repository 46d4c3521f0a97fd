package dev.fractalsync.beat.beatnet;

/**
 * Puts a declared beat on the audible onset of the notes that make it. The tracker's beat time comes from 20 ms
 * frames of a 64 ms window: a sharp attack already raises the spectral difference of frames centred well before it,
 * so on drums beats were published 5-25 ms early, by an amount that differs per song and per arrangement. This stage
 * keeps the log energy of the first difference of the input (which weights the attack's high frequencies) in blocks
 * of about {@value #BLOCK_SECONDS} s. For a beat the tracker put at t it looks for the strongest energy rise over
 * {@value #RISE_BLOCKS} blocks within ±{@value #SEARCH_SECONDS} s, weighted by its distance from t, and takes the
 * start of the block where that rise was steepest as the beat's onset ({@link #onsetNear}); no rise of at least
 * {@value #MIN_RISE} (log10: the energy at least doubles) means no onset. From the onsets of the last
 * {@value #OFFSET_HISTORY} beats it learns the tracker's offset on this song ({@link #refine}). Only audio before
 * a given instant is used, so a streaming run and a block run give the same times. No allocation after
 * construction. Constants chosen on the training-side tuning set (docs/beat-tracking.md, "Beats on the onset").
 */
final class OnsetRefiner {
    static final double BLOCK_SECONDS = 0.002;
    /** The rise is measured over this many blocks (about 6 ms): a percussive attack, or the first of a soft one. */
    static final int RISE_BLOCKS = 3;
    static final double SEARCH_SECONDS = 0.05;
    /** Standard deviation of the Gaussian weight on a rise's distance from the tracker's time. */
    static final double PROXIMITY_SECONDS = 0.025;
    static final double MIN_RISE = 0.3;
    static final int OFFSET_HISTORY = 16;
    static final int MIN_OFFSETS = 4;
    static final double MAX_SPREAD_SECONDS = 0.008;
    static final double SNAP_SECONDS = 0.012;
    private static final int HISTORY_BLOCKS = 512;

    private final int sampleRate;
    private final int blockSamples;
    private final double blockSeconds;
    private final float[] logEnergy = new float[HISTORY_BLOCKS];
    /** Complete blocks so far; block j covers input samples [j * blockSamples, (j + 1) * blockSamples). */
    private long blocks;
    private double sum;
    private int filled;
    private float previous;
    /** Recent offsets (onset - tracker time) of beats with a clear onset, for the running median. */
    private final double[] offsets = new double[OFFSET_HISTORY];
    private final double[] sorted = new double[OFFSET_HISTORY];
    private int offsetCount;
    /** The tracker's time of the last beat refined, whose offset is learnt at the next beat; NaN before the first. */
    private double pendingBeat = Double.NaN;

    OnsetRefiner(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0, got " + sampleRate);
        }
        this.sampleRate = sampleRate;
        blockSamples = Math.max(1, (int) Math.round(sampleRate * BLOCK_SECONDS));
        blockSeconds = (double) blockSamples / sampleRate;
    }

    void reset() {
        offsetCount = 0;
        pendingBeat = Double.NaN;
        blocks = 0;
        sum = 0;
        filled = 0;
        previous = 0;
    }

    /** Seconds of input pushed since construction or {@link #reset()}. */
    double seconds() {
        return ((double) blocks * blockSamples + filled) / sampleRate;
    }

    /** Appends input samples (finite, as the provider passes them). */
    void push(float[] samples, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            float x = samples[i];
            double d = x - previous;
            previous = x;
            sum += d * d;
            if (++filled == blockSamples) {
                logEnergy[(int) (blocks % HISTORY_BLOCKS)] = (float) Math.log10(1e-10 + sum / blockSamples);
                blocks++;
                sum = 0;
                filled = 0;
            }
        }
    }

    /**
     * The onset time of the beat the tracker put at {@code t} seconds (stream time, sample 0 at 0 s), using only the
     * input before {@code until} seconds; NaN when no clear onset lies near it.
     */
    double onsetNear(double t, double until) {
        long first = Math.max(RISE_BLOCKS, (long) Math.floor((t - SEARCH_SECONDS) / blockSeconds));
        first = Math.max(first, blocks - HISTORY_BLOCKS + RISE_BLOCKS);
        long last = Math.min(blocks - 1, (long) Math.ceil((t + SEARCH_SECONDS) / blockSeconds));
        last = Math.min(last, (long) Math.floor(until / blockSeconds) - 1);
        long best = -1;
        double bestScore = 0;
        for (long j = first; j <= last; j++) {
            double rise = energy(j) - energy(j - RISE_BLOCKS);
            if (rise < MIN_RISE) {
                continue;
            }
            double distance = ((j + 0.5) * blockSeconds - t) / PROXIMITY_SECONDS;
            double score = rise * Math.exp(-0.5 * distance * distance);
            if (score > bestScore) {
                bestScore = score;
                best = j;
            }
        }
        if (best < 0) {
            return Double.NaN;
        }
        long steepest = best;
        double steepestStep = Double.NEGATIVE_INFINITY;
        for (long k = best - RISE_BLOCKS + 1; k <= best; k++) {
            double step = energy(k) - energy(k - 1);
            if (step > steepestStep) {
                steepestStep = step;
                steepest = k;
            }
        }
        return steepest * blockSeconds;
    }

    /**
     * The published time of the beat the tracker put at t: the tracker's bias on this song (the median offset of the
     * recent beats' onsets from the tracker's times) is taken out, and the beat goes onto its own onset when that lies
     * within {@link #SNAP_SECONDS} of where the bias puts it. The tracker often declares a beat before its onset has
     * arrived (it looks up to 40 ms ahead), so the offset of a beat is learnt when the next one is declared. The
     * search stays centred on the tracker's time: centred on the learnt offset it fed back on itself, the median
     * walking onto neighbouring notes (beat F 0.867 -> 0.847, and 0.786 with a looser gate, on the tuning set).
     * While the offsets scatter by more than {@link #MAX_SPREAD_SECONDS} (median absolute deviation: no clear onset
     * on the beat, or expressive timing) or fewer than {@value #MIN_OFFSETS} are known, the tracker's time stands.
     */
    double refine(double t, double until) {
        if (!Double.isNaN(pendingBeat)) {
            // the previous beat's onset has arrived by now in full: learn from it
            double previousOnset = onsetNear(pendingBeat, until);
            if (!Double.isNaN(previousOnset)) {
                offsets[offsetCount % OFFSET_HISTORY] = previousOnset - pendingBeat;
                offsetCount++;
            }
        }
        pendingBeat = t;
        int n = Math.min(offsetCount, OFFSET_HISTORY);
        if (n < MIN_OFFSETS) {
            return t;
        }
        double median = median(n, false, 0);
        if (median(n, true, median) > MAX_SPREAD_SECONDS) {
            return t;
        }
        double expected = t + median;
        double onset = onsetNear(t, until);
        return !Double.isNaN(onset) && Math.abs(onset - expected) <= SNAP_SECONDS ? onset : expected;
    }

    /** Median of the first n offsets, or with {@code deviation} of their distances from {@code centre}. */
    private double median(int n, boolean deviation, double centre) {
        for (int i = 0; i < n; i++) {
            sorted[i] = deviation ? Math.abs(offsets[i] - centre) : offsets[i];
        }
        java.util.Arrays.sort(sorted, 0, n);
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private double energy(long block) {
        return logEnergy[(int) (block % HISTORY_BLOCKS)];
    }
}
