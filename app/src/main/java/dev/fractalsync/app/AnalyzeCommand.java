package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.api.json.StateJson;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.clock.OfflineDriver;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.engine.StreamEvents;
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

@Command(name = "analyze", description = "Run the slow clock offline over an audio file: JSON SlowStates per hop "
        + "(--out, '-' for stdout), beat and downbeat times (--beats, --downbeats), sections as a .lab file (--sections).")
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = AudioArgument.DEMO,
            description = "Audio file (WAV/AIFF/AU; MP3 etc. via ffmpeg) or 'demo' (default).")
    String file;

    @Option(names = "--out", description = "JSON Lines file, one SlowState per hop; '-' writes them to stdout "
            + "(then nothing else goes there).")
    String out;

    @Option(names = "--beats", description = "Beat times in seconds, one per line.")
    Path beats;

    @Option(names = "--downbeats", description = "Downbeat times in seconds, one per line.")
    Path downbeats;

    @Option(names = "--sections", description = "Sections as 'start end label' lines (.lab), covering the whole file.")
    Path sections;

    @Option(names = "--plot", description = "Also draw a timeline PNG (energy, beats, section probabilities, hazard).")
    Path plot;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Mixin
    EngineOptions engineOptions;

    private static final double BOUNDARY_THRESHOLD = 0.5;
    private static final double MIN_SECTION_SECONDS = 2.0;

    @Override
    public Integer call() throws Exception {
        if (out == null && beats == null && downbeats == null && sections == null && plot == null) {
            throw new IllegalArgumentException("analyze writes nothing without --out, --beats, --downbeats, --sections or --plot");
        }
        ProviderWiring engine = engineOptions.wiring();
        MonoAudio audio = AudioArgument.load(file, engine.contract());
        int hop = engine.contract().hop();
        long hops = HopCutter.hopCount(audio.samples().length, hop);
        boolean toStdout = "-".equals(out);
        if (out != null && !toStdout) {
            Path parent = Path.of(out).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        List<SlowState> kept = plot != null ? new ArrayList<>() : null;
        PlainOutputs plain = new PlainOutputs();
        StreamEvents events = new StreamEvents(engine.contract().hopSeconds(), BOUNDARY_THRESHOLD, MIN_SECTION_SECONDS);
        long started = System.nanoTime();
        try (SlowClock clock = engine.slowClock(0); BufferedWriter w = stateWriter(toStdout)) {
            clock.addListener(s -> {
                if (w != null) {
                    try {
                        w.write(StateJson.write(s));
                        w.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (kept != null) {
                    kept.add(s);
                }
                events.accept(s, plain);
            });
            ProgressBar bar = quiet ? null : new ProgressBar(System.err, "analyze", hops);
            OfflineDriver.run(audio.samples(), hop, clock, bar == null ? null : bar::update);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("%d states (%.1f s of audio, %.1fx real time) -> %s; beat=%s structure=%s%s%n", hops,
                    audio.durationSeconds(), audio.durationSeconds() / seconds, out == null ? "(not kept)" : toStdout
                            ? "stdout" : out, clock.beatGuard().current().id(),
                    clock.structureGuard().current().id(), clock.status().isEmpty() ? "" : "; " + clock.status());
        }
        if (beats != null) {
            plain.writeBeats(beats, false);
            System.err.println("beats -> " + beats);
        }
        if (downbeats != null) {
            plain.writeBeats(downbeats, true);
            System.err.println("downbeats -> " + downbeats);
        }
        if (sections != null) {
            plain.writeSections(sections, audio.durationSeconds());
            System.err.println("sections -> " + sections);
        }
        if (plot != null) {
            TimelinePlot.write(kept, engine.contract(), plot);
            System.err.println("timeline -> " + plot);
        }
        return 0;
    }

    /** Null when no state file is wanted; stdout is flushed, never closed. */
    private BufferedWriter stateWriter(boolean toStdout) throws IOException {
        if (out == null) {
            return null;
        }
        if (!toStdout) {
            return Files.newBufferedWriter(Path.of(out));
        }
        return new BufferedWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
