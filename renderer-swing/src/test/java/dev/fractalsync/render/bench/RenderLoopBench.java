package dev.fractalsync.render.bench;

import dev.fractalsync.render.FrameSource;
import dev.fractalsync.render.FrameStats;
import dev.fractalsync.render.SwingVisualizer;
import dev.fractalsync.render.SyntheticFrames;
import dev.fractalsync.render.VisualizerOptions;

import java.awt.GraphicsEnvironment;

/**
 * Frame-rate measurement of the real window with dynamic resolution: opens the SwingVisualizer (default 1280x720,
 * internal resolution up to the window's, so scale 1.0 means every pixel is computed) on a synthetic 124 BPM source
 * for N seconds (default 20) and prints FPS, p50/p99 frame time and the mean internal scale. Needs a display (run
 * under {@code xvfb-run -a -s "-screen 0 1280x720x24"}). Arguments: seconds, HUD on/off, width, height.
 */
public final class RenderLoopBench {
    private RenderLoopBench() {
    }

    public static void main(String[] args) {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("render-loop bench: no display (run it under xvfb-run -a)");
            System.exit(2);
        }
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        boolean hud = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 1280;
        int height = args.length > 3 ? Integer.parseInt(args[3]) : 720;
        FrameSource source = new SyntheticFrames(124, seconds + 5);
        FrameStats.Summary s = new SwingVisualizer(VisualizerOptions.defaults().withSize(width, height).withHud(hud))
                .run(source, seconds);
        System.out.printf("render-loop bench (%dx%d window, target 60 FPS, HUD %s): %.1f FPS, p50 %.2f ms, "
                + "p99 %.2f ms, kernel %.2f ms, mean internal scale %.2f (%.0fx%.0f)%n", width, height, hud ? "on" : "off",
                s.fps(), s.p50Ms(), s.p99Ms(), s.meanKernelMs(), s.meanScale(), width * s.meanScale(),
                height * s.meanScale());
        System.exit(0);
    }
}
