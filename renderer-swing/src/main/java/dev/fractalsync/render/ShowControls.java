package dev.fractalsync.render;

import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The window's live settings, shared by its keys and any other surface (the control page): the look, the
 * sensitivity, freeze, blackout, palette lock, the HUD and full screen. Any thread may read or change them; the render
 * loop applies them on its next frame.
 */
public final class ShowControls {
    private static final double SENSITIVITY_STEP = 0.1;
    /** No full-screen change asked for (a request holds a display index, or -1 for a window). */
    private static final int NO_REQUEST = Integer.MIN_VALUE;
    private static final int WINDOWED = -1;

    private final List<Preset> presets;
    private volatile Preset preset;
    private volatile double sensitivity;
    private volatile boolean hudVisible;
    private volatile boolean frozen;
    private volatile boolean blackout;
    private volatile boolean paletteLocked;
    private volatile Integer fullscreenDisplay;
    private volatile int fullscreenRequest = NO_REQUEST;
    private volatile Touches touches = Touches.NONE;

    /**
     * Told which control was just used, from any surface (keys, the control page), and when the window's M key asks
     * for MIDI learn: what MIDI learn needs to know which control a knob should drive.
     */
    public interface Touches {
        Touches NONE = new Touches() {
            @Override
            public void touched(String control) {
            }

            @Override
            public String learnKey() {
                return null;
            }
        };

        /** {@code control} was used: {@code preset}, {@code next-preset}, {@code sensitivity}, {@code blackout}, ... */
        void touched(String control);

        /** The M key: MIDI learn on or off; returns a line to print, or null. */
        String learnKey();
    }

    public void onTouch(Touches listener) {
        this.touches = listener == null ? Touches.NONE : listener;
    }

    /** Reports a use of {@code control} made outside these settings (tap tempo, the cue, the A/V offset). */
    public void touched(String control) {
        touches.touched(control);
    }

    /** The window's M key. */
    String learnKey() {
        return touches.learnKey();
    }

    public ShowControls(VisualizerOptions options) {
        this.presets = List.copyOf(options.presets());
        this.preset = options.preset();
        this.sensitivity = options.sensitivity();
        this.hudVisible = options.hud();
    }

    public List<Preset> presets() {
        return presets;
    }

    public Preset preset() {
        return preset;
    }

    /** The look called {@code name} among {@link #presets()}, or a one-line error listing them. */
    public Preset selectPreset(String name) {
        Preset p = Preset.named(name, presets);
        preset = p;
        touches.touched("preset");
        return p;
    }

    /** The look at {@code index} in key order; ignored when there is none. */
    public void selectPreset(int index) {
        if (index >= 0 && index < presets.size()) {
            preset = presets.get(index);
            touches.touched("preset");
        }
    }

    public Preset nextPreset() {
        Preset p = Preset.next(preset, presets);
        preset = p;
        touches.touched("next-preset");
        return p;
    }

    public double sensitivity() {
        return sensitivity;
    }

    /** Sets the sensitivity, clamped to [0, {@link FramePainter#MAX_SENSITIVITY}]; NaN is refused. */
    public double setSensitivity(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("sensitivity must be a number");
        }
        double v = Math.max(0.0, Math.min(FramePainter.MAX_SENSITIVITY, value));
        sensitivity = v;
        touches.touched("sensitivity");
        return v;
    }

    /** One key step up ({@code +1}) or down ({@code -1}). */
    public double stepSensitivity(int steps) {
        return setSensitivity(Math.round((sensitivity + steps * SENSITIVITY_STEP) * 100) / 100.0);
    }

    public boolean hudVisible() {
        return hudVisible;
    }

    public void toggleHud() {
        hudVisible = !hudVisible;
    }

    /** Whether the picture is held (the music goes on underneath). */
    public boolean frozen() {
        return frozen;
    }

    public void freeze(boolean on) {
        frozen = on;
        touches.touched("freeze");
    }

    /** Whether the picture is black (the HUD, when shown, stays). */
    public boolean blackout() {
        return blackout;
    }

    public void blackout(boolean on) {
        blackout = on;
        touches.touched("blackout");
    }

    /** Whether the palette's hue is held where it was, so sections and beats no longer turn it. */
    public boolean paletteLocked() {
        return paletteLocked;
    }

    public void lockPalette(boolean on) {
        paletteLocked = on;
        touches.touched("palette-lock");
    }

    /** The display shown full screen, or null in a window. */
    public Integer fullscreenDisplay() {
        return fullscreenDisplay;
    }

    /**
     * Asks for full screen on display {@code display} (an index into {@link #displays()}), or for a window when null.
     *
     * @throws IllegalArgumentException when there is no such display
     */
    public void requestFullscreen(Integer display) {
        if (display != null) {
            int count = displays().size();
            if (display < 0 || display >= count) {
                throw new IllegalArgumentException("no display " + display + "; this machine has " + count
                        + (count == 1 ? " (display 0)" : " (displays 0-" + (count - 1) + ")"));
            }
        }
        fullscreenRequest = display == null ? WINDOWED : display;
    }

    /** F: full screen on the display the window is on, or back to the window. */
    public void toggleFullscreen(int currentDisplay) {
        fullscreenRequest = fullscreenDisplay == null ? currentDisplay : WINDOWED;
    }

    /** The render loop takes a pending request: null when none, -1 for a window, else a display index. */
    Integer takeFullscreenRequest() {
        int r = fullscreenRequest;
        if (r == NO_REQUEST) {
            return null;
        }
        fullscreenRequest = NO_REQUEST;
        return r;
    }

    void fullscreenApplied(Integer display) {
        fullscreenDisplay = display;
    }

    /** The screens full screen can go to, by index: "ID W×H". Empty without a display. */
    public static List<String> displays() {
        List<String> names = new ArrayList<>();
        try {
            GraphicsDevice[] devices = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
            for (GraphicsDevice d : devices) {
                Rectangle b = d.getDefaultConfiguration().getBounds();
                names.add(String.format(Locale.ROOT, "%s %d×%d", d.getIDstring(), b.width, b.height));
            }
        } catch (HeadlessException e) {
            // no screens
        }
        return names;
    }
}
