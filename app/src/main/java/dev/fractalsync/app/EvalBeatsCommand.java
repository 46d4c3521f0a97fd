package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.beat.eval.BeatEvaluation;
import dev.fractalsync.beat.eval.OfflineBeatRun;
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
        description = "Run a beat provider offline over an audio file and score its beats against a reference "
                + "(F-measure, ±70 ms, mir_eval style; tempo error). With aubio on PATH, scores `aubio beat` too.")
final class EvalBeatsCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", description = "Audio file (WAV/AIFF/AU; MP3 etc. via ffmpeg), 'demo', or 'click:BPM' "
            + "(a synthetic 4/4 drum click track of 30 s); demo and click tracks carry their own truth.")
    String file;

    @Option(names = "--truth", description = "Reference beats: JSON (array, or object with 'beats') or text (one time per line).")
    Path truth;

    @Option(names = "--skip", description = "Ignore beats before this many seconds, as mir_eval does (default: ${DEFAULT-VALUE}).",
            defaultValue = "5.0")
    double skip;

    @Option(names = "--no-aubio", description = "Do not run aubio even when it is installed.")
    boolean noAubio;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        ProviderWiring engine = engineOptions.wiring();
        ModelContract contract = engine.contract();
        try (BeatFixture fixture = BeatFixture.load(file, truth, contract)) {
            if (fixture.reference() == null) {
                throw new IllegalArgumentException("--truth is required for " + file);
            }
            MonoAudio audio = fixture.audio();
            double[] reference = fixture.reference();
            BeatClockProvider provider = engine.openBeat();
            String beat = provider.id();
            OfflineBeatRun.Result run;
            try {
                run = OfflineBeatRun.run(provider, audio.samples(), contract.sampleRate(), contract.hop());
            } finally {
                provider.close();
            }
            BeatEvaluation.Score ours = BeatEvaluation.evaluate(reference, run.beats(), skip);
            System.out.printf("%s: %.1f s, %d reference beats (%.1f BPM); scoring beats after %.1f s%n", file,
                    audio.durationSeconds(), reference.length, ours.referenceBpm(), skip);
            System.out.printf("%-12s %7s %7s %7s %6s %9s %10s%n", "tracker", "F", "P", "R", "beats", "tempo", "tempo err");
            print(beat, ours);
            System.out.printf("  %s: final clock tempo %.2f BPM, mean conf %.2f, %.1fx real time%n", beat, run.finalBpm(),
                    run.meanConf(), run.realTimeFactor());
            if (!noAubio) {
                double[] aubio = runAubio(fixture.path());
                if (aubio == null) {
                    System.out.println("aubio: not on PATH, skipped");
                } else {
                    print("aubio", BeatEvaluation.evaluate(reference, aubio, skip));
                }
            }
        }
        return 0;
    }

    private static void print(String name, BeatEvaluation.Score s) {
        System.out.printf("%-12s %7.3f %7.3f %7.3f %6d %9.2f %9.2f%%%n", name, s.fMeasure(), s.precision(), s.recall(),
                s.estimated(), s.estimatedBpm(), s.tempoErrorPct());
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

    private static boolean onPath(String exe) {
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
