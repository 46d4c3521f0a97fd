package dev.fractalsync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "sync-check",
        description = "Render FILE headless (frame k at song time k/fps, the `run --headless` pipeline), find the "
                + "default look's beat accents in the pixels (per true beat, the strongest rise in mean frame "
                + "brightness within ±150 ms) and report where they land against the true beats: median, IQR and the "
                + "share within ±1 frame, before and after lock.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync sync-check demo",
                "  fractalsync sync-check song.wav --truth song.truth.json --json report.json",
                "  fractalsync sync-check songs/*.wav        (NAME.truth.json or NAME.beats beside each: a table, the worst song)"})
final class SyncCheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files or 'demo' (which carries its own truth); "
            + "with several, each one's truth is NAME.truth.json or NAME.beats beside it.")
    List<String> files;

    private String file;

    @Option(names = "--truth", description = "True beats: the truth JSON of `demo --out` / `midi-corpus` (object with 'beats'), "
            + "a JSON array or a text file of times in seconds.")
    Path truth;

    @Option(names = "--fps", description = "Frame rate (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    double fps;

    @Option(names = "--width", description = "Frame width; brightness needs no detail (default: ${DEFAULT-VALUE}).",
            defaultValue = "320")
    int width;

    @Option(names = "--height", description = "Frame height (default: ${DEFAULT-VALUE}).", defaultValue = "180")
    int height;

    @Option(names = "--iterations", description = "Base iteration budget (default: ${DEFAULT-VALUE}, as `run`).",
            defaultValue = "200")
    int iterations;

    @Option(names = "--seconds", description = "Render only the first N seconds (default: the whole file).")
    Double seconds;

    @Option(names = "--lock", description = "Beats before this time count as 'before lock' (default: ${DEFAULT-VALUE} s).",
            defaultValue = "5")
    double lockSec;

    @Option(names = "--json", description = "Also write the report as JSON to this file ('-' for stdout): both groups, "
            + "every beat's offset and the mean luma of every frame.")
    Path json;

    @Option(names = "--frames-out", description = "Also write the rendered frames as PNGs into this directory.")
    Path framesOut;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    ProgressOptions progress;

    private double[] brightness;
    private HeadlessRun run;
    /** Discovered once: every song of a run uses the same providers. */
    private ProviderWiring engine;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && !(seconds > 0)) {
            throw new UsageException("--seconds must be > 0, got " + seconds);
        }
        if (!(lockSec >= 0)) {
            throw new UsageException("--lock must be >= 0, got " + lockSec);
        }
        run = new HeadlessRun(width, height, iterations, false, fps);
        if (files.size() > 1) {
            return several();
        }
        file = files.get(0);
        return one(truth);
    }

    /** Several songs: one table row per song (after lock), then the worst song by accents within one frame. */
    private int several() throws Exception {
        if (truth != null || json != null || framesOut != null) {
            throw new UsageException("--truth, --json and --frames-out apply to one file; with several, put NAME.truth.json "
                    + "or NAME.beats beside each");
        }
        for (String f : files) {
            BeatFixture.truthBeside(f); // every truth is found before the first song renders
        }
        System.out.println("offset = accent frame time - true beat; + means the accent trails the beat");
        String format = "%-32s %6s %8s %10s %8s %13s%n";
        System.out.printf(Locale.ROOT, format, "song (after lock)", "beats", "accents", "median ms", "IQR ms", "within ±1 fr");
        String worst = null;
        double worstShare = Double.POSITIVE_INFINITY;
        for (String f : files) {
            file = f;
            AccentSync.Stats s = measure(BeatFixture.truthBeside(f)).afterLock();
            double share = s.accents() == 0 ? 0 : s.withinOneFrame();
            if (share < worstShare) {
                worstShare = share;
                worst = f;
            }
            boolean none = s.accents() == 0;
            System.out.printf(Locale.ROOT, format, Path.of(f).getFileName(), s.beats(), s.accents(),
                    none ? "-" : String.format(Locale.ROOT, "%+.1f", s.medianMs()),
                    none ? "-" : String.format(Locale.ROOT, "%.1f", s.iqrMs()),
                    none ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.withinOneFrame()));
        }
        System.out.printf(Locale.ROOT, "worst: %s, %.1f%% of accents within ±1 frame after lock%n", worst, 100 * worstShare);
        return 0;
    }

    private HeadlessRun.Outcome outcome;

    private int one(Path truth) throws Exception {
        AccentSync.Report report = measure(truth);
        System.out.printf(Locale.ROOT, "sync-check %s: %d frames at %.0f FPS (%dx%d), %s%n", file, report.frames(), fps,
                width, height, outcome.providers());
        System.out.println("offset = accent frame time - true beat; + means the accent trails the beat");
        System.out.printf(Locale.ROOT, "%-22s %6s %8s %10s %10s %18s %16s %14s%n", "", "beats", "accents", "median",
                "|median|", "IQR (q1..q3)", "range", "within ±1 fr");
        print(String.format(Locale.ROOT, "before lock (< %.0f s)", lockSec), report.beforeLock());
        print(String.format(Locale.ROOT, "after lock (>= %.0f s)", lockSec), report.afterLock());
        if (json != null) {
            writeJson(report, outcome);
        }
        return 0;
    }

    /** Renders {@link #file} headless and measures its accents against {@code truth}. */
    private AccentSync.Report measure(Path truth) throws Exception {
        if (!file.startsWith(BeatFixture.CLICK_PREFIX)) {
            AudioArgument.require(file, "sync-check");
        }
        if (json != null && !json.toString().equals("-")) {
            OutputFile.checkWritable(json, "--json");
        }
        if (framesOut != null) {
            OutputFile.createDirectories(framesOut.toAbsolutePath().normalize(), "--frames-out");
            OutputFile.checkDirectoryWritable(framesOut.toAbsolutePath().normalize(), framesOut.resolve("frame_00000.png"),
                    "--frames-out");
        }
        if (engine == null) {
            engine = engineOptions.wiring();
        }
        AccentSync.Report report;
        HeadlessRun.Outcome outcome;
        try (BeatFixture fixture = BeatFixture.load(file, truth, engine.contract())) {
            if (fixture.reference() == null) {
                throw new UsageException("--truth is required for " + file);
            }
            if (!fixture.rereadable()) {
                AudioArgument.requireRereadable(file, "sync-check");
            }
            // a first pass finds the length (up to --seconds), the second renders as the audio streams in
            int rate = engine.contract().sampleRate();
            long limit = seconds == null ? Long.MAX_VALUE : (long) Math.ceil(seconds * rate) + 1;
            double length = (double) fixture.samplesAt(rate, limit) / rate;
            double duration = seconds == null ? length : Math.min(seconds, length);
            int frames = Math.max(1, (int) Math.floor(duration * fps));
            double[] brightness = new double[frames];
            ProgressBar bar = progress.countBar("sync-check", frames, "frames");
            try (AudioFileReader audio = fixture.open()) {
                outcome = run.render(engine, audio, frames, framesOut, (i, t, argb, w, h) -> {
                    brightness[i] = AccentSync.meanLuma(argb, w, h);
                    if (bar != null) {
                        bar.update(i + 1);
                    }
                });
            }
            if (bar != null) {
                bar.done();
            }
            report = AccentSync.measure(brightness, fps, fixture.reference(), lockSec);
            this.brightness = brightness;
        }
        this.outcome = outcome;
        return report;
    }

    private static void print(String name, AccentSync.Stats s) {
        if (s.accents() == 0) {
            System.out.printf(Locale.ROOT, "%-22s %6d %8d   (no accents)%n", name, s.beats(), 0);
            return;
        }
        System.out.printf(Locale.ROOT, "%-22s %6d %8d %+7.1f ms %7.1f ms %6.1f ms (%+.0f..%+.0f) %+5.0f..%+4.0f ms %13.1f%%%n",
                name, s.beats(), s.accents(), s.medianMs(), s.medianAbsMs(), s.iqrMs(), s.q1Ms(), s.q3Ms(),
                s.minMs(), s.maxMs(), 100 * s.withinOneFrame());
    }

    private void writeJson(AccentSync.Report report, HeadlessRun.Outcome outcome) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("file", file);
        root.put("fps", report.fps());
        root.put("width", width);
        root.put("height", height);
        root.put("frames", report.frames());
        root.put("lock_sec", report.lockSec());
        root.put("search_ms", AccentSync.SEARCH_MS);
        root.put("beat", outcome.beat());
        root.put("structure", outcome.structure());
        root.put("controller", outcome.controller());
        stats(root.putObject("before_lock"), report.beforeLock());
        stats(root.putObject("after_lock"), report.afterLock());
        ArrayNode beats = root.putArray("beats");
        for (AccentSync.Beat b : report.beats()) {
            ObjectNode n = beats.addObject();
            n.put("t_sec", b.tSec());
            if (Double.isFinite(b.offsetMs())) {
                n.put("offset_ms", b.offsetMs());
            } else {
                n.putNull("offset_ms");
            }
        }
        ArrayNode trace = root.putArray("frame_brightness");
        for (double b : brightness) {
            trace.add(Math.round(b * 100) / 100.0);
        }
        String text = mapper.writeValueAsString(root);
        if (json.toString().equals("-")) {
            System.out.println(text);
        } else {
            OutputFile.write(json, "--json", o -> o.write((text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    private static void stats(ObjectNode n, AccentSync.Stats s) {
        n.put("beats", s.beats());
        n.put("accents", s.accents());
        number(n, "median_ms", s.medianMs());
        number(n, "median_abs_ms", s.medianAbsMs());
        number(n, "q1_ms", s.q1Ms());
        number(n, "q3_ms", s.q3Ms());
        number(n, "iqr_ms", s.iqrMs());
        number(n, "min_ms", s.minMs());
        number(n, "max_ms", s.maxMs());
        number(n, "within_one_frame", s.withinOneFrame());
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }
}
