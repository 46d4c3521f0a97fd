package dev.fractalsync.beat.beatnet;

/**
 * Whether the tracked pulse is the music's beat or its subdivision. BeatNet's activation fires on every eighth note of
 * a slow song whose accompaniment moves in eighths (a ballad at 63 BPM arpeggiated in eighths is tracked at 126), and
 * the beat stage then follows the eighths. What tells the two apart is what happens <em>between</em> the tracked
 * beats: at the beat's level, the half-beat carries onsets of its own (the eighths, an off-beat hi-hat, a strum);
 * when the tracker follows the subdivision, the half-way points between its beats are sixteenths and nearly empty.
 * <p>
 * Per frame this keeps the spectral flux (the sum of BeatNet's positive log-filterbank differences); per declared
 * beat it reads, for the interval that just ended, the flux peak (over three frames, ±20 ms) at its start, at its
 * middle and at its quarter points, and accumulates them with a forgetting factor of about {@value #MEMORY_BEATS}
 * beats. A third cue guards against sparse passages at the beat's own level (an intro of kick and pads has empty
 * half-beats too): tracking the eighths of a slow song, every other tracked beat is the song's beat and the rest are
 * weaker off-beats, so the beats' flux alternates ({@link #alternation()}). The evidence says "half time" once at
 * least {@value #MIN_INTERVALS} regular intervals were seen, the half tempo is at least {@value #MIN_HALF_BPM} BPM (or the
 * floor of a tempo range the user gave), the
 * middle's flux is under {@value #ENTER_MID_TO_BEAT} of the beat's and under {@value #ENTER_MID_TO_QUARTERS} of the
 * quarter points', and the alternation is at least {@value #ENTER_ALTERNATION}; it leaves that verdict only when the
 * middle rises clearly above both thresholds or the alternation falls under {@value #LEAVE_ALTERNATION}. Only frames before the current one are read, so streaming and block runs
 * agree. No allocation after construction. Thresholds chosen on the training-side tuning renders
 * (docs/beat-tracking.md, "The metrical level").
 */
final class SubdivisionEvidence {
    static final int HISTORY_FRAMES = 256;
    static final double MEMORY_BEATS = 32;
    static final int MIN_INTERVALS = 32;
    static final double MIN_HALF_BPM = 50;
    static final double ENTER_MID_TO_BEAT = 0.19;
    static final double ENTER_MID_TO_QUARTERS = 1.1;
    /** Leaving half time needs the middle this many times over the entering thresholds (hysteresis). */
    static final double LEAVE_FACTOR = 1.2;
    /** An interval counts when it is within this fraction of the tracked period (not a skipped or doubled beat). */
    static final double REGULAR = 0.15;
    /** Consecutive regular intervals whose beats' accent alternation is measured together. */
    static final int BLOCK = 16;
    /** Blocks whose median alternation is used (one block alone follows a kick/snare pattern too easily). */
    static final int BLOCKS = 3;
    static final double ENTER_ALTERNATION = 0.15;
    static final double LEAVE_ALTERNATION = 0.10;

    private final double fps;
    private final double minHalfBpm;
    private final float[] flux = new float[HISTORY_FRAMES];
    private long frames;
    private double lastBeatFrame = Double.NaN;
    private double beatSum;
    private double midSum;
    private double quarterSum;
    private int intervals;
    private boolean half;
    /** The current block's beat flux on even and odd intervals, and its length so far. */
    private double evenSum;
    private double oddSum;
    private int inBlock;
    private final double[] alternations = new double[BLOCKS];
    private int blocks;

    /** @param minHalfBpm the slowest half tempo suggested */
    SubdivisionEvidence(double fps, double minHalfBpm) {
        this.fps = fps;
        this.minHalfBpm = minHalfBpm;
    }

    void reset() {
        frames = 0;
        lastBeatFrame = Double.NaN;
        beatSum = 0;
        midSum = 0;
        quarterSum = 0;
        intervals = 0;
        half = false;
        evenSum = 0;
        oddSum = 0;
        inBlock = 0;
        blocks = 0;
    }

    /** The next frame's flux (frame k centred at k / fps s). */
    void addFrame(double frameFlux) {
        flux[(int) (frames % HISTORY_FRAMES)] = (float) (frameFlux >= 0 && frameFlux < Double.POSITIVE_INFINITY ? frameFlux : 0);
        frames++;
    }

    /**
     * A beat was declared at {@code beatSeconds}, the tracker's period being {@code periodSeconds}; reads the interval
     * from the previous beat to this one.
     */
    void onBeat(double beatSeconds, double periodSeconds) {
        double beatFrame = beatSeconds * fps;
        double start = lastBeatFrame;
        lastBeatFrame = beatFrame;
        if (Double.isNaN(start) || !(periodSeconds > 0)) {
            return;
        }
        double length = beatFrame - start;
        double period = periodSeconds * fps;
        if (Math.abs(length / period - 1) > REGULAR) {
            inBlock = 0; // the pairing of beats is lost
            evenSum = 0;
            oddSum = 0;
            return;
        }
        double b = peak(start);
        double m = peak(start + length / 2);
        double q = 0.5 * (peak(start + length / 4) + peak(start + 3 * length / 4));
        if (Double.isNaN(b) || Double.isNaN(m) || Double.isNaN(q)) {
            inBlock = 0;
            evenSum = 0;
            oddSum = 0;
            return;
        }
        if (inBlock % 2 == 0) {
            evenSum += b;
        } else {
            oddSum += b;
        }
        if (++inBlock == BLOCK) {
            alternations[blocks++ % BLOCKS] = evenSum + oddSum > 0 ? Math.abs(evenSum - oddSum) / (evenSum + oddSum) : 0;
            inBlock = 0;
            evenSum = 0;
            oddSum = 0;
        }
        double keep = 1 - 1 / MEMORY_BEATS;
        beatSum = keep * beatSum + b;
        midSum = keep * midSum + m;
        quarterSum = keep * quarterSum + q;
        intervals++;
        boolean slowEnough = 60.0 / periodSeconds / 2 >= minHalfBpm;
        if (intervals < MIN_INTERVALS || !slowEnough || blocks < BLOCKS) {
            half = false;
        } else if (half) {
            half = (midSum < LEAVE_FACTOR * ENTER_MID_TO_BEAT * beatSum
                    || midSum <= LEAVE_FACTOR * ENTER_MID_TO_QUARTERS * quarterSum)
                    && alternation() >= LEAVE_ALTERNATION;
        } else {
            half = midSum < ENTER_MID_TO_BEAT * beatSum && midSum <= ENTER_MID_TO_QUARTERS * quarterSum
                    && alternation() >= ENTER_ALTERNATION;
        }
    }

    /** The largest flux of the three frames around {@code frame} (fractional); NaN when they are not all in the past. */
    private double peak(double frame) {
        long centre = Math.round(frame);
        if (centre - 1 < Math.max(0, frames - HISTORY_FRAMES) || centre + 1 >= frames) {
            return Double.NaN;
        }
        double max = 0;
        for (long k = centre - 1; k <= centre + 1; k++) {
            max = Math.max(max, flux[(int) (k % HISTORY_FRAMES)]);
        }
        return max;
    }

    /**
     * Median over the last {@value #BLOCKS} blocks of |even - odd| / (even + odd), the beats' flux on even and odd
     * intervals: tracking the eighths of a slow song, every other tracked beat is the song's beat and the rest are
     * weaker off-beats; tracking the beat, the beats' weights hardly alternate.
     */
    double alternation() {
        double a = alternations[0];
        double b = alternations[1];
        double c = alternations[2];
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Whether the tracked pulse looks like the subdivision of a beat twice as long. */
    boolean suggestsHalf() {
        return half;
    }

    double midToBeat() {
        return beatSum > 0 ? midSum / beatSum : Double.NaN;
    }

    int intervals() {
        return intervals;
    }
}
