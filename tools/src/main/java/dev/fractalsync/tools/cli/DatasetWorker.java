package dev.fractalsync.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.app.BatchJob;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.clock.discovery.SelectionException;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.tools.dataset.BeatEvents;
import dev.fractalsync.tools.dataset.DatasetBuilder;
import dev.fractalsync.tools.dataset.DatasetFiles;
import dev.fractalsync.tools.dataset.LabelAliases;
import dev.fractalsync.tools.dataset.LabelSegment;
import dev.fractalsync.tools.dataset.TeacherLabels;
import dev.fractalsync.tools.dataset.Track;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker of {@code dataset}'s Jet job: one engine (the beat provider opened once, reset between songs) that turns
 * the songs it is given into {@code .fsds} files one after another. Each song's line names its entry of the index, or
 * why it failed.
 */
final class DatasetWorker implements BatchJob.Worker<DatasetWorker.Song> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What every worker needs, sent to each member with the job (paths as strings: {@code Path} does not serialize).
     *
     * @param out          the dataset directory
     * @param labelsDir    the teacher labels (and truth NAME.beats)
     * @param beatsDir     annotated beats fed as features instead of the provider's, or null
     * @param beatProvider the beat provider's id
     * @param pluginDirs   the plugin search path
     * @param snap         boundaries within this fraction of a beat count as on it
     * @param aliases      extra label aliases {@code name=label}
     */
    record Job(String out, String labelsDir, String beatsDir, String beatProvider, List<String> pluginDirs,
               double snap, List<String> aliases) implements Serializable {
    }

    /**
     * One song.
     *
     * @param name   its name (the audio file's without the extension)
     * @param audio  the audio file
     * @param labels its label file
     * @param split  train or heldout
     */
    record Song(String name, String audio, String labels, String split) implements Serializable {
    }

    private final Job job;
    private final ModelContract contract;
    private final DatasetBuilder builder;
    private final TeacherLabels reader;
    private final FractalSyncEngine engine;
    private final String member;

    /** @param member the member this worker runs on (host:port) */
    DatasetWorker(Job job, String member) {
        this.job = job;
        this.member = member;
        this.contract = ContractFiles.v1();
        this.builder = new DatasetBuilder(contract, job.snap());
        LabelAliases table = LabelAliases.defaults();
        for (String a : job.aliases()) {
            table = table.with(a);
        }
        this.reader = new TeacherLabels(table);
        this.engine = job.beatsDir() == null
                ? openEngine(job.beatProvider(), job.pluginDirs().stream().map(Path::of).toList()) : null;
    }

    /**
     * The engine the songs run through for beat features, as analyze runs them: the selected beat provider, the
     * neutral structure provider (the dataset does not need one).
     */
    static FractalSyncEngine openEngine(String beatProvider, List<Path> pluginDirs) {
        return FractalSyncEngine.open(checkedWiring(beatProvider, pluginDirs));
    }

    /** That engine's wiring, its provider selection checked (a --beat no plugin provides is a usage error). */
    static ProviderWiring checkedWiring(String beatProvider, List<Path> pluginDirs) {
        EngineSettings settings = EngineSettings.defaults().withProviders(beatProvider, NeutralStructureProvider.ID, null);
        ProviderWiring wiring = new ProviderWiring(settings, pluginDirs);
        try {
            wiring.checkSelection();
        } catch (SelectionException e) {
            throw new UsageException("--beat: " + e.getMessage());
        }
        return wiring;
    }

    /** Builds the song's track, writes its {@code .fsds} and returns its line: the index entry, or why it failed. */
    @Override
    public String process(Song song) {
        ObjectNode line = JSON.createObjectNode();
        line.put("name", song.name());
        line.put("member", member);
        try {
            DatasetFiles.Entry entry = build(song);
            line.put("file", entry.file());
            line.put("frames", entry.frames());
            line.put("split", entry.split());
            ObjectNode extra = line.putObject("extra");
            entry.extra().forEach((k, v) -> extra.put(k, String.valueOf(v)));
        } catch (Exception | StackOverflowError e) {
            line.put("failed", BatchJob.oneLine(e));
        }
        return line.toString();
    }

    private DatasetFiles.Entry build(Song song) throws Exception {
        Path labels = Path.of(song.labels());
        Path audio = Path.of(song.audio());
        List<LabelSegment> sections = reader.read(labels);
        float[] mono = AudioFiles.readMono(audio, contract.sampleRate()).samples();
        Track track;
        if (engine != null) {
            Path truthBeats = Path.of(job.labelsDir()).resolve(song.name() + ".beats");
            track = builder.fromEngine(song.name(), song.split(), mono, sections, engine,
                    Files.isRegularFile(truthBeats) ? BeatEvents.read(truthBeats) : null);
        } else {
            Path beatFile = Path.of(job.beatsDir()).resolve(song.name() + ".beats");
            if (!Files.isRegularFile(beatFile)) {
                throw new IllegalArgumentException(beatFile + " not found (one NAME.beats per audio file in --beats)");
            }
            track = builder.fromAnnotation(song.name(), song.split(), mono, sections, BeatEvents.read(beatFile), true);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("audio", audio.getFileName().toString());
        extra.put("labels", labels.getFileName().toString());
        return write(Path.of(job.out()), track, extra);
    }

    static DatasetFiles.Entry write(Path out, Track track, Map<String, Object> extra) throws IOException {
        String file = track.name() + DatasetFiles.EXTENSION;
        DatasetFiles.writeTrack(out.resolve(file), track);
        return new DatasetFiles.Entry(track.name(), file, track.hops(), track.split(), extra);
    }

    /**
     * A worker's line, read once.
     *
     * @param name    the song
     * @param member  the member that built it
     * @param entry   its index entry, or null when it failed
     * @param failure why it failed, or null
     */
    record Result(String name, String member, DatasetFiles.Entry entry, String failure) {
        static Result of(String line) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("a dataset worker sent a malformed line: " + line, e);
            }
            String name = n.path("name").asText();
            String member = n.path("member").asText();
            if (n.has("failed")) {
                return new Result(name, member, null, n.path("failed").asText());
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            n.path("extra").fields().forEachRemaining(f -> extra.put(f.getKey(), f.getValue().asText()));
            return new Result(name, member, new DatasetFiles.Entry(name, n.path("file").asText(),
                    n.path("frames").asInt(), n.path("split").asText(), extra), null);
        }
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
    }
}
