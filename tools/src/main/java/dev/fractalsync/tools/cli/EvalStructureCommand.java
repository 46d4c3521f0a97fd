package dev.fractalsync.tools.cli;

import dev.fractalsync.app.AudioArgument;
import dev.fractalsync.app.EngineOptions;
import dev.fractalsync.app.ProgressBar;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.app.SongAnalyzer;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.app.PlainOutputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.discovery.SelectionException;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.tools.anticipator.StructureEvaluation;
import dev.fractalsync.tools.anticipator.StructureMetrics;
import dev.fractalsync.tools.dataset.BeatEvents;
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
        "Every song runs through the engine as analyze runs it, once per provider, and the scores are those of the "
                + "states it publishes. The hazard targets count the truth's beats when the truth file has them (truth "
                + "JSON from `demo`/`midi-corpus`), else the tracked ones. The base rate is each song's own label and boundary frequencies (a constant that knows "
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
        ProviderWiring base = engineOptions.wiring();
        ModelContract contract = base.contract();
        TeacherLabels labels = new TeacherLabels(LabelAliases.defaults());
        // each provider scores what analyze publishes with it: one engine per provider, the songs through each
        Map<String, SongAnalyzer> analyzers = new LinkedHashMap<>();
        Map<String, StructureMetrics> pooled = new LinkedHashMap<>();
        List<Track> targets = new ArrayList<>();
        ProgressBar bar = progress.countBar("eval-structure", (long) files.size() * compare.size(), "runs");
        int runs = 0;
        try {
            for (String raw : compare) {
                String id = raw.strip();
                EngineSettings s = base.settings();
                ProviderWiring wiring = new ProviderWiring(s.withProviders(s.beat(), id, s.controller()),
                        engineOptions.pluginSearchPath());
                try {
                    wiring.checkSelection();
                } catch (SelectionException e) {
                    throw new UsageException("--compare: " + e.getMessage());
                }
                analyzers.put(id, new SongAnalyzer(wiring));
                pooled.put(id, new StructureMetrics());
            }
            for (Path file : files) {
                Path t = truth != null ? truth : findTruth(file);
                List<LabelSegment> sections = labels.read(t);
                BeatEvents truthBeats = truthBeats(t);
                Map<String, StructureMetrics> song = new LinkedHashMap<>();
                Track track = null;
                for (Map.Entry<String, SongAnalyzer> e : analyzers.entrySet()) {
                    PublishedStructure published = new PublishedStructure();
                    SongAnalyzer.Song run;
                    try (AudioFileReader audio = AudioArgument.open(file.toString())) {
                        run = e.getValue().analyze(audio, published::add, null);
                    }
                    if (bar != null) {
                        bar.update(++runs);
                    }
                    if (track == null) {
                        // the hazard targets count the truth's beats when it has them, else the tracked ones
                        BeatEvents beats = truthBeats != null ? truthBeats : trackedBeats(run.plain(), file);
                        int hops = (int) run.run().hops();
                        HopTargets hopTargets = HopTargets.compute(sections, beats, hops, contract.sampleRate(),
                                contract.hop(), run.run().durationSec(), HopTargets.DEFAULT_SNAP_FRACTION);
                        track = Track.of(baseName(file), Track.HELDOUT, 0, new float[0],
                                new float[hops * BeatFeatures.SIZE], hopTargets);
                        targets.add(track);
                    }
                    StructureMetrics one = new StructureMetrics();
                    published.score(track, one, pooled.get(e.getKey()));
                    long steps = (run.run().hops() + engineOptions.decimation() - 1) / engineOptions.decimation();
                    long nanos = Math.round(run.run().stages().structure() * 1e9);
                    one.addTimings(nanos, steps);
                    pooled.get(e.getKey()).addTimings(nanos, steps);
                    song.put(e.getKey(), one);
                }
                if (perSong && files.size() > 1) {
                    System.out.printf(Locale.ROOT, "== %s (%.1f s)%n", track.name(), track.hops() * contract.hopSeconds());
                    print(List.of(track), song);
                }
            }
        } finally {
            for (SongAnalyzer a : analyzers.values()) {
                a.close();
            }
        }
        if (bar != null) {
            bar.done();
        }
        if (perSong && files.size() > 1) {
            System.out.printf(Locale.ROOT, "== all %d songs%n", targets.size());
        }
        print(targets, pooled);
        return 0;
    }

    private static void print(List<Track> tracks, Map<String, StructureMetrics> providers) {
        StructureMetrics base = StructureEvaluation.baseRate(tracks, StructureEvaluation.sectionFrequency(tracks),
                StructureEvaluation.hazardBaseRate(tracks));
        System.out.print(base.report("base-rate"));
        for (Map.Entry<String, StructureMetrics> e : providers.entrySet()) {
            System.out.print(e.getValue().report(e.getKey()));
        }
    }

    /** The beats analyze found, for the hazard targets of a song whose truth has none. */
    private static BeatEvents trackedBeats(PlainOutputs plain, Path file) {
        double[] times = plain.beatTimes(false);
        if (times.length < 2) {
            throw new IllegalArgumentException(file + ": fewer than 2 beats were found and the truth has none");
        }
        return BeatEvents.withDownbeats(times, plain.beatTimes(true));
    }

    /**
     * What the engine published per hop: the held section, the section probabilities and the hazard (primitive rows,
     * not the states: a 3-hour file stays in tens of megabytes).
     */
    private static final class PublishedStructure {
        private byte[] held = new byte[1 << 12];
        private double[] probs = new double[(1 << 12) * SectionLabel.COUNT];
        private double[] hazard = new double[(1 << 12) * Horizons.COUNT];
        private int hops;

        void add(SlowState s) {
            if (hops == held.length) {
                int grown = hops + (hops >> 1);
                held = java.util.Arrays.copyOf(held, grown);
                probs = java.util.Arrays.copyOf(probs, grown * SectionLabel.COUNT);
                hazard = java.util.Arrays.copyOf(hazard, grown * Horizons.COUNT);
            }
            held[hops] = (byte) s.section().ordinal();
            System.arraycopy(s.structure().sectionProbs(), 0, probs, hops * SectionLabel.COUNT, SectionLabel.COUNT);
            System.arraycopy(s.structure().hazardProbs(), 0, hazard, hops * Horizons.COUNT, Horizons.COUNT);
            hops++;
        }

        /** Adds every hop to each of {@code into}, as one song. */
        void score(Track targets, StructureMetrics... into) {
            if (hops != targets.hops()) {
                throw new IllegalStateException(targets.name() + ": " + hops + " states for " + targets.hops()
                        + " hops of targets");
            }
            double[] p = new double[SectionLabel.COUNT];
            double[] z = new double[Horizons.COUNT];
            for (StructureMetrics m : into) {
                m.startTrack();
                for (int h = 0; h < hops; h++) {
                    System.arraycopy(probs, h * p.length, p, 0, p.length);
                    System.arraycopy(hazard, h * z.length, z, 0, z.length);
                    m.add(targets.ySection()[h], held[h], p, targets.yHazard(), h * Horizons.COUNT, z,
                            targets.deltaBeatsNext()[h]);
                }
            }
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
    static BeatEvents truthBeats(Path truthFile) throws java.io.IOException {
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
