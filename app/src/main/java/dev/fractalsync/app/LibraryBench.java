package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import dev.fractalsync.engine.ProviderWiring;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code bench --library}: the {@code analyze-library} job's throughput on a library, beside {@code aubio beat} run
 * over the same files in the same run (one process per file, one at a time and {@code threads} at a time), and where
 * the job's time went, stage by stage.
 */
final class LibraryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stages of {@code stage_seconds}, in pipeline order, with their names in the report. */
    static final Map<String, String> STAGES = stages();

    private final List<Path> dirs;
    private final int threads;
    private final int repeat;
    private final boolean aubio;
    private final ProviderWiring wiring;
    private final List<Path> pluginDirs;
    private final ProgressOptions progress;
    private final PrintStream out;

    LibraryBench(List<Path> dirs, int threads, int repeat, boolean aubio, ProviderWiring wiring, List<Path> pluginDirs,
                 ProgressOptions progress, PrintStream out) {
        this.dirs = dirs;
        this.threads = threads;
        this.repeat = repeat;
        this.aubio = aubio;
        this.wiring = wiring;
        this.pluginDirs = pluginDirs;
        this.progress = progress;
        this.out = out;
    }

    private static Map<String, String> stages() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hash", "content hash (SHA-256, for resume)");
        m.put("decode", "decode + resample to 48 kHz");
        m.put("features", "features (front end: level, F_audio)");
        m.put("beat", "beat tracking (beat provider)");
        m.put("structure", "structure (structure provider)");
        m.put("publish", "publishing states, section events");
        m.put("write", "writing the outputs");
        return m;
    }

    /** One system's runs over the library. */
    private record Measured(String system, int threads, int tracks, double audioSeconds, double[] walls) {
        double medianWall() {
            double[] w = walls.clone();
            Arrays.sort(w);
            int mid = w.length / 2;
            return w.length % 2 == 1 ? w[mid] : (w[mid - 1] + w[mid]) / 2;
        }

        /** The cores the runs could keep busy: never more workers than tracks or cores. */
        int cores() {
            return Math.max(1, Math.min(threads, Math.min(tracks, Runtime.getRuntime().availableProcessors())));
        }

        double realTime() {
            return audioSeconds / medianWall();
        }

        double perCore() {
            return realTime() / cores();
        }
    }

    int run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        double[] loadStart = loadAverage();
        Path scratch = Files.createTempDirectory("fractalsync-bench-library");
        try {
            List<LibraryWorker.Track> tracks = LibraryListing.list(dirs, scratch);
            if (tracks.isEmpty()) {
                throw LibraryListing.noAudioFiles(dirs);
            }
            // every repeat analyzes every track again (--force), into a scratch OUTDIR removed at the end
            LibraryWorker.Job job = new LibraryWorker.Job(scratch.toAbsolutePath().toString(), true, false,
                    LibraryWorker.Engine.of(wiring.settings(), pluginDirs), false, true);
            long memberStarted = System.nanoTime();
            HazelcastInstance member = BatchJob.localMember();
            double memberSeconds = (System.nanoTime() - memberStarted) / 1e9;
            List<JsonNode> lines = new ArrayList<>();
            double[] walls = new double[repeat];
            double cpu = 0;
            Map<String, Double> durations = new LinkedHashMap<>();
            List<String> failed = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            List<Integer> parallel = threads == 1 ? List.of(1) : List.of(1, threads);
            double[][] aubioWalls = new double[parallel.size()][repeat];
            String aubioNote = null;
            boolean aubioRuns = aubio;
            if (aubio && !EvalBeatsCommand.onPath("aubio")) {
                aubioNote = "aubio: not on PATH (apt-get install aubio-tools); the aubio half is skipped";
                aubioRuns = false;
            }
            try {
                // the job and aubio take turns, so a change in the machine's load falls on both
                for (int r = 0; r < repeat; r++) {
                    ProgressBar bar = progress.countBar("bench fractalsync " + (r + 1) + "/" + repeat, tracks.size(),
                            "tracks");
                    AtomicInteger done = new AtomicInteger();
                    List<JsonNode> these = new ArrayList<>();
                    long cpuBefore = processCpuNanos();
                    long started = System.nanoTime();
                    try {
                        LibraryWorker.runJob(member, job, tracks, threads, line -> {
                            these.add(read(line));
                            if (bar != null) {
                                bar.update(done.incrementAndGet());
                            }
                        });
                    } finally {
                        if (bar != null) {
                            bar.close();
                        }
                    }
                    walls[r] = (System.nanoTime() - started) / 1e9;
                    cpu += (processCpuNanos() - cpuBefore) / 1e9;
                    lines.addAll(these);
                    if (r == 0) {
                        // the first run says which tracks analyze and how long each is; aubio runs on those
                        for (JsonNode n : these) {
                            if ("ok".equals(n.path("status").asText())) {
                                durations.put(n.path("path").asText(), n.path("duration_sec").asDouble());
                            } else {
                                failed.add(n.path("path").asText() + ": " + n.path("status").asText());
                            }
                        }
                        if (durations.isEmpty()) {
                            throw new IllegalArgumentException("no track of " + String.join(", ", dirs.stream()
                                    .map(Path::toString).toList()) + " could be analyzed; the first: " + failed.get(0));
                        }
                        for (LibraryWorker.Track t : tracks) { // longest first, as the job takes them
                            if (durations.containsKey(t.path())) {
                                files.add(Path.of(t.input()));
                            }
                        }
                    }
                    if (aubioRuns) {
                        try {
                            for (int i = 0; i < parallel.size(); i++) {
                                int n = parallel.get(i);
                                ProgressBar abar = progress.countBar("bench aubio x" + n + " " + (r + 1) + "/" + repeat,
                                        files.size(), "files");
                                try {
                                    aubioWalls[i][r] = runAubio(files, n, abar);
                                } finally {
                                    if (abar != null) {
                                        abar.close();
                                    }
                                }
                            }
                        } catch (IllegalStateException e) {
                            // a comparison over fewer files than the job's would mislead: none rather than that
                            aubioRuns = false;
                            aubioNote = "aubio: " + e.getMessage() + "; the aubio half is skipped";
                        }
                    }
                }
            } finally {
                member.shutdown();
            }
            double audio = durations.values().stream().mapToDouble(Double::doubleValue).sum();
            Measured ours = new Measured("fractalsync", threads, durations.size(), audio, walls);
            List<Measured> aubioMeasured = new ArrayList<>();
            for (int i = 0; aubioRuns && i < parallel.size(); i++) {
                aubioMeasured.add(new Measured("aubio", parallel.get(i), files.size(), audio, aubioWalls[i]));
            }
            double[] loadEnd = loadAverage();
            report(tracks.size(), failed, ours, aubioMeasured, aubioNote, lines, memberSeconds, cpu, cores, loadStart,
                    loadEnd);
            return 0;
        } finally {
            deleteTree(scratch);
        }
    }

    /** Wall seconds for {@code aubio beat} over {@code files}, one process per file, {@code n} at a time. */
    private static double runAubio(List<Path> files, int n, ProgressBar bar) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        AtomicInteger done = new AtomicInteger();
        try {
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> {
                    double[] beats = EvalBeatsCommand.runAubio(f);
                    if (beats == null) {
                        throw new IOException("aubio is no longer on PATH");
                    }
                    if (bar != null) {
                        bar.update(done.incrementAndGet());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(BatchJob.oneLine(e.getCause()), e.getCause());
                }
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(int listed, List<String> failed, Measured ours, List<Measured> aubioRuns, String aubioNote,
                        List<JsonNode> lines, double memberSeconds, double cpu, int cores, double[] loadStart,
                        double[] loadEnd) {
        out.printf(Locale.ROOT, "bench --library %s: %d tracks listed, %d analyzed, %s of audio; --threads %d, "
                        + "--repeat %d, %d cores%n", String.join(" ", dirs.stream().map(Path::toString).toList()),
                listed, ours.tracks(), ProgressBar.clock(ours.audioSeconds()), threads, repeat, cores);
        for (String f : failed) {
            out.println("failed, left out: " + f);
        }
        out.println("load average at start: " + formatLoad(loadStart));
        out.println();
        out.printf(Locale.ROOT, "%-12s %7s %5s %6s %8s %8s %11s %11s %15s%n", "system", "threads", "cores", "tracks",
                "audio_h", "wall_s", "x_realtime", "x_rt/core", "vs_aubio/core");
        Measured comparable = aubioRuns.stream().filter(m -> m.threads() == threads).findFirst().orElse(null);
        row(ours, comparable == null ? "-" : String.format(Locale.ROOT, "%.2f", ours.perCore() / comparable.perCore()));
        for (Measured m : aubioRuns) {
            row(m, "-");
        }
        out.println();
        out.printf(Locale.ROOT, "wall_s: median of %d; fractalsync: the Jet job from submit to its last track, with "
                        + "%d workers opening their providers (the embedded member's start-up, %.1f s, left out)%n",
                repeat, threads, memberSeconds);
        out.println("  each repeat: " + walls(ours.walls()) + (repeat == 1 ? " (one cold run: the JIT warms up "
                + "inside it; --repeat 3 for warm figures)" : ""));
        for (Measured m : aubioRuns) {
            out.printf(Locale.ROOT, "aubio, %d at a time: `aubio beat FILE`, one process per file, start-up included; "
                    + "each repeat: %s%n", m.threads(), walls(m.walls()));
        }
        out.println("x_rt/core: x_realtime / cores, the workers that could be busy (threads, at most tracks and cores)");
        if (cpu > 0) {
            // a worker's reader thread decodes ahead while its beat provider runs: one worker can use more than a core
            out.printf(Locale.ROOT, "fractalsync's CPU time in the job: %.2f s (this JVM: workers, their reader and "
                    + "provider threads, JIT, GC), %.1fx real time per CPU second%n", cpu, ours.audioSeconds() * repeat / cpu);
        }
        if (comparable != null) {
            out.printf(Locale.ROOT, "vs_aubio/core: fractalsync x_rt/core / aubio's with %d at a time%n", threads);
        }
        if (aubioNote != null) {
            out.println(aubioNote);
        }
        out.println();
        stageReport(lines, ours);
        out.println();
        out.println("load average at end:   " + formatLoad(loadEnd));
        if (loadStart != null && loadStart[0] > cores - threads) {
            out.printf(Locale.ROOT, "the machine was busy: 1-minute load average %.2f at start > %d cores - %d threads; "
                    + "these figures are only meaningful on an idle machine%n", loadStart[0], cores, threads);
        }
    }

    private void row(Measured m, String vsAubio) {
        out.printf(Locale.ROOT, "%-12s %7d %5d %6d %8.4f %8.2f %11.1f %11.1f %15s%n", m.system(), m.threads(), m.cores(),
                m.tracks(), m.audioSeconds() / 3600, m.medianWall(), m.realTime(), m.perCore(), vsAubio);
    }

    /**
     * Where the job's time went: each stage's busy seconds summed over every track of every repeat, its share of all
     * stages, and its own speed in x real time (audio over its busy time); then the tracks' time against the workers'.
     */
    private void stageReport(List<JsonNode> lines, Measured ours) {
        Map<String, Double> busy = new LinkedHashMap<>();
        STAGES.keySet().forEach(k -> busy.put(k, 0.0));
        double trackSeconds = 0;
        for (JsonNode n : lines) {
            if (!"ok".equals(n.path("status").asText())) {
                continue;
            }
            trackSeconds += n.path("seconds").asDouble();
            JsonNode s = n.path("stage_seconds");
            for (String k : STAGES.keySet()) {
                busy.merge(k, s.path(k).asDouble(), Double::sum);
            }
        }
        double sum = busy.values().stream().mapToDouble(Double::doubleValue).sum();
        double audio = ours.audioSeconds() * repeat;
        out.printf(Locale.ROOT, "where fractalsync's time went (busy seconds over every analyzed track of the %d "
                + "repeat(s); a worker runs them in turn, so they add up to about the tracks' time):%n",
                repeat);
        out.printf(Locale.ROOT, "%-40s %9s %7s %11s%n", "stage", "busy_s", "share", "x_realtime");
        for (Map.Entry<String, String> e : STAGES.entrySet()) {
            double b = busy.get(e.getKey());
            out.printf(Locale.ROOT, "%-40s %9.3f %6.1f%% %11s%n", e.getValue(), b, sum > 0 ? 100 * b / sum : 0,
                    b > 0 ? String.format(Locale.ROOT, "%.1f", audio / b) : "-");
        }
        out.printf(Locale.ROOT, "%-40s %9.3f %6.1f%% %11s%n", "all stages", sum, sum > 0 ? 100.0 : 0,
                sum > 0 ? String.format(Locale.ROOT, "%.1f", audio / sum) : "-");
        double workerSeconds = Arrays.stream(ours.walls()).sum() * ours.cores();
        // a worker opens its providers on its first track: that is in the tracks' time, not in a stage
        out.printf(Locale.ROOT, "tracks' wall time %.3f s (with each worker opening its providers on its first track) "
                        + "of the workers' %.3f s (wall x %d): the rest, %.3f s, is the job starting and workers "
                        + "waiting for the last track%n", trackSeconds, workerSeconds, ours.cores(),
                Math.max(0, workerSeconds - trackSeconds));
    }

    private static String walls(double[] walls) {
        StringBuilder sb = new StringBuilder();
        for (double w : walls) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", w));
        }
        return sb.append(" s").toString();
    }

    /** CPU time of this JVM so far, or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg; elsewhere the 1-minute one; null if unknown. */
    static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return one < 0 ? null : new double[]{one};
        }
    }

    static String formatLoad(double[] load) {
        if (load == null) {
            return "unknown on this system";
        }
        StringBuilder sb = new StringBuilder();
        for (double l : load) {
            sb.append(sb.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", l));
        }
        return sb.append(load.length == 3 ? " (1, 5, 15 min)" : " (1 min)").toString();
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("a worker sent a malformed library line: " + line, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
