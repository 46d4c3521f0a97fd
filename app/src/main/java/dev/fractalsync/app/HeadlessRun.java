package dev.fractalsync.app;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.OfflineTimeline;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.render.FrameSource;
import dev.fractalsync.render.HeadlessRenderer;
import dev.fractalsync.render.Preset;

import java.nio.file.Path;

/**
 * The headless render pipeline shared by {@code run --headless}, {@code run --video} and {@code sync-check}: the
 * engine's offline timeline runs the song exactly up to each frame's time, the fast clock and controller compose the
 * frame, and the renderer paints it. Deterministic for a given file and settings (no HUD unless asked for: it shows wall-clock
 * timing).
 *
 * @param supersample anti-aliasing samples per pixel along each axis
 */
record HeadlessRun(int width, int height, int iterations, boolean hud, double fps, Preset preset, double sensitivity,
                   int supersample) {

    HeadlessRun {
        if (!(fps > 0 && fps <= 240)) {
            throw new UsageException("--fps must be in (0, 240], got " + fps);
        }
    }

    /** The default look, no anti-aliasing. */
    HeadlessRun(int width, int height, int iterations, boolean hud, double fps) {
        this(width, height, iterations, hud, fps, Preset.NEON, 1.0, 1);
    }

    /** What ran: the renderer's result and the ids of the providers that produced it. */
    record Outcome(HeadlessRenderer.Result result, String beat, String structure, String controller) {
        String providers() {
            return "beat=" + beat + " structure=" + structure + " controller=" + controller;
        }
    }

    /**
     * Renders {@code frames} frames from song time 0 of {@code audio} (contract hops, read only as far as the frames
     * need); PNGs into {@code dir} unless it is null; every frame to {@code observer}.
     */
    Outcome render(ProviderWiring engine, AudioFileReader audio, int frames, Path dir,
                   HeadlessRenderer.FrameObserver observer) throws Exception {
        return render(engine, audio, 0.0, frames, dir, observer);
    }

    /** Renders {@code frames} frames from song time {@code startSec}. */
    Outcome render(ProviderWiring engine, AudioFileReader audio, double startSec, int frames, Path dir,
                   HeadlessRenderer.FrameObserver observer) throws Exception {
        if (frames < 1) {
            throw new UsageException("--frames must be >= 1, got " + frames);
        }
        return run(engine, audio, (renderer, source) -> renderer.render(source, dir, startSec, frames, fps, observer));
    }

    /**
     * A whole-song overview: {@code tiles} frames spread over the song ({@code durationSec} long, known before the
     * first frame) and a labelled contact sheet in {@code dir}.
     */
    Outcome overview(ProviderWiring engine, AudioFileReader audio, double durationSec, int tiles, Path dir,
                     HeadlessRenderer.FrameObserver observer) throws Exception {
        return run(engine, audio, (renderer, source) -> renderer.renderOverview(source, dir, durationSec,
                tiles, fps, observer));
    }

    private interface Job {
        HeadlessRenderer.Result run(HeadlessRenderer renderer, FrameSource source);
    }

    private Outcome run(ProviderWiring wiring, AudioFileReader audio, Job job) throws Exception {
        try (FractalSyncEngine engine = FractalSyncEngine.open(wiring);
             OfflineTimeline timeline = engine.timeline(audio)) {
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
            HeadlessRenderer renderer = new HeadlessRenderer(width, height, iterations, hud, preset, sensitivity,
                    supersample);
            HeadlessRenderer.Result result;
            try {
                result = job.run(renderer, source);
            } catch (OfflineTimeline.SourceFailure e) {
                // reading the audio failed mid-way (a corrupt or cut file): its own one-line message
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            return new Outcome(result, engine.beatProvider().id(), engine.structureProvider().id(),
                    engine.controllerProvider().id());
        }
    }
}
