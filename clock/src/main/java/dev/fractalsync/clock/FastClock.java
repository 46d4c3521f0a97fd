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
 *   <li>advances the beat predictively, {@code phase = frac(phase_slow + (t - t_slow)/spb)}, with a beat count that
 *       never goes backwards: when a new slow state says the beat we already announced has not happened yet, the
 *       count holds and the phase rests at 0 until the clocks agree again;</li>
 *   <li>smooths section probabilities (time constant {@value #SECTION_TAU_SEC} s) and hazards
 *       ({@value #HAZARD_TAU_SEC} s) exponentially — convex combinations, so sums and hazard monotonicity survive;</li>
 *   <li>applies hysteresis to the displayed section: a new label takes over only after leading the held one by
 *       {@value #HYSTERESIS_MARGIN} for {@value #HYSTERESIS_DWELL_SEC} s.</li>
 * </ul>
 */
public final class FastClock {
    public static final double SECTION_TAU_SEC = 0.35;
    public static final double HAZARD_TAU_SEC = 0.2;
    public static final double HYSTERESIS_MARGIN = 0.15;
    public static final double HYSTERESIS_DWELL_SEC = 0.25;

    private final int tFast;
    private final int width;
    private final Object lock = new Object();
    private final float[] featureRing;
    private long featureCount;
    private SlowState latest;

    // render-thread state
    private final float[] fastWindow;
    private final FeatureWindow fastView;
    private final double[] sections = new double[SectionLabel.COUNT];
    private final double[] hazards = new double[Horizons.COUNT];
    private boolean smoothedInit;
    private double lastT = Double.NaN;
    private long lastCount = -1;
    private SectionLabel held = SectionLabel.SILENCE;
    private SectionLabel candidate;
    private double candidateSince;

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
        BeatClockState beat = predict(s.beat(), tSec);
        StructureState structure = smooth(s.structure(), dt);
        SectionLabel section = hysteresis(tSec);
        return new FastFrame(tSec, dt, beat, structure, section, fastView, s);
    }

    private BeatClockState predict(BeatClockState b, double tSec) {
        double beats = b.phase() + (tSec - b.tSec()) / b.spb();
        long count = b.beatCount() + (long) Math.floor(beats);
        double phase = BeatClockState.wrapPhase(beats);
        if (count < lastCount) {
            count = lastCount;
            phase = 0.0; // we announced this beat early: rest on it instead of firing it twice
        }
        lastCount = count;
        return new BeatClockState(Math.max(0, tSec), b.spb(), phase, count, b.conf(), b.downbeatProb());
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

    private SectionLabel hysteresis(double tSec) {
        int top = 0;
        for (int i = 1; i < sections.length; i++) {
            if (sections[i] > sections[top]) {
                top = i;
            }
        }
        SectionLabel leader = SectionLabel.ofIndex(top);
        if (leader == held || sections[top] < sections[held.ordinal()] + HYSTERESIS_MARGIN) {
            candidate = null;
            return held;
        }
        if (candidate != leader) {
            candidate = leader;
            candidateSince = tSec;
        }
        if (tSec - candidateSince >= HYSTERESIS_DWELL_SEC) {
            held = leader;
            candidate = null;
        }
        return held;
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
        held = SectionLabel.SILENCE;
        candidate = null;
    }
}
