package dev.fractalsync.render;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.VisualFrame;

/**
 * Turns a {@link VisualFrame} into kernel parameters and pixels: beat-pulsed zoom, iteration budget and a palette
 * whose cycle phase advances by {@code cycleSpeed} turns per beat. Shared by the window and the headless renderer.
 * Not thread-safe: one painter per render thread.
 */
public final class FramePainter implements AutoCloseable {
    /** Half of the view height in complex-plane units at zoom 1: the whole Julia set (radius ≤ 2) stays in view. */
    public static final double BASE_HALF_HEIGHT = 1.45;
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
    private double cyclePhase;
    private double lastBeatPosition = Double.NaN;
    private int lastIterations;

    public FramePainter(int baseIterations) {
        this(new JuliaKernel(), true, baseIterations);
    }

    public FramePainter(JuliaKernel kernel, int baseIterations) {
        this(kernel, false, baseIterations);
    }

    private FramePainter(JuliaKernel kernel, boolean ownsKernel, int baseIterations) {
        this.kernel = kernel;
        this.ownsKernel = ownsKernel;
        setBaseIterations(baseIterations);
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

    /** Paints {@code frame} into {@code argb} ({@code width*height}). */
    public void paint(VisualFrame frame, int[] argb, int width, int height) {
        ControlVector cv = frame.control();
        BeatClockState beat = frame.beat();
        double position = beat.beatCount() + beat.phase();
        double beats = position - lastBeatPosition;
        // A jump backwards or a long gap (seek, new stream) does not spin the palette.
        if (!(beats >= 0 && beats < 4)) {
            beats = 0;
        }
        lastBeatPosition = position;
        cyclePhase += cv.cycleSpeed() * beats;
        cyclePhase -= Math.floor(cyclePhase);

        double halfHeight = BASE_HALF_HEIGHT / zoomFactor(cv.zoomPulse(), beat.phase());
        int iterations = (int) Math.round(baseIterations * cv.iterationGain());
        iterations = Math.max(MIN_ITERATIONS, Math.min(MAX_ITERATIONS, iterations));
        lastIterations = iterations;
        palette.update(cv.hueOffset(), cv.saturation(), cv.contrast(), cyclePhase);
        kernel.render(argb, width, height, cv.cRe(), cv.cIm(), halfHeight, cv.rotation(), iterations, palette);
    }

    @Override
    public void close() {
        if (ownsKernel) {
            kernel.close();
        }
    }
}
