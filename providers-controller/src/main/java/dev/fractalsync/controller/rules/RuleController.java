package dev.fractalsync.controller.rules;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.CardioidMultiplier;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;

/**
 * The default controller: hand-written rules from musical state to Julia controls. Stateless: every output is a
 * function of the input (previous control vector included), so it is deterministic and an MLP can imitate it.
 * <p>
 * The Julia parameter moves in the multiplier coordinate μ of the main cardioid, {@code c = μ/2 − μ²/4}: |μ| &lt; 1 is
 * inside the cardioid (connected Julia sets), |μ| = 1 its boundary (the most intricate shapes), |μ| &gt; 1 mostly
 * outside M (disconnected dust). Each frame μ is recovered from the previous c, its angle walks on with the beat
 * and its radius relaxes to a target set by the section mix: calm and inside in intro/verse, at the edge in
 * pre-chorus, outside in chorus. Rising hazard pulls the radius towards the edge and speeds up the walk and the
 * palette cycling; the beat pulses zoom and contrast; onsets and flux add small fast nuance.
 */
public final class RuleController implements ControllerProvider {
    public static final String ID = "rules";

    // Fast-feature columns (contract audio_features order).
    static final int RMS_DB = 16;
    static final int SPECTRAL_FLUX = 17;
    static final int SPECTRAL_CENTROID = 18;
    static final int SPECTRAL_FLATNESS = 20;
    static final int ONSET_STRENGTH = 21;

    // Per section, in contract label order: silence, intro, verse, pre-chorus, chorus, bridge, inst, outro.
    /** Target |μ|. */
    private static final double[] RADIUS = {0.85, 0.93, 0.96, 0.99, 1.24, 1.04, 1.12, 0.91};
    /** Energy: walk speed, saturation, zoom pulse. */
    private static final double[] ENERGY = {0.0, 0.25, 0.4, 0.6, 1.0, 0.5, 0.75, 0.2};
    /** Base hue, turns. */
    private static final double[] HUE = {0.60, 0.52, 0.42, 0.20, 0.92, 0.75, 0.12, 0.55};
    /** Contrast exponent between beats. */
    private static final double[] CONTRAST = {1.4, 1.1, 0.9, 0.75, 0.55, 0.8, 0.65, 1.1};
    /** Hazard weights per horizon (1, 2, 4, 8, 16 beats): near boundaries matter more. */
    private static final double[] HAZARD_WEIGHT = {0.15, 0.2, 0.25, 0.25, 0.15};

    /** Re μ stays below this: beyond it the principal square root that recovers μ from c would fold it back inside. */
    private static final double MAX_RE_MU = 0.985;
    private static final double RADIUS_TIME_CONSTANT = 0.6;
    private static final double HUE_TIME_CONSTANT = 1.5;
    private static final double FAST_TIME_CONSTANT = 0.25;
    /** Walk of arg μ in radians per beat at zero energy and tension. */
    private static final double BASE_WALK = 2 * Math.PI / 96;
    private static final double MAX_DT = 0.25;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Rule-based controller";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) {
        // no models, no options
    }

    @Override
    public ControlVector process(ControllerInput input) {
        StructureState s = input.structure();
        BeatClockState beat = input.beat();
        ControlVector prev = input.previous();
        FeatureWindow fw = input.fastFeatures();
        double dt = input.dtSec();
        dt = dt > 0 && dt <= MAX_DT ? dt : (dt > MAX_DT ? MAX_DT : 0.0);

        double energy = 0;
        double radius = 0;
        double hue = 0;
        double contrast = 0;
        for (int i = 0; i < SectionLabel.COUNT; i++) {
            double p = s.sectionProb(i);
            energy += p * ENERGY[i];
            radius += p * RADIUS[i];
            hue += p * HUE[i];
            contrast += p * CONTRAST[i];
        }
        double tension = 0;
        for (int k = 0; k < HAZARD_WEIGHT.length; k++) {
            tension += HAZARD_WEIGHT[k] * s.hazardProb(k);
        }
        double chorus = s.sectionProb(SectionLabel.CHORUS);
        double silence = s.sectionProb(SectionLabel.SILENCE);

        int last = fw.frames() - 1;
        double onset = clamp01(0.5 * feature(fw, last, ONSET_STRENGTH));
        double flux = clamp01(windowMean(fw, SPECTRAL_FLUX));
        double rms = clamp01(feature(fw, last, RMS_DB));
        double centroid = clamp01(feature(fw, last, SPECTRAL_CENTROID));
        double flatness = clamp01(feature(fw, last, SPECTRAL_FLATNESS));
        double beatsPerSecond = 1.0 / beat.spb();
        double conf = beat.conf();
        double downbeat = beat.downbeatProb() == null ? 0.0 : beat.downbeatProb();
        double phase = beat.phase();

        // --- c: walk of μ along the cardioid family, radius by section and tension ---
        CardioidMultiplier mu = CardioidMultiplier.of(prev.cRe(), prev.cIm());
        double r = mu.radius();
        double theta = mu.angle();

        double targetRadius = radius + 0.7 * tension * (1.0 - radius) + 0.03 * onset;
        double walk = BASE_WALK * (0.6 + 0.9 * energy + 1.5 * tension);
        theta += walk * beatsPerSecond * dt;
        r += (targetRadius - r) * (1 - Math.exp(-dt / RADIUS_TIME_CONSTANT));
        double cos = Math.cos(theta);
        if (r * cos > MAX_RE_MU) {
            r = MAX_RE_MU / cos;
        }
        CardioidMultiplier next = new CardioidMultiplier(r, theta);
        double nextCRe = next.cRe();
        double nextCIm = next.cIm();

        // --- palette ---
        double hueTarget = hue + 0.08 * tension;
        double hueOffset = prev.hueOffset() + (hueTarget - prev.hueOffset()) * (1 - Math.exp(-dt / HUE_TIME_CONSTANT));
        double fast = 1 - Math.exp(-dt / FAST_TIME_CONSTANT);
        double satTarget = 0.45 + 0.4 * energy + 0.12 * rms - 0.1 * flatness - 0.2 * silence;
        double saturation = prev.saturation() + (satTarget - prev.saturation()) * fast;
        double beatPulse = conf * Math.exp(-6.0 * phase) * (1 + 0.5 * downbeat);
        double contrastNow = contrast * (1 - 0.3 * beatPulse) * (1 - 0.15 * (centroid - 0.3));
        double cycleTarget = 0.08 + 0.3 * energy + 1.4 * tension * tension + 0.3 * flux;
        double cycleSpeed = prev.cycleSpeed() + (cycleTarget - prev.cycleSpeed()) * fast;

        // --- motion ---
        double zoomPulse = conf * (0.06 + 0.22 * energy + 0.1 * downbeat + 0.15 * onset);
        double rotation = 0.55 * Math.sin(theta) + 0.15 * tension * Math.sin(2 * Math.PI * phase);
        double nearEdge = 1 - Math.min(1.0, Math.abs(r - 1.0) * 8);
        double iterationGain = 0.8 + 0.5 * tension + 0.5 * nearEdge + 0.2 * chorus - 0.3 * silence;

        return new ControlVector(
                clamp(nextCRe - ControlVector.C_ANCHOR_RE, 0),
                clamp(nextCIm - ControlVector.C_ANCHOR_IM, 1),
                clamp(hueOffset, 2),
                clamp(saturation, 3),
                clamp(contrastNow, 4),
                clamp(cycleSpeed, 5),
                clamp(zoomPulse, 6),
                clamp(rotation, 7),
                clamp(iterationGain, 8));
    }

    private static double feature(FeatureWindow fw, int frame, int column) {
        if (frame < 0 || column >= fw.width()) {
            return 0.0;
        }
        float v = fw.get(frame, column);
        return Float.isFinite(v) ? v : 0.0;
    }

    private static double windowMean(FeatureWindow fw, int column) {
        int n = fw.frames();
        if (n == 0) {
            return 0.0;
        }
        double sum = 0;
        for (int t = 0; t < n; t++) {
            sum += feature(fw, t, column);
        }
        return sum / n;
    }

    private static double clamp01(double v) {
        return v > 0 ? (v < 1 ? v : 1) : 0;
    }

    private static double clamp(double v, int index) {
        double lo = ControlVector.MIN[index];
        double hi = ControlVector.MAX[index];
        return v > lo ? (v < hi ? v : hi) : lo;
    }

    @Override
    public void reset() {
        // stateless: the previous control vector arrives with every input
    }

    @Override
    public void close() {
    }
}
