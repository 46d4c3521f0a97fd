package dev.fractalsync.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the Swing window.
 *
 * @param title          window title
 * @param width          initial window content width
 * @param height         initial window content height
 * @param targetFps      frame rate the render loop paces to and the resolution governor holds
 * @param maxInternalWidth  cap of the nominal internal render width (the window is upscaled beyond it)
 * @param maxInternalHeight cap of the nominal internal render height
 * @param baseIterations iteration budget before the controller's gain (+/- keys change it)
 * @param hud            HUD visible at start (H toggles)
 * @param fullscreen     start in full screen (F toggles)
 * @param screenshotDir  where S writes PNG screenshots
 * @param preset         the look at start
 * @param presets        the looks the number keys (1-9) choose among and P cycles through
 * @param sensitivity    beat/tension sensitivity at start (',' and '.' change it)
 */
public record VisualizerOptions(String title, int width, int height, double targetFps, int maxInternalWidth,
                                int maxInternalHeight, int baseIterations, boolean hud, boolean fullscreen,
                                Path screenshotDir, Preset preset, List<Preset> presets, double sensitivity) {
    public VisualizerOptions {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(screenshotDir, "screenshotDir");
        Objects.requireNonNull(preset, "preset");
        presets = List.copyOf(presets);
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("presets must hold at least one look");
        }
        if (!(sensitivity >= 0 && sensitivity <= FramePainter.MAX_SENSITIVITY)) {
            throw new IllegalArgumentException("sensitivity must be in [0, " + FramePainter.MAX_SENSITIVITY + "], got "
                    + sensitivity);
        }
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("window size must be at least 16x16, got " + width + "x" + height);
        }
        if (!(targetFps > 0 && targetFps <= 1000)) {
            throw new IllegalArgumentException("target FPS must be in (0, 1000], got " + targetFps);
        }
        if (maxInternalWidth < 16 || maxInternalHeight < 16) {
            throw new IllegalArgumentException("internal size cap must be at least 16x16");
        }
    }

    /**
     * 960x540 window at 60 FPS, internal resolution up to 1280x720 (a 1280x720 window renders at scale 1.0), HUD on,
     * screenshots to the working directory, the neon look at sensitivity 1.
     */
    public static VisualizerOptions defaults() {
        return new VisualizerOptions("FractalSync", 960, 540, 60.0, 1280, 720, 200, true, false, Path.of("."),
                Preset.NEON, Preset.all(), 1.0);
    }

    public VisualizerOptions withLook(Preset look, double sens) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                baseIterations, hud, fullscreen, screenshotDir, look, presets, sens);
    }

    /** The looks the keys choose among (the shipped ones by default). */
    public VisualizerOptions withPresets(List<Preset> looks) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                baseIterations, hud, fullscreen, screenshotDir, preset, looks, sensitivity);
    }

    public VisualizerOptions withSize(int w, int h) {
        return new VisualizerOptions(title, w, h, targetFps, maxInternalWidth, maxInternalHeight, baseIterations, hud,
                fullscreen, screenshotDir, preset, presets, sensitivity);
    }

    public VisualizerOptions withTargetFps(double fps) {
        return new VisualizerOptions(title, width, height, fps, maxInternalWidth, maxInternalHeight, baseIterations,
                hud, fullscreen, screenshotDir, preset, presets, sensitivity);
    }

    public VisualizerOptions withHud(boolean on) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                baseIterations, on, fullscreen, screenshotDir, preset, presets, sensitivity);
    }

    public VisualizerOptions withFullscreen(boolean on) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                baseIterations, hud, on, screenshotDir, preset, presets, sensitivity);
    }

    public VisualizerOptions withScreenshotDir(Path dir) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                baseIterations, hud, fullscreen, dir, preset, presets, sensitivity);
    }

    public VisualizerOptions withBaseIterations(int iterations) {
        return new VisualizerOptions(title, width, height, targetFps, maxInternalWidth, maxInternalHeight,
                iterations, hud, fullscreen, screenshotDir, preset, presets, sensitivity);
    }
}
