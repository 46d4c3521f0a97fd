package dev.fractalsync.app;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench --library} on three generated songs of about 12 s: the table's shape, its numbers positive and
 * consistent with each other (never the speed itself), the stage breakdown, the load averages, the aubio rows when
 * aubio is installed and the one-line message when it is not (a child JVM whose PATH has no aubio), and the usage
 * errors.
 */
class BenchLibraryTest {
    private static final String TABLE_HEADER = "system threads cores tracks audio_h wall_s x_realtime x_rt/core vs_aubio/core";
    private static final String NO_AUBIO = "aubio: not on PATH (apt-get install aubio-tools); the aubio half is skipped";

    @TempDir
    static Path shared;
    static Path library;
    /** The three songs' audio, in seconds. */
    static double audioSeconds;

    @BeforeAll
    static void writeLibrary() throws Exception {
        library = shared.resolve("library");
        List<String> names = List.of("a.wav", "crate/b.wav", "crate/deeper/c.wav");
        for (int i = 0; i < names.size(); i++) {
            Path f = library.resolve(names.get(i));
            AnalyzeLibraryCommandTest.writeSong(f, i);
            AudioFileFormat format = AudioSystem.getAudioFileFormat(f.toFile());
            audioSeconds += format.getFrameLength() / (double) format.getFormat().getFrameRate();
        }
    }

    @Test
    void tableHasEveryRowWithPositiveConsistentNumbersAndTheStagesAddUp() {
        CliRun run = CliRun.of("bench", "--library", library.toString(), "--threads", "2", "--repeat", "2", "--quiet");
        assertEquals(0, run.code(), run.err() + run.out());
        // (Hazelcast warns once per test JVM on the class path, where the launcher's --add-opens are missing)
        assertTrue(run.err().lines().noneMatch(l -> l.startsWith("fractalsync") || l.contains("tracks")), run.err());
        List<String> lines = run.out().lines().toList();
        String out = run.out();
        assertTrue(lines.get(0).startsWith("bench --library " + library + ": 3 tracks listed, 3 analyzed, "), out);
        double[] loadStart = load(lines, "load average at start:");
        double[] loadEnd = load(lines, "load average at end:");
        assertTrue(loadStart.length > 0 && loadEnd.length > 0, out);

        int at = indexOfSquashed(lines, TABLE_HEADER);
        assertTrue(at > 0, "table header in\n" + out);
        List<String[]> rows = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(lines.get(i).trim().split("\\s+"));
        }
        int cores = Math.min(2, Math.min(3, Runtime.getRuntime().availableProcessors()));
        boolean aubio = EvalBeatsCommand.onPath("aubio");
        assertEquals(aubio ? 3 : 1, rows.size(), out);
        for (String[] row : rows) {
            assertEquals(9, row.length, String.join(" ", row));
            assertEquals("3", row[3], "tracks");
            double hours = Double.parseDouble(row[4]);
            double wall = Double.parseDouble(row[5]);
            double realTime = Double.parseDouble(row[6]);
            double perCore = Double.parseDouble(row[7]);
            assertEquals(audioSeconds / 3600, hours, 0.00006, "audio hours, every row the same files");
            assertTrue(wall > 0 && realTime > 0 && perCore > 0, String.join(" ", row));
            assertEquals(audioSeconds / wall, realTime, 0.02 * realTime + 0.06, "x real time = audio / wall");
            assertEquals(realTime / Integer.parseInt(row[2]), perCore, 0.02 * perCore + 0.06, "per core = x real time / cores");
        }
        String[] ours = rows.get(0);
        assertEquals(List.of("fractalsync", "2", String.valueOf(cores)), Arrays.asList(ours).subList(0, 3));
        if (aubio) {
            assertEquals(List.of("aubio", "1", "1"), Arrays.asList(rows.get(1)).subList(0, 3));
            assertEquals(List.of("aubio", "2", String.valueOf(cores)), Arrays.asList(rows.get(2)).subList(0, 3));
            double ratio = Double.parseDouble(ours[8]);
            double expected = Double.parseDouble(ours[7]) / Double.parseDouble(rows.get(2)[7]);
            assertTrue(ratio > 0, out);
            assertEquals(expected, ratio, 0.03 * expected + 0.006, "vs aubio per core = ours / aubio's at 2 at a time");
            assertEquals("-", rows.get(1)[8]);
            assertFalse(out.contains(NO_AUBIO), out);
        } else {
            assertEquals("-", ours[8]);
            assertTrue(lines.contains(NO_AUBIO), out);
        }

        // wall_s is the median of the two repeats listed below the table: their mean
        String repeats = lines.stream().filter(l -> l.startsWith("  each repeat: ")).findFirst().orElseThrow();
        String[] walls = repeats.substring("  each repeat: ".length(), repeats.indexOf(" s")).split(" ");
        assertEquals(2, walls.length, repeats);
        assertEquals((Double.parseDouble(walls[0]) + Double.parseDouble(walls[1])) / 2, Double.parseDouble(ours[5]), 0.011);

        String cpu = lines.stream().filter(l -> l.startsWith("fractalsync's CPU time in the job: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no CPU line in\n" + out));
        assertTrue(Double.parseDouble(cpu.split(" ")[6]) > 0, cpu);

        int stages = indexOfSquashed(lines, "stage busy_s share x_realtime");
        assertTrue(stages > 0, out);
        double shares = 0;
        double busy = 0;
        for (int i = 0; i < LibraryBench.STAGES.size(); i++) {
            String line = lines.get(stages + 1 + i);
            String name = LibraryBench.STAGES.values().stream().toList().get(i);
            assertTrue(line.startsWith(name), line);
            String[] f = line.substring(name.length()).trim().split("\\s+");
            double b = Double.parseDouble(f[0]);
            assertTrue(b > 0, line + ": every stage takes some time");
            busy += b;
            shares += Double.parseDouble(f[1].replace("%", ""));
        }
        assertEquals(100, shares, 0.5, "shares add up to 100 %");
        String all = lines.get(stages + 1 + LibraryBench.STAGES.size());
        assertTrue(all.startsWith("all stages"), all);
        assertEquals(busy, Double.parseDouble(all.substring("all stages".length()).trim().split("\\s+")[0]), 0.01);

        boolean busyMachine = loadStart[0] > Runtime.getRuntime().availableProcessors() - 2;
        assertEquals(busyMachine, out.contains("the machine was busy: 1-minute load average"), out);
    }

    @Test
    void withoutAubioOnPathOneLineNamesThePackageAndTheFractalSyncHalfStillRuns(@TempDir Path dir) throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("bin"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "bench", "--library", library.toString(), "--threads", "1", "--quiet");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
        pb.environment().put("PATH", emptyPath.toString());
        Process child = pb.start();
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "bench finished");
        String out = Files.readString(dir.resolve("log"));
        assertEquals(0, child.exitValue(), out);
        assertEquals(1, out.lines().filter(NO_AUBIO::equals).count(), out);
        assertEquals(0, out.lines().filter(l -> l.startsWith("aubio") && !l.equals(NO_AUBIO)).count(),
                "no other aubio line or row:\n" + out);
        List<String> lines = out.lines().toList();
        int at = indexOfSquashed(lines, TABLE_HEADER);
        assertTrue(at > 0, out);
        String[] ours = lines.get(at + 1).trim().split("\\s+");
        assertEquals(List.of("fractalsync", "1", "1", "3"), Arrays.asList(ours).subList(0, 4));
        assertTrue(Double.parseDouble(ours[6]) > 0, out);
        assertEquals("-", ours[8]);
        assertTrue(lines.get(at + 2).isBlank(), "one row only:\n" + out);
    }

    @Test
    void noAubioLeavesItOutWithoutTheMessage() {
        CliRun run = CliRun.of("bench", "--library", library.resolve("crate/deeper").toString(), "--threads", "1",
                "--no-aubio", "--quiet");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("aubio")), run.out());
        assertFalse(run.out().contains(NO_AUBIO), run.out());
        assertTrue(run.out().contains("1 tracks listed, 1 analyzed"), run.out());
    }

    @Test
    void badOptionsAndLibrariesEndInOneLine(@TempDir Path dir) throws Exception {
        String lib = library.toString();
        CliRun.of("bench", "--library", lib, "--truth", "t.json").assertUsageError("fractalsync bench",
                "--truth goes with FILE, not --library (use --repeat K there)");
        CliRun.of("bench", "--library", lib, "--runs", "2").assertUsageError("fractalsync bench",
                "--runs goes with FILE, not --library (use --repeat K there)");
        CliRun.of("bench", "demo", "--library", lib).assertUsageError("fractalsync bench",
                "give FILE or --library DIR, not both");
        CliRun.of("bench", "--threads", "2").assertUsageError("fractalsync bench", "--threads goes with --library");
        CliRun.of("bench", "--repeat", "2").assertUsageError("fractalsync bench", "--repeat goes with --library");
        CliRun.of("bench", "--library", lib, "--threads", "0").assertUsageError("fractalsync bench",
                "--threads must be between 1 and 1024, got 0");
        CliRun.of("bench", "--library", lib, "--repeat", "0").assertUsageError("fractalsync bench",
                "--repeat must be between 1 and 100, got 0");
        Path missing = dir.resolve("missing");
        CliRun.of("bench", "--library", missing.toString()).assertUsageError("fractalsync bench",
                missing + ": no such directory");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun.of("bench", "--library", empty.toString()).assertFailure("no audio files (aif, aifc, aiff, au, flac, m4a, mp3, "
                + "ogg, wav, wave) under " + empty);
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("notes.wav"), "set list\n");
        CliRun all = CliRun.of("bench", "--library", bad.toString(), "--threads", "1", "--quiet");
        List<String> err = all.err().strip().lines().toList();
        String line = err.get(err.size() - 1);
        assertEquals(1, all.code(), all.err());
        assertTrue(line.startsWith("fractalsync: no track of " + bad + " could be analyzed; the first: notes.wav: failed: ")
                && !line.contains("\n"), line);
    }

    /** The index of the line whose words are {@code words} (columns padded with any spaces), or -1. */
    private static int indexOfSquashed(List<String> lines, String words) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().replaceAll("\\s+", " ").equals(words)) {
                return i;
            }
        }
        return -1;
    }

    /** The load averages after {@code prefix}. */
    private static double[] load(List<String> lines, String prefix) {
        String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        assertNotNull(line, prefix);
        String rest = line.substring(prefix.length()).trim();
        if (rest.startsWith("unknown")) {
            return new double[0];
        }
        return Arrays.stream(rest.substring(0, rest.indexOf(" (")).split(" ")).mapToDouble(Double::parseDouble).toArray();
    }
}
