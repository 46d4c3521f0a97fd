package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.JsonLinesWriter;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "analyze", description = "Run the slow clock offline over an audio file: JSON SlowStates per hop "
        + "(--out, '-' for stdout), beat and downbeat times (--beats, --downbeats), sections as a .lab file (--sections).",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync analyze song.wav --out states.jsonl --plot timeline.png",
                "  fractalsync analyze song.wav --out - | jq .beat.bpm",
                "  fractalsync analyze song.wav --beats beats.txt --sections sections.lab",
                "  fractalsync analyze song.wav --plot timeline.png --truth song.truth.json"})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio file (WAV/AIFF/AU; MP3 etc. via ffmpeg), a named pipe or '-' for standard input "
                    + "(WAV/AIFF/AU), or 'demo' for the bundled demo song.")
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

    @Option(names = "--summary", description = "JSON summary: tempo (BPM), metre, beat and bar counts, providers, and "
            + "the sections as --sections writes them.")
    Path summary;

    @Option(names = "--plot", description = "Also draw a timeline PNG: level, beats and downbeats, stacked section "
            + "probabilities, the held section (as --sections writes it), boundary hazard per horizon, over a m:ss time axis.")
    Path plot;

    @Option(names = "--truth", paramLabel = "T", description = "With --plot: overlay the true beats, downbeats and "
            + "sections of T (a *.truth.json of demo/midi-corpus, or a .lab file of 'start end label' lines).")
    Path truth;

    @Mixin
    ProgressOptions progress;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        // every mistake is found here, before the audio is read: the input, the options, each output path
        AudioArgument.require(file, "analyze");
        if (out == null && beats == null && downbeats == null && sections == null && summary == null && plot == null) {
            throw new UsageException("analyze writes nothing without --out, --beats, --downbeats, --sections, --summary "
                    + "or --plot"
                    + mistakenOption());
        }
        if (truth != null && plot == null) {
            throw new UsageException("--truth overlays the plot: give --plot too");
        }
        boolean toStdout = "-".equals(out);
        Path input = AudioArgument.inputPath(file);
        OutputFile.refuseInput(out == null || toStdout ? null : Path.of(out), "--out", input);
        OutputFile.refuseInput(beats, "--beats", input);
        OutputFile.refuseInput(downbeats, "--downbeats", input);
        OutputFile.refuseInput(sections, "--sections", input);
        OutputFile.refuseInput(summary, "--summary", input);
        OutputFile.refuseInput(plot, "--plot", input);
        OutputFile.checkWritable(out == null ? null : Path.of(out), "--out");
        OutputFile.checkWritable(beats, "--beats");
        OutputFile.checkWritable(downbeats, "--downbeats");
        OutputFile.checkWritable(sections, "--sections");
        OutputFile.checkWritable(summary, "--summary");
        OutputFile.checkWritable(plot, "--plot");
        TimelinePlot.Truth overlay = truth == null ? null : TimelinePlot.Truth.read(truth);
        ProviderWiring engine = engineOptions.wiring();
        List<SlowState> kept = plot != null ? new ArrayList<>() : null;
        SongAnalyzer.Song song;
        EngineFingerprint fingerprint;
        // the state file is written beside its target and replaces it only once the whole file has been analyzed
        try (AudioFileReader audio = AudioArgument.open(file);
             OutputFile stateFile = out == null || toStdout ? null : OutputFile.create(Path.of(out), "--out");
             SongAnalyzer analyzer = new SongAnalyzer(engine);
             JsonLinesWriter w = stateWriter(toStdout, stateFile)) {
            fingerprint = summary == null ? null : analyzer.fingerprint();
            long expectedHops = analyzer.expectedHops(audio);
            ProgressBar bar = expectedHops < 0 ? null
                    : progress.audioBar("analyze", expectedHops, 1 / engine.contract().hopSeconds());
            song = analyzer.analyze(audio, w == null && kept == null ? null : s -> {
                if (w != null) {
                    try {
                        w.write(s);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (kept != null) {
                    kept.add(s);
                }
            }, bar == null ? null : bar::update);
            if (bar != null) {
                bar.done();
            }
            if (w != null) {
                try {
                    w.flush();
                } catch (IOException e) { // a full disk or device shows here: reported as a write failure below
                    throw new UncheckedIOException(e);
                }
            }
            if (stateFile != null) {
                stateFile.commit();
            }
            dev.fractalsync.engine.SongAnalysis run = song.run();
            System.err.printf("%d states (%.1f s of audio, %.1fx real time) -> %s; beat=%s structure=%s%s%n", run.hops(),
                    run.durationSec(), run.durationSec() / run.seconds(), out == null ? "(not kept)" : toStdout ? "stdout" : out,
                    run.beatId(), run.structureId(), run.status().isEmpty() ? "" : "; " + run.status());
            System.err.println(song.plain().tempo().describe());
        } catch (UncheckedIOException e) {
            if (out == null) {
                throw e;
            }
            throw new IOException("--out " + out + ": cannot write (" + OutputFile.reason(e.getCause()) + ")", e.getCause());
        }
        PlainOutputs plain = song.plain();
        double duration = song.run().durationSec();
        if (beats != null) {
            plain.writeBeats(beats, "--beats", false);
            System.err.println("beats -> " + beats);
        }
        if (downbeats != null) {
            plain.writeBeats(downbeats, "--downbeats", true);
            System.err.println("downbeats -> " + downbeats);
        }
        if (sections != null) {
            plain.writeSections(sections, "--sections", duration);
            System.err.println("sections -> " + sections);
        }
        if (summary != null) {
            plain.writeSummary(summary, "--summary", file, input == null ? null : EngineFingerprint.fileHash(input),
                    song, fingerprint);
            System.err.println("summary -> " + summary);
        }
        if (plot != null) {
            TimelinePlot.write(kept, engine.contract(), plot, overlay, Path.of(file).getFileName().toString());
            System.err.println("timeline -> " + plot);
        }
        return 0;
    }

    /** {@code --beat beats.txt} meant as {@code --beats beats.txt}: said on the line that reports nothing to write. */
    private String mistakenOption() {
        String beat = engineOptions.beat;
        if (beat != null && (beat.contains(".") || beat.contains("/"))) {
            return "; --beat " + beat + " names a beat provider: to write beat times to " + beat + ", use --beats " + beat;
        }
        return "";
    }

    /** Null when no state file is wanted; the writer never closes its stream (stdout stays open). */
    private static JsonLinesWriter stateWriter(boolean toStdout, OutputFile stateFile) throws IOException {
        if (stateFile != null) {
            return new JsonLinesWriter(stateFile.stream());
        }
        return toStdout ? new JsonLinesWriter(new CheckedStdout(System.out)) : null;
    }

    /**
     * System.out that fails: a PrintStream swallows write errors (it only sets a flag), so a full disk behind stdout
     * used to end in exit 0 with the states cut short.
     */
    private static final class CheckedStdout extends java.io.OutputStream {
        private final java.io.PrintStream out;

        CheckedStdout(java.io.PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            check();
        }

        private void check() throws IOException {
            if (out.checkError()) {
                throw new IOException("stdout refused the states: disk full, or the reader closed the pipe");
            }
        }
    }
}
