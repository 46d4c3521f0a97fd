package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.clock.OfflinePipeline;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.tools.anticipator.StructureEvaluation;
import dev.fractalsync.tools.anticipator.StructureMetrics;
import dev.fractalsync.tools.dataset.BeatEvents;
import dev.fractalsync.tools.dataset.DatasetBuilder;
import dev.fractalsync.tools.dataset.HopTargets;
import dev.fractalsync.tools.dataset.LabelAliases;
import dev.fractalsync.tools.dataset.LabelSegment;
import dev.fractalsync.tools.dataset.TeacherLabels;
import dev.fractalsync.tools.dataset.Track;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "eval-structure", mixinStandardHelpOptions = true, description = {
        "Score structure providers against section truth, side by side with a base rate: per-hop section accuracy "
                + "and macro-F1 of the held section label (the engine's one decision, as analyze publishes it; the "
                + "provider's raw arg-max accuracy beside it), online boundary F at ±0.5 s and ±3 s (changes of that "
                + "label), hazard Brier and AUC per horizon, anticipation lead in beats.",
        "Beat features come from streaming the beat provider over the audio (as analyze does); the hazard targets "
                + "count the truth's beats when the truth file has them (truth JSON from `demo`/`midi-corpus`), else the "
                + "provider's. The base rate is each song's own label and boundary frequencies (a constant that knows "
                + "the song's statistics in hindsight).",
        "Several FILE/--truth pairs may be given: FILE... with --truth-dir DIR (truth NAME.truth.json, NAME.json or "
                + "NAME.lab beside each base name); the report gives each song and the pooled scores."},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools eval-structure song.wav --truth song.truth.json",
                "  fractalsync-tools eval-structure corpus/*.wav --truth-dir corpus --compare anticipator,novelty"})
final class EvalStructureCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Audio files (WAV/AIFF/AU; MP3 etc. via ffmpeg).")
    List<Path> files;

    @Option(names = "--truth", description = "Truth for a single FILE: truth JSON ({sections:[{start,end,label}], beats, "
            + "downbeats}), SongFormer-style JSON or a .lab file (start end label).")
    Path truth;

    @Option(names = "--truth-dir", description = "Directory with one truth file per audio file, by base name "
            + "(NAME.truth.json, NAME.json, NAME.lab; default: each file's own directory).")
    Path truthDir;

    @Option(names = "--compare", split = ",", description = "Structure providers to score (default: ${DEFAULT-VALUE}).",
            defaultValue = "anticipator,novelty")
    List<String> compare;

    @Option(names = "--per-song", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Print each song's scores as well as the pooled ones (default: ${DEFAULT-VALUE}).")
    boolean perSong;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (truth != null && files.size() != 1) {
            throw new UsageException("--truth goes with one FILE; use --truth-dir for several");
        }
        ProviderWiring engine = engineOptions.wiring();
        DatasetBuilder builder = new DatasetBuilder(engine.contract(), HopTargets.DEFAULT_SNAP_FRACTION);
        TeacherLabels labels = new TeacherLabels(LabelAliases.defaults());
        List<Track> tracks = new ArrayList<>();
        // the beat tracker over every song, then each provider over all of them: tens of seconds, so say how far
        ProgressBar bar = progress.countBar("eval-structure", files.size() + compare.size(), "steps");
        int step = 0;
        BeatClockProvider beat = engine.openBeat();
        try {
            for (Path file : files) {
                if (bar != null) {
                    bar.update(step++);
                }
                Path t = truth != null ? truth : findTruth(file);
                List<LabelSegment> sections = labels.read(t);
                BeatEvents truthBeats = truthBeats(t);
                // the song streams through the beat tracker and the features: only the per-hop rows are kept
                int rate = engine.contract().sampleRate();
                try (AudioFileReader audio = AudioArgument.open(file.toString())) {
                    OfflinePipeline.HopSource hops = AudioArgument.hops(audio, rate, engine.contract().hop());
                    tracks.add(builder.fromProvider(baseName(file), Track.HELDOUT, sink -> {
                        hops.hops(sink);
                        return Math.round((double) audio.framesRead() * rate / audio.sampleRate());
                    }, sections, beat, truthBeats));
                    AudioArgument.warnAboutSamples(audio);
                }
            }
        } finally {
            beat.close();
        }
        Map<String, StructureProvider> providers = new LinkedHashMap<>();
        try {
            for (String id : compare) {
                providers.put(id, engine.openStructure(id.strip()));
            }
            int decimation = engine.settings().decimation();
            int tSlow = engine.contract().tSlow();
            if (perSong && tracks.size() > 1) {
                for (Track track : tracks) {
                    System.out.printf(Locale.ROOT, "== %s (%.1f s)%n", track.name(), track.hops() * engine.contract().hopSeconds());
                    print(List.of(track), providers, tSlow, decimation, null);
                }
                System.out.printf(Locale.ROOT, "== all %d songs%n", tracks.size());
            }
            int songs = files.size();
            int[] evaluated = {0};
            print(tracks, providers, tSlow, decimation, bar == null ? null : () -> bar.update(songs + ++evaluated[0]));
        } finally {
            for (StructureProvider p : providers.values()) {
                p.close();
            }
        }
        return 0;
    }

    private static void print(List<Track> tracks, Map<String, StructureProvider> providers, int tSlow, int decimation,
                              Runnable evaluated) {
        StructureMetrics base = StructureEvaluation.baseRate(tracks, StructureEvaluation.sectionFrequency(tracks),
                StructureEvaluation.hazardBaseRate(tracks));
        System.out.print(base.report("base-rate"));
        for (Map.Entry<String, StructureProvider> e : providers.entrySet()) {
            String report = StructureEvaluation.evaluate(tracks, e.getValue(), tSlow, decimation, null).report(e.getKey());
            if (evaluated != null) {
                evaluated.run();
            }
            System.out.print(report);
        }
    }

    private Path findTruth(Path file) {
        Path dir = truthDir != null ? truthDir : file.toAbsolutePath().getParent();
        String base = baseName(file);
        for (String ext : List.of(".truth.json", ".json", ".lab")) {
            Path candidate = dir.resolve(base + ext);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no truth for " + file + ": looked for " + base + ".truth.json, .json, .lab in " + dir);
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** The truth JSON's beats (with downbeat flags when it has "downbeats"), or null. */
    private static BeatEvents truthBeats(Path truthFile) throws java.io.IOException {
        if (!truthFile.toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return null;
        }
        JsonNode root = new ObjectMapper().readTree(truthFile.toFile());
        JsonNode beats = root.path("beats");
        if (!beats.isArray() || beats.size() < 2) {
            return null;
        }
        double[] times = new double[beats.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = beats.get(i).asDouble();
        }
        JsonNode downbeats = root.path("downbeats");
        double[] downs = new double[downbeats.size()];
        for (int i = 0; i < downs.length; i++) {
            downs[i] = downbeats.get(i).asDouble();
        }
        return BeatEvents.withDownbeats(times, downs);
    }
}
