package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.api.json.StateJson;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.clock.OfflineDriver;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "analyze", description = "Run the slow clock offline over an audio file; one JSON SlowState per hop.")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = AudioArgument.DEMO,
            description = "Audio file (WAV/AIFF/AU; MP3 etc. via ffmpeg) or 'demo' (default).")
    String file;

    @Option(names = "--out", required = true, description = "Output JSON Lines file, one SlowState per hop.")
    Path out;

    @Option(names = "--plot", description = "Also draw a timeline PNG (energy, beats, section probabilities, hazard).")
    Path plot;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        ProviderWiring engine = engineOptions.wiring();
        MonoAudio audio = AudioArgument.load(file, engine.contract());
        int hop = engine.contract().hop();
        long hops = HopCutter.hopCount(audio.samples().length, hop);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        List<SlowState> kept = plot != null ? new ArrayList<>() : null;
        long started = System.nanoTime();
        try (SlowClock clock = engine.slowClock(0); BufferedWriter w = Files.newBufferedWriter(out)) {
            clock.addListener(s -> {
                try {
                    w.write(StateJson.write(s));
                    w.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (kept != null) {
                    kept.add(s);
                }
            });
            ProgressBar bar = quiet ? null : new ProgressBar(System.err, "analyze", hops);
            OfflineDriver.run(audio.samples(), hop, clock, bar == null ? null : bar::update);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("%d states (%.1f s of audio, %.1fx real time) -> %s; beat=%s structure=%s%s%n", hops,
                    audio.durationSeconds(), audio.durationSeconds() / seconds, out, clock.beatGuard().current().id(),
                    clock.structureGuard().current().id(), clock.status().isEmpty() ? "" : "; " + clock.status());
        }
        if (plot != null) {
            TimelinePlot.write(kept, engine.contract(), plot);
            System.err.println("timeline -> " + plot);
        }
        return 0;
    }
}
