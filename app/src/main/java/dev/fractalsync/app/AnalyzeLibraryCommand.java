package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

@Command(name = "analyze-library", description = "Analyze every audio file under the directories (WAV/AIFF/AU; MP3, "
        + "FLAC, OGG, M4A via ffmpeg) as one batch job: per track, beats, downbeats, sections and a summary as analyze "
        + "writes them, under OUTDIR at the track's path without its extension; OUTDIR/library.jsonl and library.csv "
        + "list every track. Tracks done before (same file content, same engine) are skipped.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync analyze-library ~/Music --out ~/Music-analysis",
                "  fractalsync analyze-library crate1 crate2 --out analysis --threads 2 --states",
                "  fractalsync analyze-library ~/Music --out analysis --force --strict"})
final class AnalyzeLibraryCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Directories to search, recursively.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR",
            description = "Output directory: NAME.beats.txt, NAME.downbeats.txt, NAME.sections.lab, NAME.summary.json "
                    + "(and NAME.states.jsonl.gz) per track, library.jsonl and library.csv.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Tracks analyzed at once, each on one core, on each "
            + "member with --cluster (default: the number of cores).")
    Integer threads;

    @Option(names = "--resume", description = "Skip tracks whose outputs are up to date (the default).")
    boolean resume;

    @Option(names = "--force", description = "Analyze every track again.")
    boolean force;

    @Option(names = "--states", description = "Also write each track's SlowStates as NAME.states.jsonl.gz.")
    boolean states;

    @Option(names = "--strict", description = "Exit with status 1 when any track failed (default: 0; failures are in "
            + "library.jsonl).")
    boolean strict;

    @Mixin
    BatchMembers members;

    @Mixin
    ProgressOptions progress;

    @Mixin
    EngineOptions engineOptions;

    static final int MAX_THREADS = 1024;
    static final List<String> CSV_COLUMNS = List.of("path", "status", "duration_sec", "tempo_bpm", "metre",
            "first_downbeat_sec", "first_chorus_sec", "loudness_dbfs", "seconds");

    @Override
    public Integer call() throws Exception {
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1 || workers > MAX_THREADS) {
            throw new UsageException("--threads must be between 1 and " + MAX_THREADS + ", got " + workers);
        }
        if (resume && force) {
            throw new UsageException("--resume and --force contradict each other: give one (resuming is the default)");
        }
        members.check();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": is a file; give a directory");
        }
        ProviderWiring wiring = engineOptions.wiring();
        List<LibraryWorker.Track> tracks = LibraryListing.list(dirs, out);
        if (tracks.isEmpty()) {
            throw LibraryListing.noAudioFiles(dirs);
        }
        OutputFile.createDirectories(out, "--out");
        Path jsonl = out.resolve("library.jsonl");
        Path csv = out.resolve("library.csv");
        OutputFile.checkDirectoryWritable(out, jsonl, "--out");
        LibraryWorker.removeLeftovers(jsonl);
        LibraryWorker.removeLeftovers(csv);
        LibraryWorker.Job job = new LibraryWorker.Job(out.toAbsolutePath().normalize().toString(), force, states,
                LibraryWorker.Engine.of(wiring.settings(), engineOptions.plugins.searchPath()), members.clustered(), false);

        AtomicLong analyzed = new AtomicLong();
        DoubleAdder audioSeconds = new DoubleAdder();
        DoubleAdder analyzedSeconds = new DoubleAdder();
        long started = System.nanoTime();
        ProgressBar bar = progress.bar("library", tracks.size(), new ProgressBar.Units() {
            @Override
            public String amount(long done, long total) {
                return done + "/" + total + " tracks, " + ProgressBar.clock(audioSeconds.sum()) + " audio";
            }

            @Override
            public String rate(long done, double seconds) {
                return String.format(Locale.ROOT, "%.0fx real time", analyzedSeconds.sum() / seconds);
            }
        });
        java.util.Map<String, JsonNode> byPath = new java.util.HashMap<>();
        AtomicLong done = new AtomicLong();
        java.util.function.Consumer<String> onLine = line -> {
            JsonNode n = read(line);
            String path = n.path("path").asText();
            JsonNode before = byPath.get(path);
            // a job run again after a lost member skips what it had done: keep the line that did the work
            if (before != null && !before.path("status").asText().equals("skipped")) {
                return;
            }
            byPath.put(path, n);
            double duration = n.path("duration_sec").asDouble(0);
            if ("ok".equals(n.path("status").asText())) {
                analyzed.incrementAndGet();
                analyzedSeconds.add(duration);
            }
            if (before == null) {
                audioSeconds.add(duration);
                if (bar != null) {
                    bar.update(done.incrementAndGet());
                }
            }
        };
        try {
            UpToDateTracks checked = UpToDateTracks.of(job, tracks, workers);
            checked.skipped().forEach(onLine);
            // nothing left to do: no member starts (about a second) and no cluster is joined
            if (!checked.todo().isEmpty()) {
                HazelcastInstance member = members.start();
                try {
                    LibraryWorker.runJob(member, job, checked.todo(), workers, onLine);
                } finally {
                    member.shutdown();
                }
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<JsonNode> rows = new ArrayList<>(byPath.values());
        rows.sort(Comparator.comparing(n -> n.path("path").asText()));
        writeJsonLines(jsonl, rows);
        writeCsv(csv, rows);
        long failed = rows.stream().filter(n -> n.path("status").asText().startsWith("failed")).count();
        long skipped = rows.stream().filter(n -> n.path("status").asText().equals("skipped")).count();
        System.err.printf(Locale.ROOT, "%d tracks: %d analyzed, %d skipped, %d failed; %.2f h of audio analyzed in %.1f s "
                        + "(%.1fx real time, %d threads) -> %s%n", rows.size(), analyzed.get(), skipped, failed,
                analyzedSeconds.sum() / 3600, seconds, analyzedSeconds.sum() / seconds, workers, jsonl);
        if (strict && failed > 0) {
            System.err.println("fractalsync: " + failed + " of " + rows.size() + " tracks failed (--strict); see " + jsonl);
            return 1;
        }
        return 0;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("a worker sent a malformed library line: " + line, e);
        }
    }

    private static void writeJsonLines(Path file, List<JsonNode> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : rows) {
            sb.append(JSON.writeValueAsString(n)).append('\n');
        }
        OutputFile.write(file, "--out", o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void writeCsv(Path file, List<JsonNode> rows) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (JsonNode n : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : CSV_COLUMNS) {
                JsonNode v = n.get(column);
                cells.add(v == null || v.isNull() ? "" : csvCell(v.asText()));
            }
            sb.append(String.join(",", cells)).append("\r\n");
        }
        OutputFile.write(file, "--out", o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvCell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
