package dev.fractalsync.render;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.VisualFrame;

/**
 * Turns a {@link VisualFrame} into kernel parameters and pixels, through a {@link Preset}:
 * <ul>
 *     <li>colour from the section: each section label has a hue and an energy, mixed by the section probabilities
 *     (a chorus is bright and warm, a verse cooler and calmer);</li>
 *     <li>motion locked to the beat position: rotation per bar, a zoom arc over each phrase of eight bars and the
 *     controller's beat-pulsed zoom, all functions of the song's beat position, so a frame depends only on its own
 *     state (no accumulated phase: sparse frames of a whole-song overview equal the dense ones);</li>
 *     <li>beat and downbeat accents: background, glow and interior flash on the beat and decay over it (the
 *     sensitivity scales them);</li>
 *     <li>tension before a boundary: the structure provider's hazard 4-8 beats ahead zooms in, saturates and
 *     brightens the glow until the change comes;</li>
 *     <li>anti-aliasing by supersampling (n x n samples per pixel, box-filtered) when the caller's budget allows.</li>
 * </ul>
 * Shared by the window and the headless renderer. Not thread-safe: one painter per render thread.
 */
public final class FramePainter implements AutoCloseable {
    /**
     * Half of the view height in complex-plane units at zoom 1: with a 16:9 frame the view spans about ±2.1 across,
     * the set's long axis, and ±1.2 up and down, so the set fills the screen instead of floating in the middle.
     */
    public static final double BASE_HALF_HEIGHT = 1.2;
    public static final int MAX_SUPERSAMPLE = 4;
    public static final double MAX_SENSITIVITY = 3.0;
    /** Section hue in turns, by {@link SectionLabel} ordinal. */
    private static final double[] SECTION_HUE = {0.62, 0.58, 0.48, 0.08, 0.93, 0.76, 0.33, 0.66};
    /** Section energy in [0,1], by {@link SectionLabel} ordinal: how bright and lively the section looks. */
    private static final double[] SECTION_ENERGY = {0.2, 0.5, 0.65, 0.8, 1.0, 0.7, 0.85, 0.5};
    private static final double BEATS_PER_BAR = 4;
    private static final double BEATS_PER_PHRASE = 32;
    /** Slow hue drift on top of the section hue. */
    private static final double HUE_TURNS_PER_BEAT = 1.0 / 128;
    public static final int MIN_ITERATIONS = 16;
    public static final int MAX_ITERATIONS = 8192;
    /**
     * Part of the beat before it over which the zoom pulse starts to rise (to half height); the full pulse is on the
     * beat's own frame, so the largest change of the picture is on the beat, not after it.
     */
    static final double PULSE_ANTICIPATION = 0.08;

    private final JuliaKernel kernel;
    private final JuliaPalette palette = new JuliaPalette();
    private final boolean ownsKernel;
    private volatile int baseIterations;
    private volatile Preset preset = Preset.NEON;
    private volatile double sensitivity = 1.0;
    private volatile int supersample = 1;
    private int[] samples = new int[0];
    private int lastIterations;

    private volatile boolean paletteLocked;
    private double heldHue;

    public FramePainter(int baseIterations) {
        this(newKernel(), true, baseIterations);
    }

    /** The JVM option that resolves the Vector API module the kernel runs on (an incubator module in Java 17). */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Whether this JVM resolved the Vector API module, without which the kernel cannot load. */
    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static JuliaKernel newKernel() {
        if (!vectorApiAvailable()) {
            throw new IllegalStateException("rendering needs the JDK's Vector API module: start java with --add-modules "
                    + VECTOR_MODULE + " (bin/fractalsync adds it for the commands that render)");
        }
        return new JuliaKernel();
    }

    public FramePainter(JuliaKernel kernel, int baseIterations) {
        this(kernel, false, baseIterations);
    }

    private FramePainter(JuliaKernel kernel, boolean ownsKernel, int baseIterations) {
        this.kernel = kernel;
        this.ownsKernel = ownsKernel;
        setBaseIterations(baseIterations);
    }

    /** Gets the kernel's vector loops compiled before the first real frame (see {@link JuliaKernel#warmUp()}). */
    public double warmUp() {
        return kernel.warmUp();
    }

    /** A frame will be painted within a few milliseconds: see {@link JuliaKernel#prepare()}. */
    public void prepare() {
        kernel.prepare();
    }

    public int baseIterations() {
        return baseIterations;
    }

    public void setBaseIterations(int iterations) {
        this.baseIterations = Math.max(MIN_ITERATIONS, Math.min(MAX_ITERATIONS, iterations));
    }

    /** Iteration budget of the last painted frame. */
    public int lastIterations() {
        return lastIterations;
    }

    /**
     * Zoom multiplier at beat phase {@code phase}: 1 + pulse, at its peak on the beat (phase 0) and decaying over the
     * beat, with a short rise to half height just before it.
     */
    public static double zoomFactor(double zoomPulse, double phase) {
        double decay = (1.0 - phase) * (1.0 - phase);
        double lead = phase - (1.0 - PULSE_ANTICIPATION);
        double rise = lead > 0 ? 0.5 * (lead / PULSE_ANTICIPATION) * (lead / PULSE_ANTICIPATION) : 0.0;
        return 1.0 + zoomPulse * Math.max(decay, rise);
    }

    /**
     * Holds the palette's hue where the last painted frame had it (sections, the controller and the beat no longer
     * turn it), or lets it follow again.
     */
    public void setPaletteLocked(boolean locked) {
        this.paletteLocked = locked;
    }

    public Preset preset() {
        return preset;
    }

    public void setPreset(Preset preset) {
        this.preset = java.util.Objects.requireNonNull(preset, "preset");
    }

    public double sensitivity() {
        return sensitivity;
    }

    /** How strongly beats, downbeats and boundary tension move the picture: 0 = not at all, 1 = default. */
    public void setSensitivity(double sensitivity) {
        if (!(sensitivity >= 0 && sensitivity <= MAX_SENSITIVITY)) {
            throw new IllegalArgumentException("sensitivity must be in [0, " + MAX_SENSITIVITY + "], got " + sensitivity);
        }
        this.sensitivity = sensitivity;
    }

    public int supersample() {
        return supersample;
    }

    /** Samples per pixel along each axis (1 = none, 2 = 4 samples per pixel, ...). */
    public void setSupersample(int n) {
        if (n < 1 || n > MAX_SUPERSAMPLE) {
            throw new IllegalArgumentException("supersampling must be 1.." + MAX_SUPERSAMPLE + ", got " + n);
        }
        this.supersample = n;
    }

    /** Paints {@code frame} into {@code argb} ({@code width*height}). */
    public void paint(VisualFrame frame, int[] argb, int width, int height) {
        ControlVector cv = frame.control();
        BeatClockState beat = frame.beat();
        StructureState structure = frame.structure();
        Preset look = preset;
        double sens = sensitivity;
        int ss = supersample;
        double position = beat.beatCount() + beat.phase();

        double hueX = 0;
        double hueY = 0;
        double energy = 0;
        for (SectionLabel label : SectionLabel.values()) {
            double p = structure.sectionProb(label);
            double angle = 2 * Math.PI * SECTION_HUE[label.ordinal()];
            hueX += p * Math.cos(angle);
            hueY += p * Math.sin(angle);
            energy += p * SECTION_ENERGY[label.ordinal()];
        }
        double sectionHue = look.sectionHue() * Math.atan2(hueY, hueX) / (2 * Math.PI);
        Preset.Gains gains = look.gains();
        Preset.ResponseCurve response = look.response();
        // hazard of a boundary 4 and 8 beats ahead
        double tension = sens * gains.tension()
                * response.apply(Math.max(structure.hazardProb(2), structure.hazardProb(3)));
        boolean downbeat = beat.downbeatProb() != null && beat.downbeatProb() >= 0.5;
        double accent = sens * gains.beat() * response.apply((downbeat ? 1.0 : 0.6) * Math.exp(-6.0 * beat.phase()));

        double phraseArc = 0.5 - 0.5 * Math.cos(2 * Math.PI * position / BEATS_PER_PHRASE);
        double zoom = zoomFactor(Math.min(1.0, sens * gains.zoom() * response.apply(cv.zoomPulse())), beat.phase())
                * (1.0 + look.phraseZoom() * phraseArc) * (1.0 + 0.3 * Math.min(1.0, tension));
        double halfHeight = BASE_HALF_HEIGHT / zoom;
        double rotation = gains.motion() * cv.rotation() + 2 * Math.PI * look.turnsPerBar() * position / BEATS_PER_BAR;
        double hue = look.hueShift() + sectionHue
                + look.sectionHue() * (0.25 * cv.hueOffset() + HUE_TURNS_PER_BEAT * position);
        if (paletteLocked) {
            hue = heldHue;
        } else {
            heldHue = hue;
        }
        double saturation = Math.min(1.0, cv.saturation() * look.saturation() * (0.9 + 0.25 * tension));
        double floor = Math.min(0.9, look.floor() * (0.55 + 0.45 * energy) * (1.0 + 0.4 * accent));
        double glow = Math.min(1.0, look.glow() * (0.6 + 0.4 * energy + 0.4 * tension) * (1.0 + 0.8 * accent));
        double interior = Math.min(1.0, look.interiorLight() * (0.7 + 0.3 * energy) * (1.0 + 0.3 * accent));
        palette.update(hue, saturation, cv.contrast(), 0.0, new JuliaPalette.Shading(floor, look.hueSpread(), glow,
                look.glowWidthPx() * ss, interior, look.interiorHue(), look.trapWeight()), look.colours());
        double[] c = look.cPath().map(cv.cRe(), cv.cIm());

        int iterations = (int) Math.round(baseIterations * cv.iterationGain());
        iterations = Math.max(MIN_ITERATIONS, Math.min(MAX_ITERATIONS, iterations));
        lastIterations = iterations;
        if (ss == 1) {
            kernel.render(argb, width, height, c[0], c[1], halfHeight, rotation, iterations, palette);
            return;
        }
        int sw = width * ss;
        int sh = height * ss;
        if (samples.length < sw * sh) {
            samples = new int[sw * sh];
        }
        kernel.render(samples, sw, sh, c[0], c[1], halfHeight, rotation, iterations, palette);
        boxFilter(samples, sw, argb, width, height, ss);
    }

    /** Averages each {@code n x n} block of {@code src} (row stride {@code srcWidth}) into one opaque pixel of dst. */
    static void boxFilter(int[] src, int srcWidth, int[] dst, int width, int height, int n) {
        int count = n * n;
        int half = count / 2;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                int base = y * n * srcWidth + x * n;
                for (int dy = 0; dy < n; dy++) {
                    int row = base + dy * srcWidth;
                    for (int dx = 0; dx < n; dx++) {
                        int p = src[row + dx];
                        r += p >> 16 & 0xff;
                        g += p >> 8 & 0xff;
                        b += p & 0xff;
                    }
                }
                dst[y * width + x] = 0xff000000 | (r + half) / count << 16 | (g + half) / count << 8 | (b + half) / count;
            }
        }
    }

    @Override
    public void close() {
        if (ownsKernel) {
            kernel.close();
        }
    }
}
