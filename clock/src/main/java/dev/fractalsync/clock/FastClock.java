package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;

/**
 * The render-cadence side. Holds the latest {@link SlowState} (accepted from any thread), and on each
 * {@link #sample(double)} (from the render thread):
 * <ul>
 *   <li>advances the beat predictively to the frame's presentation time plus half a frame period, so the frame
 *       nearest a beat instant is the one that shows phase 0 (a look whose accent peaks at phase 0 then peaks on
 *       the frame closest to the beat, never up to a frame after it). The prediction comes from the onset-aligned
 *       {@link BeatGrid} when one is given and agrees with the newest slow state in phase within a quarter beat (or,
 *       fitted to five beats or more, its last beat is at most 2.5 beats old: a tracker hiccup does not move it), else
 *       from the state, {@code position = count + phase_slow + (t - t_slow)/spb}. When a new grid or state moves
 *       the prediction, the difference is not shown as a jump: it is carried as a correction that decays with time
 *       constant {@value #CORRECTION_TAU_SEC} s (a correction over a quarter beat is applied at once). The beat
 *       count never goes backwards: when a new slow state says the beat we already announced has not happened
 *       yet, the count holds and the phase rests at 0 until the clocks agree again;</li>
 *   <li>smooths the beat confidence (time constant {@value #CONFIDENCE_TAU_SEC} s);</li>
 *   <li>smooths section probabilities (time constant {@value #SECTION_TAU_SEC} s) and hazards
 *       ({@value #HAZARD_TAU_SEC} s) exponentially — convex combinations, so sums and hazard monotonicity survive
 *       (for the look's colour mix; the section label a frame shows is the state's held one, decided once by
 *       {@link SectionDecision}, never re-decided from these).</li>
 * </ul>
 */
public final class FastClock {
    public static final double SECTION_TAU_SEC = 0.35;
    public static final double HAZARD_TAU_SEC = 0.2;
    public static final double CORRECTION_TAU_SEC = 0.08;
    /**
     * Beat confidence is smoothed too: the tracker's confidence jumps when it detects a beat, a few frames after
     * the beat, and looks that scale their beat pulse by it would flash at the detection instead of on the beat.
     */
    public static final double CONFIDENCE_TAU_SEC = 0.3;
    /** The grid is used while its tempo and position agree with the tracker's: tempo within 15 %, position within this. */
    private static final double GRID_AGREEMENT_BEATS = 0.25;
    private static final double MAX_CORRECTION_BEATS = 0.25;
    private static final int TRUSTED_ANCHORS = 5;
    private static final double TRUSTED_AGE_BEATS = 2.5;

    private final int tFast;
    private final int width;
    private final Object lock = new Object();
    private final float[] featureRing;
    private long featureCount;
    private SlowState latest;
    private volatile BeatGrid grid;

    // render-thread state
    private final float[] fastWindow;
    private final FeatureWindow fastView;
    private final double[] sections = new double[SectionLabel.COUNT];
    private final double[] hazards = new double[Horizons.COUNT];
    private boolean smoothedInit;
    private double lastT = Double.NaN;
    private long lastCount = -1;
    private double framePeriod = 1 / 60.0;
    private Predictor lastPredictor;
    private double correction;
    private double conf = Double.NaN;
    /** Whole beats added to the predictors' counts so the shown count runs on when the tracker's count skips. */
    private long countOffset;

    public FastClock(ModelContract contract) {
        this.tFast = contract.tFast();
        this.width = contract.audioFeatures().size();
        this.featureRing = new float[tFast * width];
        this.fastWindow = new float[tFast * width];
        this.fastView = FeatureWindow.of(fastWindow, tFast, width);
    }

    /** Takes a new slow state; safe to call from the bus thread while the render thread samples. */
    public void accept(SlowState s) {
        synchronized (lock) {
            if (latest != null && s.hopIndex() <= latest.hopIndex()) {
                return; // out of order or repeated: the newest wins
            }
            if (s.featureCount() == width) {
                int row = (int) (featureCount % tFast);
                for (int f = 0; f < width; f++) {
                    featureRing[row * width + f] = s.feature(f);
                }
                featureCount++;
            }
            latest = s;
        }
    }

    /** Takes the newest onset-aligned beat grid (null: none); safe to call from any thread. */
    public void acceptGrid(BeatGrid g) {
        grid = g;
    }

    /** The onset-aligned grid it predicts from when it agrees with the states (null: none). */
    public BeatGrid grid() {
        return grid;
    }

    /** The latest slow state received, or null. */
    public SlowState latest() {
        synchronized (lock) {
            return latest;
        }
    }

    /** The frame for render time {@code tSec}; null until the first slow state arrives. */
    public FastFrame sample(double tSec) {
        SlowState s;
        synchronized (lock) {
            s = latest;
            long first = featureCount - tFast;
            for (int t = 0; t < tFast; t++) {
                long idx = first + t;
                if (idx < 0) {
                    java.util.Arrays.fill(fastWindow, t * width, (t + 1) * width, 0f);
                } else {
                    System.arraycopy(featureRing, (int) (idx % tFast) * width, fastWindow, t * width, width);
                }
            }
        }
        if (s == null) {
            return null;
        }
        double dt = Double.isNaN(lastT) ? 0 : Math.max(0, tSec - lastT);
        lastT = tSec;
        if (dt > 0 && dt < 0.1) {
            framePeriod += 0.2 * (dt - framePeriod);
        }
        BeatClockState beat = predict(s.beat(), tSec, dt);
        StructureState structure = smooth(s.structure(), dt);
        return new FastFrame(tSec, dt, beat, structure, s.section(), fastView, s);
    }

    /** A linear beat position, {@code position(t) = refPosition + (t - refTime) / period}. */
    private record Predictor(double refTime, double refPosition, double period) {
        double position(double t) {
            return refPosition + (t - refTime) / period;
        }
    }

    private Predictor predictor(BeatClockState b) {
        Predictor fromState = new Predictor(b.tSec(), b.beatCount() + b.phase(), b.spb());
        BeatGrid g = grid;
        if (g == null || !(Math.abs(g.period() / b.spb() - 1) <= 0.15)) {
            return fromState;
        }
        Predictor fromGrid = new Predictor(g.anchorTime(), g.anchorCount(), g.period());
        // compared modulo whole beats within one beat: between a beat and its detection the tracker's count still
        // lags by one while the grid has already counted it
        double d = fromGrid.position(b.tSec()) - fromState.refPosition();
        double whole = Math.rint(d);
        boolean agrees = Math.abs(whole) <= 1 && Math.abs(d - whole) < GRID_AGREEMENT_BEATS;
        // a well-supported grid whose last beat is recent outlasts a tracker hiccup (a beat reported on an
        // off-beat moves its phase by half a beat for a beat or two); if the tracker really moved, the grid
        // restarts from its next two beats or goes stale
        boolean trusted = g.anchors() >= TRUSTED_ANCHORS && b.tSec() - g.anchorTime() <= TRUSTED_AGE_BEATS * g.period();
        return agrees || trusted ? fromGrid : fromState;
    }

    private BeatClockState predict(BeatClockState b, double tSec, double dt) {
        double shown = tSec + 0.5 * framePeriod;
        Predictor p = predictor(b);
        double position = p.position(shown);
        if (lastPredictor != null && !p.equals(lastPredictor)) {
            double moved = lastPredictor.position(shown) - position;
            // a whole-beat difference is a counting difference (the tracker missed a beat, or has not yet counted
            // one the grid already has), not a timing one: absorb it into the count
            long whole = Math.round(moved);
            countOffset += whole;
            correction += moved - whole;
            if (Math.abs(correction) > MAX_CORRECTION_BEATS) {
                correction = 0;
            }
        }
        lastPredictor = p;
        correction *= Math.exp(-dt / CORRECTION_TAU_SEC);
        position += correction + countOffset;
        long count = (long) Math.floor(position);
        double phase = BeatClockState.wrapPhase(position);
        if (count < lastCount) {
            count = lastCount;
            phase = 0.0; // we announced this beat early: rest on it instead of firing it twice
        }
        lastCount = count;
        conf = Double.isNaN(conf) ? b.conf() : conf + (1 - Math.exp(-dt / CONFIDENCE_TAU_SEC)) * (b.conf() - conf);
        return new BeatClockState(Math.max(0, tSec), p.period(), phase, count, conf, b.downbeatProb());
    }

    private StructureState smooth(StructureState target, double dt) {
        if (!smoothedInit) {
            for (int i = 0; i < sections.length; i++) {
                sections[i] = target.sectionProb(i);
            }
            for (int k = 0; k < hazards.length; k++) {
                hazards[k] = target.hazardProb(k);
            }
            smoothedInit = true;
        } else {
            double a = 1 - Math.exp(-dt / SECTION_TAU_SEC);
            double h = 1 - Math.exp(-dt / HAZARD_TAU_SEC);
            for (int i = 0; i < sections.length; i++) {
                sections[i] += a * (target.sectionProb(i) - sections[i]);
            }
            for (int k = 0; k < hazards.length; k++) {
                hazards[k] += h * (target.hazardProb(k) - hazards[k]);
            }
        }
        double sum = 0;
        for (double p : sections) {
            sum += p;
        }
        double[] p = new double[sections.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(0, Math.min(1, sections[i] / sum));
        }
        double[] hz = new double[hazards.length];
        double run = 0;
        for (int k = 0; k < hz.length; k++) {
            run = Math.max(run, Math.max(0, Math.min(1, hazards[k]))); // guard rounding against monotonicity
            hz[k] = run;
        }
        return new StructureState(p, hz, target.macroEmbedding());
    }

    /** Forgets everything (a new stream). */
    public void reset() {
        synchronized (lock) {
            latest = null;
            featureCount = 0;
            java.util.Arrays.fill(featureRing, 0f);
        }
        smoothedInit = false;
        lastT = Double.NaN;
        lastCount = -1;
        grid = null;
        framePeriod = 1 / 60.0;
        lastPredictor = null;
        correction = 0;
        countOffset = 0;
        conf = Double.NaN;
    }
}
