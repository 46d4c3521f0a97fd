package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.json.JsonLinesWriter;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.ProviderWiring;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One worker of {@code analyze-library}: a Jet processor's service, with one {@link SongAnalyzer} (providers opened
 * once, reset between tracks) that analyzes the tracks it is given one after another and writes each track's
 * outputs. Every failure of a track becomes its {@code failed:} line; the worker goes on with the next track.
 */
final class LibraryWorker implements BatchJob.Worker<LibraryWorker.Track> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The per-track files, in the order written: the summary last, so a summary says the others are complete. */
    static final String BEATS = ".beats.txt";
    static final String DOWNBEATS = ".downbeats.txt";
    static final String SECTIONS = ".sections.lab";
    static final String STATES = ".states.jsonl.gz";
    static final String SUMMARY = ".summary.json";

    /**
     * What every worker needs, sent to each member with the job: the output options and the engine settings.
     *
     * @param outDir the output directory (absolute)
     * @param force  analyze every track, even one whose outputs are up to date
     * @param states also write each track's states
     * @param engine the engine settings
     * @param cluster a job of several members: each line names the member that did the track
     * @param timings each line also carries {@code stage_seconds}, where the track's time went ({@code bench --library})
     */
    record Job(String outDir, boolean force, boolean states, Engine engine, boolean cluster, boolean timings)
            implements Serializable {
    }

    /**
     * {@link EngineSettings} and the plugin search path in a form that travels with the job ({@code Path} does not
     * serialize); paths are those of the submitting machine.
     */
    record Engine(List<String> pluginDirs, String plugins, String contract, String beat, String structure,
                  String controller, int decimation, Double bpm, long seed, HashMap<String, String> beatOptions,
                  HashMap<String, String> structureOptions, HashMap<String, String> controllerOptions,
                  long providerTimeoutNanos, TempoLevel tempoLevel) implements Serializable {
        static Engine of(EngineSettings s, List<Path> pluginDirs) {
            return new Engine(new ArrayList<>(pluginDirs.stream().map(Path::toString).toList()),
                    s.plugins() == null ? null : s.plugins().toString(), s.contract() == null ? null : s.contract().toString(),
                    s.beat(), s.structure(), s.controller(), s.decimation(), s.bpm(), s.seed(),
                    new HashMap<>(s.beatOptions()), new HashMap<>(s.structureOptions()),
                    new HashMap<>(s.controllerOptions()), s.providerTimeout().toNanos(), s.tempoLevel());
        }

        ProviderWiring wiring() {
            EngineSettings s = new EngineSettings(plugins == null ? null : Path.of(plugins),
                    contract == null ? null : Path.of(contract), beat, structure, controller, decimation, bpm, seed,
                    beatOptions, structureOptions, controllerOptions, Duration.ofNanos(providerTimeoutNanos), tempoLevel);
            return new ProviderWiring(s, pluginDirs.stream().map(Path::of).toList());
        }
    }

    /**
     * One track of the library.
     *
     * @param input    the audio file (absolute)
     * @param path     its name in the library's outputs: relative to its DIR (prefixed by the DIR's name when
     *                 there are several), with its extension
     * @param output   where its outputs go: {@code path} under OUTDIR without the extension
     * @param clash    null, or the track whose outputs this one's would overwrite (it then fails)
     */
    record Track(String input, String path, String output, String clash) implements Serializable {
    }

    private final Job job;
    private final SongAnalyzer analyzer;
    private final String member;

    /** @param member the member this worker runs on (host:port), or null when the job has only one */
    LibraryWorker(Job job, String member) {
        this.job = job;
        this.member = member;
        this.analyzer = new SongAnalyzer(job.engine().wiring(), true);
    }

    /**
     * Runs {@code analyze-library}'s Jet job over {@code tracks} on {@code member}'s cluster, {@code threads} workers
     * per member, and returns every track's line in the order they finished (each also goes to {@code onLine}). When a
     * member is lost, Jet runs the job again on the members left: the tracks done before are then skipped (their
     * summaries are complete), and a track can have two lines.
     */
    static List<String> runJob(com.hazelcast.core.HazelcastInstance member, Job job, List<Track> tracks, int threads,
                               java.util.function.Consumer<String> onLine) throws InterruptedException {
        return BatchJob.run(member, "analyze-library", tracks, threads,
                memberName -> new LibraryWorker(job, job.cluster() ? memberName : null), onLine);
    }

    /** Analyzes {@code track} (or skips it) and returns its line of library.jsonl. */
    @Override
    public String process(Track track) {
        long started = System.nanoTime();
        ObjectNode line = JSON.createObjectNode();
        line.put("path", track.path());
        try {
            if (track.clash() != null) {
                throw new IOException("its outputs would overwrite those of " + track.clash() + " (same name without "
                        + "the extension); rename one of them");
            }
            Path base = Path.of(job.outDir()).resolve(track.output());
            for (String suffix : List.of(BEATS, DOWNBEATS, SECTIONS, STATES, SUMMARY)) {
                removeLeftovers(sibling(base, suffix));
            }
            long hashStarted = System.nanoTime();
            String hash = EngineFingerprint.fileHash(Path.of(track.input()));
            double hashSeconds = (System.nanoTime() - hashStarted) / 1e9;
            JsonNode done = job.force() ? null : upToDate(job, base, hash, analyzer::fingerprint);
            ObjectNode stages = JSON.createObjectNode();
            stages.put("hash", hashSeconds);
            if (done != null) {
                line.put("status", "skipped");
                copyColumns(done, line);
            } else {
                JsonNode summary = analyze(track, base, hash, stages);
                line.put("status", "ok");
                copyColumns(summary, line);
            }
            if (job.timings()) {
                line.set("stage_seconds", stages);
            }
        } catch (Exception | StackOverflowError e) {
            line.put("status", "failed: " + BatchJob.oneLine(e));
            for (String column : COLUMNS) {
                line.putNull(column);
            }
        }
        line.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        if (member != null) {
            line.put("member", member);
        }
        return line.toString();
    }

    /** The summary's values library.jsonl and library.csv repeat. */
    static final List<String> COLUMNS = List.of("duration_sec", "tempo_bpm", "metre", "first_downbeat_sec",
            "first_chorus_sec", "loudness_dbfs", "input_sha256");

    private static void copyColumns(JsonNode summary, ObjectNode line) {
        for (String column : COLUMNS) {
            JsonNode v = summary.get(column);
            line.set(column, v == null ? line.nullNode() : v);
        }
    }

    /**
     * The existing summary when the track's outputs are complete and were made from these bytes by this engine
     * (same fingerprint), else null. The fingerprint is asked for only when a summary of these bytes exists (it
     * opens the providers).
     */
    static JsonNode upToDate(Job job, Path base, String hash, FingerprintSource engine) throws Exception {
        Path summaryFile = sibling(base, SUMMARY);
        if (!Files.isRegularFile(summaryFile)) {
            return null;
        }
        JsonNode summary;
        try {
            summary = JSON.readTree(summaryFile.toFile());
        } catch (IOException e) {
            return null; // not ours, or damaged: analyze again
        }
        if (summary == null || !hash.equals(summary.path("input_sha256").asText(null))
                || !engine.fingerprint().json().equals(summary.get("engine"))) {
            return null;
        }
        for (String suffix : job.states() ? List.of(BEATS, DOWNBEATS, SECTIONS, STATES) : List.of(BEATS, DOWNBEATS, SECTIONS)) {
            if (!Files.isRegularFile(sibling(base, suffix))) {
                return null;
            }
        }
        return summary;
    }

    /** Where {@link #upToDate} gets the fingerprint of the engine the job runs. */
    interface FingerprintSource {
        EngineFingerprint fingerprint() throws Exception;
    }

    /**
     * The line of a track whose outputs are up to date (status {@code skipped}), after removing what a killed run
     * left beside them, or null when the track must be analyzed (or fails).
     */
    static String skippedLine(Job job, Track track, FingerprintSource engine) throws Exception {
        if (job.force() || track.clash() != null) {
            return null;
        }
        long started = System.nanoTime();
        Path base = Path.of(job.outDir()).resolve(track.output());
        if (!Files.isRegularFile(sibling(base, SUMMARY))) {
            return null; // never analyzed: not worth reading the whole file to hash it (the worker hashes it)
        }
        JsonNode done = upToDate(job, base, EngineFingerprint.fileHash(Path.of(track.input())), engine);
        if (done == null) {
            return null;
        }
        for (String suffix : List.of(BEATS, DOWNBEATS, SECTIONS, STATES, SUMMARY)) {
            removeLeftovers(sibling(base, suffix));
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("path", track.path());
        line.put("status", "skipped");
        copyColumns(done, line);
        line.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
        return line.toString();
    }

    /** Analyzes and writes the track's outputs; puts the stages' busy seconds into {@code stages}. */
    private JsonNode analyze(Track track, Path base, String hash, ObjectNode stages) throws Exception {
        Path input = Path.of(track.input());
        OutputFile.createDirectories(base.getParent(), "--out");
        SongAnalyzer.Song song;
        EngineFingerprint fingerprint;
        try (AudioFileReader audio = AudioFileReader.open(input)) {
            // after the file opened: a file that cannot be read fails without opening the providers
            fingerprint = analyzer.fingerprint();
            if (job.states()) {
                try (OutputFile file = OutputFile.create(sibling(base, STATES), "--out")) {
                    GZIPOutputStream gz = new GZIPOutputStream(file.stream(), 1 << 16);
                    JsonLinesWriter w = new JsonLinesWriter(gz);
                    song = analyzer.analyze(audio, s -> {
                        try {
                            w.write(s);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, null);
                    w.flush();
                    gz.finish();
                    file.commit();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                song = analyzer.analyze(audio, null, null);
            }
        }
        long writeStarted = System.nanoTime();
        PlainOutputs plain = song.plain();
        plain.writeBeats(sibling(base, BEATS), "--out", false);
        plain.writeBeats(sibling(base, DOWNBEATS), "--out", true);
        plain.writeSections(sibling(base, SECTIONS), "--out", song.run().durationSec());
        Path summary = sibling(base, SUMMARY);
        plain.writeSummary(summary, "--out", track.path(), hash, song, fingerprint);
        double write = (System.nanoTime() - writeStarted) / 1e9;
        dev.fractalsync.engine.SongAnalysis.Stages s = song.run().stages();
        stages.put("decode", s.decode());
        stages.put("features", s.features());
        stages.put("beat", s.beat());
        stages.put("structure", s.structure());
        stages.put("publish", s.publish());
        // with --states the states file is written (gzip on the calling thread) as the states come: inside publish
        stages.put("write", write);
        return JSON.readTree(summary.toFile());
    }

    /**
     * Deletes the temporary files a killed run left beside {@code target} ({@link OutputFile}'s {@code .NAME*.part}):
     * a kill -9 leaves no time to remove them, and the rerun that completes the output should leave the directory as
     * an uninterrupted run does. Only this track's worker writes these names, so none is in use.
     */
    static void removeLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        String prefix = "." + target.getFileName();
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".part")
                    && name.substring(prefix.length(), name.length() - ".part".length()).matches("[0-9a-z]+");
        })) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }


    @Override
    public void close() {
        analyzer.close();
    }
}
