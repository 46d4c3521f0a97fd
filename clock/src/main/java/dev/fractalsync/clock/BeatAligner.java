package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Puts the tracker's beats on the audio's onsets and fits a beat grid to them, causally, hop by hop.
 * <p>
 * Why: the beat tracker (BeatNet's particle filter on 20 ms frames) reports beat instants with a bias that changes
 * with the instrumentation (measured on generated songs: median −10 to −1 ms per song, drifting by ±15 ms between
 * sections) and a jitter of 13–19 ms IQR. Visual accents scheduled on those instants land up to two frames off. The
 * audible beat is the onset of the note on it, so each reported beat is moved to the strongest rise of short-time
 * energy (256-sample windows every 64 samples, 1.3 ms) within {@value #SEARCH_MS} ms of the reported instant; a
 * beat without a clear rise there keeps the tracker's instant. The grid is a least-squares line through the last
 * beats whose spacing agrees with the tracker's tempo, newer beats weighing more, so a tempo change is followed
 * within a few beats.
 */
public final class BeatAligner {
    static final double SEARCH_MS = 40;
    private static final int WINDOW = 256;   // a power of two: the ring index wraps with a mask
    private static final int STEP = 64;
    /** Smallest rise of log10 energy between neighbouring windows that counts as an onset (+26 % energy). */
    private static final double MIN_RISE = 0.1;
    private static final int MAX_ANCHORS = 8;
    private static final double WEIGHT_DECAY = 0.75;
    /** An interval between anchors may differ this much from whole beats at the tracker's tempo (else: off the grid). */
    private static final double SPACING_TOLERANCE = 0.3;
    /** The fitted tempo must be within this (relative) of the tracker's. */
    private static final double TEMPO_TOLERANCE = 0.15;
    /** An anchor this far off the line through the others is an onset next to the beat, not the beat. */
    private static final double OUTLIER_SEC = 0.015;

    private final int sampleRate;
    private final double[] energy;
    private final float[] tail = new float[WINDOW];
    private long samplesSeen;
    private long windowsSeen;
    /** samplesSeen % WINDOW, and the value of samplesSeen at which the next window is complete. */
    private int ringPosition;
    private long nextWindowEnd = WINDOW;
    private long lastCount;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final double[] anchorTime = new double[MAX_ANCHORS];
    private final long[] anchorCount = new long[MAX_ANCHORS];
    private int anchors;
    private final double[] suspectTime = new double[3];
    private final long[] suspectCount = new long[3];
    private int suspects;
    private BeatGrid grid;

    private record Pending(long count, double tSec) {
    }

    /** Keeps {@code historySec} of onset envelope (enough for the tracker's detection delay plus the search window). */
    public BeatAligner(int sampleRate, double historySec) {
        this.sampleRate = sampleRate;
        this.energy = new double[(int) Math.ceil(historySec * sampleRate / STEP) + 1];
    }

    /**
     * Takes the next hop of mono audio and the beat state published for it (its {@code tSec} is the hop's end);
     * returns whether this hop changed the grid (see {@link #grid()}).
     */
    public boolean accept(float[] hop, BeatClockState beat) {
        appendEnvelope(hop);
        if (beat.beatCount() > lastCount && beat.conf() > 0 && beat.spb() > 0) {
            // the newest beat only: a tracker that counts two beats in one hop reports one instant
            pending.addLast(new Pending(beat.beatCount(), beat.tSec() - beat.phase() * beat.spb()));
        }
        lastCount = Math.max(lastCount, beat.beatCount());
        boolean changed = false;
        while (!pending.isEmpty() && pending.peekFirst().tSec() + SEARCH_MS / 1000 <= windowTime(windowsSeen - 1)) {
            Pending p = pending.removeFirst();
            addAnchor(p.count(), refine(p.tSec()), beat.spb());
            changed = true;
        }
        if (changed) {
            grid = fit(beat.spb());
        }
        return changed;
    }

    /** The current grid, or null before three consistent beats. */
    public BeatGrid grid() {
        return grid;
    }

    /** Forgets the beats and the grid but keeps the onset envelope: the beats from now on are at another level. */
    public void restartGrid() {
        pending.clear();
        anchors = 0;
        suspects = 0;
        grid = null;
    }

    public void reset() {
        samplesSeen = 0;
        windowsSeen = 0;
        ringPosition = 0;
        nextWindowEnd = WINDOW;
        lastCount = 0;
        pending.clear();
        anchors = 0;
        suspects = 0;
        grid = null;
        java.util.Arrays.fill(tail, 0f);
    }

    /** End time of window {@code w}: an onset shows up when the window reaching past it starts to rise. */
    private double windowTime(long w) {
        return (double) (w * STEP + WINDOW) / sampleRate;
    }

    private void appendEnvelope(float[] hop) {
        // tail is a ring of the last WINDOW samples; windows start every STEP samples from stream start
        for (float v : hop) {
            tail[ringPosition] = Float.isFinite(v) ? v : 0f;
            ringPosition = (ringPosition + 1) & (WINDOW - 1);
            samplesSeen++;
            if (samplesSeen == nextWindowEnd) {
                nextWindowEnd += STEP;
                // four partial sums: one chain of 256 dependent additions was a fifth of the publishing thread's time
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int i = 0; i < WINDOW; i += 4) {
                    s0 += (double) tail[i] * tail[i];
                    s1 += (double) tail[i + 1] * tail[i + 1];
                    s2 += (double) tail[i + 2] * tail[i + 2];
                    s3 += (double) tail[i + 3] * tail[i + 3];
                }
                double sum = (s0 + s1) + (s2 + s3);
                energy[(int) (windowsSeen % energy.length)] = Math.log10(1e-10 + sum / WINDOW);
                windowsSeen++;
            }
        }
    }

    private double refine(double tSec) {
        double lo = tSec - SEARCH_MS / 1000;
        double hi = tSec + SEARCH_MS / 1000;
        long oldest = Math.max(1, windowsSeen - energy.length + 1);
        long first = Math.max(oldest, (long) Math.ceil((lo * sampleRate - WINDOW) / STEP));
        long last = Math.min(windowsSeen - 1, (long) Math.floor((hi * sampleRate - WINDOW) / STEP));
        double bestRise = MIN_RISE;
        long best = -1;
        for (long w = first; w <= last; w++) {
            double rise = energy[(int) (w % energy.length)] - energy[(int) ((w - 1) % energy.length)];
            if (rise > bestRise) {
                bestRise = rise;
                best = w;
            }
        }
        return best < 0 ? tSec : windowTime(best);
    }

    private void addAnchor(long count, double tSec, double spb) {
        if (anchors > 0 && !onGrid(tSec - anchorTime[anchors - 1], spb)) {
            // off the grid: a beat reported on an off-beat, or a real change. Held aside; only three such beats
            // in a row that agree with each other replace the grid.
            if (suspects > 0 && !onGrid(tSec - suspectTime[suspects - 1], spb)) {
                suspects = 0;
            }
            suspectTime[suspects] = tSec;
            suspectCount[suspects] = count;
            suspects++;
            if (suspects < suspectTime.length) {
                return;
            }
            System.arraycopy(suspectTime, 0, anchorTime, 0, suspects);
            System.arraycopy(suspectCount, 0, anchorCount, 0, suspects);
            anchors = suspects;
            suspects = 0;
            return;
        }
        suspects = 0;
        if (anchors == MAX_ANCHORS) {
            System.arraycopy(anchorTime, 1, anchorTime, 0, MAX_ANCHORS - 1);
            System.arraycopy(anchorCount, 1, anchorCount, 0, MAX_ANCHORS - 1);
            anchors--;
        }
        anchorTime[anchors] = tSec;
        anchorCount[anchors] = count;
        anchors++;
    }

    /** Whether {@code interval} is a whole number of beats (at least one) at {@code spb}. */
    private static boolean onGrid(double interval, double spb) {
        double beats = interval / spb;
        long whole = Math.round(beats);
        return whole >= 1 && Math.abs(beats - whole) <= SPACING_TOLERANCE;
    }

    private BeatGrid fit(double spb) {
        if (anchors < 3) {
            return null;
        }
        // beat numbers from the spacing (the tracker's count skips nothing when it misses a beat, time does)
        double[] x = new double[anchors];
        for (int i = 1; i < anchors; i++) {
            x[i] = x[i - 1] + Math.max(1, Math.round((anchorTime[i] - anchorTime[i - 1]) / spb));
        }
        boolean[] used = new boolean[anchors];
        java.util.Arrays.fill(used, true);
        int n = anchors;
        // an onset next to the beat (a pickup, a fill) can win the search: while more than three remain, drop the
        // anchor farthest from the line through the others, if it is farther than OUTLIER_SEC
        while (n > 3) {
            int worst = -1;
            double worstResidual = OUTLIER_SEC;
            for (int i = 0; i < anchors; i++) {
                if (!used[i]) {
                    continue;
                }
                used[i] = false;
                double[] others = line(x, used, spb);
                used[i] = true;
                double r = Math.abs(anchorTime[i] - (others[0] + others[1] * x[i]));
                if (r > worstResidual) {
                    worstResidual = r;
                    worst = i;
                }
            }
            if (worst < 0) {
                break;
            }
            used[worst] = false;
            n--;
        }
        double[] line = line(x, used, spb);
        if (!used[anchors - 1] && !used[anchors - 2]) {
            // the two newest beats both disagree with the older ones: the tempo or the phase changed; start over
            // from them
            anchorTime[0] = anchorTime[anchors - 2];
            anchorCount[0] = anchorCount[anchors - 2];
            anchorTime[1] = anchorTime[anchors - 1];
            anchorCount[1] = anchorCount[anchors - 1];
            anchors = 2;
            return null;
        }
        double period = line[1];
        if (!(Math.abs(period / spb - 1) <= TEMPO_TOLERANCE)) {
            return null;
        }
        int newest = used[anchors - 1] ? anchors - 1 : anchors - 2;
        return new BeatGrid(anchorCount[newest], line[0] + period * x[newest], period, n);
    }

    /** Weighted least-squares {intercept, slope} of anchor time over beat number, newer anchors weighing more. */
    private double[] line(double[] x, boolean[] used, double spb) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < anchors; i++) {
            if (used[i]) {
                double w = Math.pow(WEIGHT_DECAY, anchors - 1 - i);
                sw += w;
                sx += w * x[i];
                sy += w * anchorTime[i];
            }
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < anchors; i++) {
            if (used[i]) {
                double w = Math.pow(WEIGHT_DECAY, anchors - 1 - i);
                sxx += w * (x[i] - mx) * (x[i] - mx);
                sxy += w * (x[i] - mx) * (anchorTime[i] - my);
            }
        }
        double slope = sxx > 0 ? sxy / sxx : spb;
        return new double[]{my - slope * mx, slope};
    }
}
