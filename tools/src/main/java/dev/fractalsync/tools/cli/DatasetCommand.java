package dev.fractalsync.tools.cli;

import dev.fractalsync.app.BatchJob;
import dev.fractalsync.app.BatchMembers;
import dev.fractalsync.app.OutputFile;
import dev.fractalsync.app.PluginsOption;
import dev.fractalsync.app.ProgressBar;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.tools.dataset.DatasetBuilder;
import dev.fractalsync.tools.dataset.DatasetFiles;
import dev.fractalsync.tools.dataset.LabelAliases;
import dev.fractalsync.tools.dataset.SyntheticCorpus;
import dev.fractalsync.tools.dataset.Track;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;

@Command(name = "dataset", mixinStandardHelpOptions = true, description = {
        "Build anticipator training data: per track F_audio frames [N,22], beat features [N,5], y_section [N] and "
                + "y_hazard [N,5] as little-endian binary (.fsds) plus index.json.",
        "Either real audio with teacher labels (--audio DIR --labels DIR, matched by base name; label files .json "
                + "(SongFormer/all-in-one), .lab, .csv, .txt), or generated demo songs (--synthetic N --seed S)."},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools dataset --synthetic 40 --seed 1 --out data/anticipator",
                "  fractalsync-tools dataset --audio corpus --labels corpus --beats corpus --out data/real",
                "  fractalsync-tools dataset --audio /mnt/corpus --labels /mnt/corpus --out /mnt/data --threads 2 "
                        + "--cluster --members 10.0.0.2 --secret-file secret   (10.0.0.2 runs: fractalsync-tools "
                        + "library-member --host 10.0.0.2 --members 10.0.0.1 --secret-file secret)"})
final class DatasetCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "aif", "aiff", "au", "flac", "mp3", "ogg", "m4a", "opus");
    private static final List<String> LABEL_EXTENSIONS = List.of(".json", ".lab", ".csv", ".txt");

    @Option(names = "--audio", description = "Directory of audio files.")
    Path audioDir;

    @Option(names = "--labels", description = "Directory of teacher label files, one per audio file, same base name.")
    Path labelsDir;

    @Option(names = "--beats", description = "Directory of beat annotations NAME.beats ('time [beat-in-bar]' per line). "
            + "Without it, beats come from streaming the --beat provider over the audio (parity with the runtime); "
            + "a NAME.beats next to the label file then still defines the hazard targets (exact beats).")
    Path beatsDir;

    @Option(names = "--beat", description = "Beat clock provider id for beat features and beat counts when --beats is "
            + "not given, and for --synthetic with --synthetic-beats provider (default: ${DEFAULT-VALUE}).", defaultValue = "beatnet")
    String beatProvider;

    @Option(names = "--synthetic-beats", description = "Beats of synthetic songs: 'annotation' (generator ground truth) "
            + "or 'provider' (stream the --beat provider over the audio: runtime parity) (default: ${DEFAULT-VALUE}).",
            defaultValue = "annotation")
    String syntheticBeats;

    @Option(names = "--alias", description = "Extra label alias name=label (repeatable), e.g. --alias break=inst.")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--synthetic", description = "Generate N demo songs instead of reading audio.")
    Integer synthetic;

    @Option(names = "--seed", description = "First seed of the synthetic songs (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long seed;

    @Option(names = "--heldout-every", description = "Hold out synthetic seeds divisible by this, or one real song in "
            + "this many, chosen by a hash of the song's id (the name up to its first '-'), so that a song rendered by "
            + "several arrangers is held out from every dataset built (default: ${DEFAULT-VALUE}).", defaultValue = "5")
    int heldoutEvery;

    @Option(names = "--heldout-match", description = "Real tracks whose base name contains a match of this regular "
            + "expression are held out (instead of every --heldout-every-th), e.g. a held-out SoundFont: 'sfgmbank$'.")
    Pattern heldoutMatch;

    @Option(names = "--threads", description = "Tracks built at once, each by a worker with its own beat provider, on "
            + "each member with --cluster (real audio only, which runs as a Hazelcast Jet batch job; the result does not "
            + "depend on it) (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    int threads;

    @Option(names = "--snap", description = "Boundaries within this fraction of a beat from a beat count as on it "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    double snap;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).", defaultValue = "data/anticipator")
    Path out;

    @picocli.CommandLine.Mixin
    PluginsOption plugins;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @picocli.CommandLine.Mixin
    BatchMembers members;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the dataset directory");
        members.check();
        boolean real = audioDir != null || labelsDir != null;
        if (real == (synthetic != null)) {
            throw new UsageException("give either --audio DIR --labels DIR or --synthetic N");
        }
        if (real && (audioDir == null || labelsDir == null)) {
            throw new UsageException("--audio and --labels go together");
        }
        if (heldoutMatch != null && !real) {
            throw new UsageException("--heldout-match applies to real tracks (--audio/--labels); synthetic songs use --heldout-every");
        }
        if (!(snap >= 0 && snap < 0.5)) {
            throw new UsageException("--snap must be in [0, 0.5), got " + snap);
        }
        ModelContract contract = ContractFiles.v1();
        DatasetBuilder builder = new DatasetBuilder(contract, snap);
        Files.createDirectories(out);
        List<DatasetFiles.Entry> entries = new ArrayList<>();
        String beats;
        long started = System.nanoTime();
        if (real) {
            beats = buildReal(entries);
        } else {
            if (!syntheticBeats.equals("annotation") && !syntheticBeats.equals("provider")) {
                throw new UsageException("--synthetic-beats must be annotation or provider, got " + syntheticBeats);
            }
            FractalSyncEngine engine = syntheticBeats.equals("provider")
                    ? DatasetWorker.openEngine(beatProvider, plugins.searchPath()) : null;
            try {
                beats = engine == null ? "annotation (generator ground truth)" : "provider:" + beatProvider;
                buildSynthetic(builder, entries, engine);
            } finally {
                if (engine != null) {
                    engine.close();
                }
            }
        }
        String command = String.join(" ", spec.commandLine().getParseResult().originalArgs());
        String corpus = real ? corpusCommand(audioDir) : null;
        DatasetFiles.writeIndex(out, contract.version(), contract.sampleRate(), contract.hop(), beats, entries,
                corpus == null ? command : corpus + "\n" + command);
        long frames = entries.stream().mapToLong(DatasetFiles.Entry::frames).sum();
        long held = entries.stream().filter(e -> e.split().equals(Track.HELDOUT)).count();
        System.err.printf(Locale.ROOT, "%d tracks (%d held out), %d frames (%.1f min of audio) in %.0f s -> %s%n",
                entries.size(), held, frames, frames * contract.hopSeconds() / 60, (System.nanoTime() - started) / 1e9,
                out.resolve(DatasetFiles.INDEX));
        return 0;
    }

    private void buildSynthetic(DatasetBuilder builder, List<DatasetFiles.Entry> entries, FractalSyncEngine engine)
            throws IOException {
        if (synthetic < 1) {
            throw new UsageException("--synthetic must be at least 1");
        }
        SyntheticCorpus corpus = new SyntheticCorpus(builder, heldoutEvery);
        ProgressBar bar = progress.bar("dataset", synthetic);
        for (int i = 0; i < synthetic; i++) {
            SyntheticCorpus.Generated g = corpus.song(seed + i, engine);
            entries.add(DatasetWorker.write(out, g.track(), g.extra()));
            if (bar != null) {
                bar.update(i + 1);
            }
        }
    }

    private String buildReal(List<DatasetFiles.Entry> entries) throws Exception {
        if (!Files.isDirectory(audioDir)) {
            throw new IllegalArgumentException("--audio " + audioDir + " is not a directory");
        }
        if (!Files.isDirectory(labelsDir)) {
            throw new IllegalArgumentException("--labels " + labelsDir + " is not a directory");
        }
        LabelAliases table = LabelAliases.defaults();
        for (String a : aliases) {
            table = table.with(a); // a malformed --alias fails here, before any job
        }
        Map<String, Path> audio = new TreeMap<>();
        try (Stream<Path> files = Files.list(audioDir)) {
            files.filter(Files::isRegularFile).forEach(f -> {
                String n = f.getFileName().toString();
                int dot = n.lastIndexOf('.');
                if (dot > 0 && AUDIO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT))) {
                    audio.put(n.substring(0, dot), f);
                }
            });
        }
        Map<String, Path> labels = new TreeMap<>();
        List<String> unlabelled = new ArrayList<>();
        for (String name : audio.keySet()) {
            Path found = null;
            for (String ext : LABEL_EXTENSIONS) {
                Path candidate = labelsDir.resolve(name + ext);
                if (Files.isRegularFile(candidate)) {
                    found = candidate;
                    break;
                }
            }
            if (found == null) {
                unlabelled.add(name);
            } else {
                labels.put(name, found);
            }
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no audio file in " + audioDir + " has a label file of the same base name in "
                    + labelsDir + " (" + String.join(", ", LABEL_EXTENSIONS) + ")");
        }
        if (!unlabelled.isEmpty()) {
            System.err.println("skipped (no label file): " + String.join(", ", unlabelled));
        }
        String beats = beatsDir == null ? "provider:" + beatProvider : "annotation:" + beatsDir;
        List<DatasetWorker.Song> songs = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, Path> e : labels.entrySet()) {
            songs.add(new DatasetWorker.Song(e.getKey(), audio.get(e.getKey()).toAbsolutePath().toString(),
                    e.getValue().toAbsolutePath().toString(), heldoutSplit(e.getKey(), index++)));
        }
        DatasetWorker.Job job = new DatasetWorker.Job(out.toAbsolutePath().toString(),
                labelsDir.toAbsolutePath().toString(), beatsDir == null ? null : beatsDir.toAbsolutePath().toString(),
                beatProvider, new ArrayList<>(plugins.searchPath().stream().map(p -> p.toAbsolutePath().toString()).toList()),
                snap, new ArrayList<>(aliases));
        if (beatsDir == null) {
            DatasetWorker.checkedWiring(beatProvider, plugins.searchPath()); // a wrong --beat fails here, once
        }
        ProgressBar bar = progress.bar("dataset", songs.size());
        Map<String, DatasetWorker.Result> results = new TreeMap<>();
        com.hazelcast.core.HazelcastInstance member = members.start();
        try {
            BatchJob.run(member, "dataset", songs, Math.max(1, Math.min(threads, songs.size())),
                    memberName -> new DatasetWorker(job, memberName), line -> {
                        DatasetWorker.Result result = DatasetWorker.Result.of(line);
                        // a job run again after a lost member builds some songs twice: the same bytes, one entry
                        if (results.put(result.name(), result) == null && bar != null) {
                            bar.update(results.size());
                        }
                    });
        } finally {
            if (bar != null) {
                bar.close();
            }
            member.shutdown();
        }
        if (members.clustered()) {
            Map<String, Integer> byMember = new TreeMap<>();
            results.values().forEach(r -> byMember.merge(r.member(), 1, Integer::sum));
            System.err.println("songs built per member: " + byMember);
        }
        List<String> failed = new ArrayList<>();
        for (DatasetWorker.Song song : songs) {
            DatasetWorker.Result result = results.get(song.name());
            if (result == null || result.entry() == null) {
                failed.add(song.name() + ": " + (result == null ? "no result" : result.failure()));
            } else {
                entries.add(result.entry());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalArgumentException(failed.size() + " of " + songs.size() + " songs failed, first "
                    + failed.get(0) + (failed.size() > 1 ? " (then " + String.join("; ", failed.subList(1,
                    Math.min(4, failed.size()))) + (failed.size() > 4 ? "; ..." : "") + ")" : ""));
        }
        return beats;
    }

    /**
     * The corpus command recorded in {@code dir}/corpus.json (midi-corpus) or in its parent (billboard-corpus, which
     * writes one folder per arranger family), or null when there is none.
     */
    static String corpusCommand(Path dir) {
        Path file = dir.resolve("corpus.json");
        Path parent = dir.toAbsolutePath().getParent();
        if (!Files.isRegularFile(file) && parent != null) {
            file = parent.resolve("corpus.json");
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).get("command");
            return c == null || !c.isTextual() ? null : c.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Held out when the name matches --heldout-match, or (without it) when the song's id falls in the held-out
     * share: by song, not by track, because the corpora render one song in several arrangements, and a song
     * held out in one dataset but trained on in another would flatter the held-out score.
     */
    String heldoutSplit(String name, int index) {
        boolean held = heldoutMatch != null ? heldoutMatch.matcher(name).find() : heldOutSong(songId(name), heldoutEvery);
        return held ? Track.HELDOUT : Track.TRAIN;
    }

    /** The song a track renders: its name up to the first '-' ({@code bb0074} of {@code bb0074-piano-timgm6mb}). */
    static String songId(String name) {
        int dash = name.indexOf('-');
        return dash > 0 ? name.substring(0, dash) : name;
    }

    /** One song in {@code every}, by a CRC-32 of its id: the same on every machine and in every dataset. */
    static boolean heldOutSong(String songId, int every) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(songId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue() % every == every - 1;
    }
}
