package dev.fractalsync.app;

import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.beat.eval.BeatEvaluation;
import dev.fractalsync.clock.OfflineDriver;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", description = "End-to-end offline throughput (x real time) of the whole slow pipeline with the "
        + "chosen providers, side by side with `aubio beat` on the same file when aubio is installed "
        + "(apt-get install aubio-tools), plus beat F-measure of both against a truth file.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync bench",
                "  fractalsync bench song.wav --truth song.truth.json --runs 3"})
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

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
        }
        ProviderWiring engine = engineOptions.wiring();
        try (BeatFixture fixture = BeatFixture.load(file, truth, engine.contract())) {
            MonoAudio audio = fixture.audio();
            double[] reference = fixture.reference();
            double seconds = audio.durationSeconds();
            double[] ours = null;
            double[] times = new double[runs];
            String ids = "";
            long hops = dev.fractalsync.api.audio.HopCutter.hopCount(audio.samples().length, engine.contract().hop());
            ProgressBar bar = progress.bar("bench", (runs + 1) * hops);
            for (int r = -1; r < runs; r++) {
                long before = (r + 1) * hops;
                List<Double> beats = new ArrayList<>();
                try (SlowClock clock = engine.slowClock(0)) {
                    BeatEventDetector detector = new BeatEventDetector(engine.contract().hopSeconds());
                    clock.addListener(s -> detector.accept(s.beat(), e -> beats.add(e.tSec())));
                    long start = System.nanoTime();
                    OfflineDriver.run(audio.samples(), engine.contract().hop(), clock,
                            bar == null ? null : h -> bar.update(before + h));
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (r >= 0) {
                        times[r] = elapsed;
                    }
                    ids = "beat=" + clock.beatGuard().current().id() + " structure=" + clock.structureGuard().current().id()
                            + " decimation=" + engineOptions.decimation;
                }
                ours = beats.stream().mapToDouble(Double::doubleValue).toArray();
            }
            if (bar != null) {
                bar.done();
            }
            Arrays.sort(times);
            double oursX = seconds / times[times.length / 2];
            System.out.printf("%s: %.1f s of audio; %s%n", file, seconds, ids);
            System.out.printf("%-10s %12s %8s %8s %8s %7s%n", "system", "x real time", "F", "P", "R", "beats");
            printRow("fractalsync", oursX, reference == null ? null : BeatEvaluation.evaluate(reference, ours, skip), ours.length);
            if (!noAubio) {
                long start = System.nanoTime();
                double[] aubio = EvalBeatsCommand.runAubio(fixture.path());
                double aubioX = seconds / ((System.nanoTime() - start) / 1e9);
                if (aubio == null) {
                    System.out.println("aubio: not on PATH (apt-get install aubio-tools), skipped");
                } else {
                    printRow("aubio", aubioX, reference == null ? null : BeatEvaluation.evaluate(reference, aubio, skip), aubio.length);
                    System.out.printf("throughput ratio fractalsync / aubio: %.2f (median of %d runs vs one aubio process incl. its start-up)%n",
                            oursX / aubioX, runs);
                }
            }
        }
        return 0;
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
