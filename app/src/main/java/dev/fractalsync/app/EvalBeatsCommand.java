package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.evaluation.BeatEvaluation;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

@Command(name = "eval-beats",
        description = "Run a beat provider offline over audio files and score its beats and downbeats against a "
                + "reference (F-measure, ±70 ms, mir_eval style; tempo error). With aubio on PATH, scores `aubio beat` "
                + "too. Several files give one line each and the means.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync eval-beats demo click:120",
                "  fractalsync eval-beats songs/*.wav --beat oscillator"})
final class EvalBeatsCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(arity = "1..*", description = "Audio files (WAV/AIFF/AU; MP3 etc. via ffmpeg), 'demo', or 'click:BPM' "
            + "(a synthetic 4/4 drum click track of 30 s); demo and click tracks carry their own truth.")
    List<String> files;

    @Option(names = "--truth", description = "Reference beats for a single file: JSON (array, or object with 'beats' "
            + "and optionally 'downbeats') or text (one time per line; a second column 1 marks a downbeat). Without it, "
            + "each file's truth is looked up beside it: NAME.truth.json, then NAME.beats.")
    Path truth;

    @Option(names = "--skip", description = "Ignore beats before this many seconds, as mir_eval does (default: ${DEFAULT-VALUE}).",
            defaultValue = "5.0")
    double skip;

    @Option(names = "--no-aubio", description = "Do not run aubio even when it is installed.")
    boolean noAubio;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (truth != null && files.size() > 1) {
            throw new UsageException("--truth applies to one file; with several, put NAME.truth.json beside each");
        }
        ProviderWiring engine = engineOptions.wiring();
        ModelContract contract = engine.contract();
        List<Row> rows = new ArrayList<>();
        System.out.printf("%-28s %7s %7s %7s %6s %9s %10s %8s %8s %8s %8s %6s%n", "file (after " + skip + " s)", "F", "P",
                "R", "beats", "BPM", "tempo err", "bias ms", "IQR ms", "downb F", "aubio F", "x RT");
        // the songs run as analyze runs them, so the beats scored are the beats analyze --beats writes
        try (SongAnalyzer analyzer = new SongAnalyzer(engine)) {
            for (String file : files) {
                rows.add(evaluate(file, analyzer, contract));
            }
        }
        if (rows.size() > 1) {
            System.out.printf("%-28s %7.3f %7.3f %7.3f %6s %9s %9.2f%% %8s %8s %8s %8s%n", "mean of " + rows.size(),
                    mean(rows, r -> r.ours().fMeasure()), mean(rows, r -> r.ours().precision()),
                    mean(rows, r -> r.ours().recall()), "", "", mean(rows, r -> Math.abs(r.ours().tempoErrorPct())),
                    String.format(java.util.Locale.ROOT, "|%.1f|", mean(rows, r -> Math.abs(r.ours().biasMs()))),
                    String.format(java.util.Locale.ROOT, "%.1f", mean(rows, r -> r.ours().iqrMs())),
                    meanOrDash(rows, r -> r.downbeats() == null ? Double.NaN : r.downbeats().fMeasure()),
                    meanOrDash(rows, r -> r.aubio() == null ? Double.NaN : r.aubio().fMeasure()));
        }
        if (!noAubio && rows.stream().allMatch(r -> r.aubio() == null)) {
            System.out.println("aubio: not on PATH, skipped");
        }
        return 0;
    }

    private Row evaluate(String file, SongAnalyzer analyzer, ModelContract contract) throws Exception {
        try (BeatFixture fixture = BeatFixture.load(file, truthFor(file), contract)) {
            if (fixture.reference() == null) {
                throw new IllegalArgumentException("no reference beats for " + file + ": give --truth");
            }
            SongAnalyzer.Song song;
            try (AudioFileReader audio = fixture.open()) {
                long hops = analyzer.expectedHops(audio); // the header's guess: progress only
                ProgressBar bar = hops < 0 ? null : progress.audioBar("eval-beats " + Path.of(file).getFileName(),
                        hops, 1 / contract.hopSeconds());
                song = analyzer.analyze(audio, null, bar == null ? null : bar::update);
                if (bar != null) {
                    bar.done();
                }
            }
            double[] beats = song.plain().beatTimes(false);
            double[] downbeats = song.plain().beatTimes(true);
            BeatEvaluation.Score ours = BeatEvaluation.evaluate(fixture.reference(), beats, skip);
            BeatEvaluation.Score downs = fixture.downbeats() == null ? null
                    : BeatEvaluation.evaluate(fixture.downbeats(), downbeats, skip);
            BeatEvaluation.Score aubio = null;
            if (!noAubio && fixture.path() != null) {
                double[] aubioBeats = runAubio(fixture.path());
                aubio = aubioBeats == null ? null : BeatEvaluation.evaluate(fixture.reference(), aubioBeats, skip);
            }
            Row row = new Row(Path.of(file).getFileName().toString(), ours, downs, aubio, song.run().beatRealTimeFactor());
            print(row);
            return row;
        }
    }

    private record Row(String name, BeatEvaluation.Score ours, BeatEvaluation.Score downbeats,
                       BeatEvaluation.Score aubio, double realTime) {
    }

    private Path truthFor(String file) {
        if (truth != null) {
            return truth;
        }
        return BeatFixture.truthBeside(file);
    }

    private static void print(Row r) {
        BeatEvaluation.Score s = r.ours();
        System.out.printf("%-28s %7.3f %7.3f %7.3f %6d %9.2f %9.2f%% %8.1f %8.1f %8s %8s %6.1f%n", r.name(), s.fMeasure(),
                s.precision(), s.recall(), s.estimated(), s.estimatedBpm(), s.tempoErrorPct(), s.biasMs(), s.iqrMs(),
                r.downbeats() == null ? "-" : String.format("%.3f", r.downbeats().fMeasure()),
                r.aubio() == null ? "-" : String.format("%.3f", r.aubio().fMeasure()), r.realTime());
    }

    private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static String meanOrDash(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        double[] v = rows.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
        return v.length == 0 ? "-" : String.format("%.3f", java.util.Arrays.stream(v).average().orElseThrow());
    }

    /** Beat times from {@code aubio beat FILE}, or null when aubio is not installed. */
    static double[] runAubio(Path audio) throws IOException, InterruptedException {
        if (!onPath("aubio")) {
            return null;
        }
        Process p = new ProcessBuilder("aubio", "beat", audio.toString()).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        p.getErrorStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException("aubio beat " + audio + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ")");
        }
        List<Double> beats = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                beats.add(Double.parseDouble(l.split("\\s+")[0]));
            }
        }
        return beats.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }
}
