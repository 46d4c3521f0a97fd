package dev.fractalsync.app;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.OfflineTimeline;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.render.FrameSource;
import dev.fractalsync.render.HeadlessRenderer;

import java.nio.file.Path;

/**
 * The headless render pipeline shared by {@code run --headless} and {@code sync-check}: the slow clock runs offline
 * exactly up to each frame's song time {@code k / fps}, the fast clock and controller compose the frame, and the
 * renderer paints it. Deterministic for a given file and settings.
 */
record HeadlessRun(int width, int height, int iterations, boolean hud, double fps) {

    HeadlessRun {
        if (!(fps > 0 && fps <= 240)) {
            throw new IllegalArgumentException("--fps must be in (0, 240], got " + fps);
        }
    }

    /** What ran: the renderer's result and the ids of the providers that produced it. */
    record Outcome(HeadlessRenderer.Result result, String beat, String structure, String controller) {
        String providers() {
            return "beat=" + beat + " structure=" + structure + " controller=" + controller;
        }
    }

    /** Renders {@code frames} frames; PNGs into {@code dir} unless it is null; every frame to {@code observer}. */
    Outcome render(ProviderWiring engine, MonoAudio audio, int frames, Path dir,
                   HeadlessRenderer.FrameObserver observer) throws Exception {
        if (frames < 1) {
            throw new IllegalArgumentException("--frames must be >= 1, got " + frames);
        }
        try (SlowClock clock = engine.slowClock(0); GuardedProvider<ControllerProvider> controller = engine.controller(0)) {
            OfflineTimeline timeline = new OfflineTimeline(engine.contract(), audio.samples(), clock, controller);
            FrameSource source = new FrameSource() {
                @Override
                public VisualFrame frameAt(double tSec) {
                    return timeline.frameAt(tSec);
                }

                @Override
                public boolean finished() {
                    return false; // the frame count decides; past the end the last state is held
                }
            };
            HeadlessRenderer renderer = new HeadlessRenderer(width, height, iterations, hud);
            HeadlessRenderer.Result result = renderer.render(source, dir, frames, fps, observer);
            return new Outcome(result, clock.beatGuard().current().id(), clock.structureGuard().current().id(),
                    controller.current().id());
        }
    }
}
