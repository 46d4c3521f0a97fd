package dev.fractalsync.app;

import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.SongAnalysis;
import dev.fractalsync.evaluation.BeatEvaluation;
import dev.fractalsync.json.JsonLinesWriter;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "End-to-end offline throughput (x real time) of the whole slow pipeline with the "
        + "chosen providers, as analyze runs it (decoding on a reader thread, JSON for every state), side by side with "
        + "`aubio beat` on the same file when aubio is installed (apt-get install aubio-tools), beat F-measure of both "
        + "against a truth file, and where the time went: busy time and throughput per stage, with its ratio to aubio. "
        + "With --library: the analyze-library job's throughput on a library, total and per core, beside aubio beat "
        + "over the same files (one process per file, one at a time and --threads at a time), the load average, and "
        + "where the job's time went.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync bench",
                "  fractalsync bench song.wav --truth song.truth.json --runs 3",
                "  fractalsync bench --library ~/Music/crate --threads 2 --repeat 3"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = AudioArgument.DEMO,
            description = "Audio file, 'demo' (default) or 'click:BPM' (a 30 s click track); demo and click tracks carry their own truth.")
    String file;

    @Option(names = "--truth", description = "Reference beats (JSON array / object with 'beats', or one time per line); "
            + "the demo's truth is built in.")
    Path truth;

    @Option(names = "--runs", description = "Timed passes after one warm-up pass (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int runs;

    @Option(names = "--skip", description = "Ignore beats before this many seconds when scoring (default: ${DEFAULT-VALUE}).",
            defaultValue = "5.0")
    double skip;

    @Option(names = "--no-aubio", description = "Do not run aubio even when it is installed.")
    boolean noAubio;

    @Option(names = "--library", paramLabel = "DIR", description = "Bench the analyze-library job on the audio files "
            + "under DIR (recursively; repeat the option for several) instead of one file.")
    List<Path> library;

    @Option(names = "--threads", paramLabel = "N", description = "With --library: the job's workers, and how many aubio "
            + "processes run at once for the per-core comparison (default: the number of cores).")
    Integer threads;

    @Option(names = "--repeat", paramLabel = "K", description = "With --library: runs of the job and of aubio; the "
            + "median is shown (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int repeat;

    static final int MAX_REPEAT = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        var parsed = spec.commandLine().getParseResult();
        if (library != null) {
            if (parsed.hasMatchedPositional(0)) {
                throw new UsageException("give FILE or --library DIR, not both");
            }
            for (String option : List.of("--truth", "--runs", "--skip")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new UsageException(option + " goes with FILE, not --library (use --repeat K there)");
                }
            }
            int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (workers < 1 || workers > AnalyzeLibraryCommand.MAX_THREADS) {
                throw new UsageException("--threads must be between 1 and " + AnalyzeLibraryCommand.MAX_THREADS
                        + ", got " + workers);
            }
            if (repeat < 1 || repeat > MAX_REPEAT) {
                throw new UsageException("--repeat must be between 1 and " + MAX_REPEAT + ", got " + repeat);
            }
            return new LibraryBench(library, workers, repeat, !noAubio, engineOptions.wiring(),
                    engineOptions.plugins.searchPath(), progress, System.out).run();
        }
        for (String option : List.of("--threads", "--repeat")) {
            if (parsed.hasMatchedOption(option)) {
                throw new UsageException(option + " goes with --library");
            }
        }
        if (runs < 1) {
            throw new UsageException("--runs must be >= 1, got " + runs);
        }
        ProviderWiring engine = engineOptions.wiring();
        if (!file.startsWith(BeatFixture.CLICK_PREFIX)) {
            AudioArgument.require(file, "bench");
            AudioArgument.requireRereadable(file, "bench");
        }
        try (BeatFixture fixture = BeatFixture.load(file, truth, engine.contract())) {
            double[] reference = fixture.reference();
            int rate = engine.contract().sampleRate();
            int hop = engine.contract().hop();
            // a first pass finds the length (for the progress bar and x real time); every run streams the file
            long samples = fixture.samplesAt(rate, Long.MAX_VALUE);
            double seconds = (double) samples / rate;
            double[] ours = null;
            double[] times = new double[runs];
            String ids = "";
            long hops = dev.fractalsync.dsp.HopCutter.hopCount(samples, hop);
            ProgressBar bar = progress.bar("bench", (runs + 1) * hops);
            List<String[]> stages = null;
            for (int r = -1; r < runs; r++) {
                long before = (r + 1) * hops;
                try (FractalSyncEngine run = FractalSyncEngine.open(engine);
                     JsonLinesWriter json = new JsonLinesWriter(OutputStream.nullOutputStream())) {
                    PlainOutputs sink = new PlainOutputs(s -> {
                        try { // what analyze --out does with every state
                            json.write(s);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    long start = System.nanoTime();
                    // as analyze: the file is decoded and resampled on the reader thread while the providers run
                    SongAnalysis analysis;
                    try (AudioFileReader reader = AudioFileReader.open(fixture.path())) {
                        analysis = run.analyze(reader, sink, bar == null ? null : h -> bar.update(before + h));
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) {
                        times[r] = elapsed;
                        stages = stages(run, analysis.stages(), elapsed);
                    }
                    ids = "beat=" + analysis.beatId() + " structure=" + analysis.structureId()
                            + " decimation=" + engineOptions.decimation;
                    ours = sink.beatTimes(false);
                }
            }
            if (bar != null) {
                bar.done();
            }
            Arrays.sort(times);
            double oursX = seconds / times[times.length / 2];
            System.out.printf("%s: %.1f s of audio; %s%n", file, seconds, ids);
            System.out.printf("%-10s %12s %8s %8s %8s %7s%n", "system", "x real time", "F", "P", "R", "beats");
            printRow("fractalsync", oursX, reference == null ? null : BeatEvaluation.evaluate(reference, ours, skip), ours.length);
            double aubioX = Double.NaN;
            if (!noAubio) {
                long start = System.nanoTime();
                double[] aubio = EvalBeatsCommand.runAubio(fixture.path());
                aubioX = seconds / ((System.nanoTime() - start) / 1e9);
                if (aubio == null) {
                    aubioX = Double.NaN;
                    System.out.println("aubio: not on PATH (apt-get install aubio-tools), skipped");
                } else {
                    printRow("aubio", aubioX, reference == null ? null : BeatEvaluation.evaluate(reference, aubio, skip), aubio.length);
                    System.out.printf("throughput ratio fractalsync / aubio: %.2f (median of %d runs vs one aubio process incl. its start-up)%n",
                            oursX / aubioX, runs);
                }
            }
            System.out.printf("%nstages of the last run (busy time on the stage's thread; stages on different threads overlap):%n");
            System.out.printf("%-46s %9s %12s%s%n", "stage", "busy s", "x real time",
                    Double.isNaN(aubioX) ? "" : String.format(" %14s", "vs aubio beat"));
            for (String[] row : stages) {
                double busy = Double.parseDouble(row[1]);
                double x = seconds / busy;
                System.out.printf("%-46s %9.3f %12.1f%s%n", row[0], busy, x,
                        Double.isNaN(aubioX) ? "" : String.format(java.util.Locale.ROOT, " %14.2f", x / aubioX));
            }
        }
        return 0;
    }

    /** One row per stage: name and busy seconds. */
    private static List<String[]> stages(FractalSyncEngine engine, SongAnalysis.Stages t, double wall) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("reader: decode + resample to 48 kHz", t.decode()));
        rows.add(row("reader: front end (input level, features)", t.features()));
        rows.add(row("beat provider '" + engine.beatProvider().id() + "' (its thread)", t.beat()));
        for (java.util.Map.Entry<String, Long> e : engine.beatProvider().stageNanos().entrySet()) {
            rows.add(row("  " + e.getKey(), e.getValue() / 1e9));
        }
        rows.add(row("structure provider '" + engine.structureProvider().id() + "' (its thread)", t.structure()));
        for (java.util.Map.Entry<String, Long> e : engine.structureProvider().stageNanos().entrySet()) {
            rows.add(row("  " + e.getKey(), e.getValue() / 1e9));
        }
        rows.add(row("main: publish (clock, listeners, JSON)", t.publish()));
        rows.add(row("main: waiting for the beat provider", t.beatWait()));
        rows.add(row("main: waiting for the reader", t.readerWait()));
        rows.add(row("end to end (wall, in this JVM)", wall));
        return rows;
    }

    private static String[] row(String name, double seconds) {
        return new String[]{name, Double.toString(seconds)};
    }

    private static void printRow(String name, double x, BeatEvaluation.Score score, int beats) {
        if (score == null) {
            System.out.printf("%-10s %12.1f %8s %8s %8s %7d%n", name, x, "-", "-", "-", beats);
        } else {
            System.out.printf("%-10s %12.1f %8.3f %8.3f %8.3f %7d%n", name, x, score.fMeasure(), score.precision(),
                    score.recall(), beats);
        }
    }
}
