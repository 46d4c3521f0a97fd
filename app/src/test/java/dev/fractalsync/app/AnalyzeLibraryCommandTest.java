package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze-library} over a library of 40 generated songs (about 12 s each) in nested folders, an MP3 and a FLAC
 * among them when ffmpeg is installed, plus three corrupt files (a WAV with zero channels, a text file named .wav, an
 * AIFF of random bytes) and files it must not pick up: per-track outputs equal {@code analyze}'s, one failed line per
 * bad file, resume, --force, --strict, and a run killed with SIGKILL then resumed equals an uninterrupted run.
 */
class AnalyzeLibraryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tracks that analyze; an MP3 (through ffmpeg) joins them when ffmpeg is installed. */
    private static final int TRACKS = 40;
    /** The first tracks, whose names the tests use; the others are generated into nested folders. */
    private static final List<String> GOOD = new ArrayList<>(List.of("rock/a.wav", "rock/live/b.wav", "rock/live/c.aiff",
            "jazz/d.wav", "jazz/old/e.wav", "f.wav"));
    private static final List<String> BAD = List.of("rock/corrupt.wav", "jazz/notes.wav", "pop/2020/broken.aiff");
    private static final List<String> FOLDERS = List.of("rock", "rock/live", "jazz", "jazz/old", "pop", "pop/2020",
            "pop/2020/remixes", "");

    @TempDir
    static Path shared;
    static Path library;
    /** The outputs of one uninterrupted run with --threads 2 --states. */
    static Path reference;
    static CliRun first;
    static double firstSeconds;

    @BeforeAll
    static void analyzeTheLibraryOnce() throws Exception {
        library = shared.resolve("library");
        boolean ffmpeg = ffmpegInstalled();
        int generated = ffmpeg ? TRACKS - 2 : TRACKS;
        for (int i = GOOD.size(); i < generated; i++) {
            String folder = FOLDERS.get(i % FOLDERS.size());
            GOOD.add((folder.isEmpty() ? "" : folder + "/") + "t" + i + (i % 5 == 0 ? ".aiff" : ".wav"));
        }
        for (int i = 0; i < GOOD.size(); i++) {
            writeSong(library.resolve(GOOD.get(i)), i);
        }
        if (ffmpeg) {
            encode("f.wav", "jazz/old/g.mp3");
            encode("rock/a.wav", "pop/h.flac");
        }
        assertEquals(TRACKS, GOOD.size());
        try (InputStream corrupt = AnalyzeLibraryCommandTest.class.getResourceAsStream("/fuzz/audio/wav-channels-0.wav")) {
            Files.copy(corrupt, library.resolve(BAD.get(0)));
        }
        Files.writeString(library.resolve(BAD.get(1)), "set list: intro, verse, chorus\n");
        byte[] noise = new byte[40_000];
        new java.util.Random(7).nextBytes(noise);
        Files.write(library.resolve(BAD.get(2)), noise);
        // not tracks: a macOS companion file, a hidden folder, a picture
        Files.writeString(library.resolve("rock/._a.wav"), "AppleDouble");
        Files.createDirectories(library.resolve(".trash"));
        Files.copy(library.resolve("f.wav"), library.resolve(".trash/old.wav"));
        Files.writeString(library.resolve("jazz/cover.jpg"), "jpeg");

        reference = shared.resolve("reference");
        long started = System.nanoTime();
        first = CliRun.of("analyze-library", library.toString(), "--out", reference.toString(), "--threads", "2",
                "--states", "--quiet");
        firstSeconds = (System.nanoTime() - started) / 1e9;
    }

    @Test
    void everyGoodTrackGetsAnalyzesOutputsAndEveryBadFileOneFailedLine() throws Exception {
        assertEquals(0, first.code(), first.err());
        Map<String, JsonNode> lines = lines(reference);
        assertEquals(GOOD.size() + BAD.size(), lines.size(), lines.keySet().toString());
        for (String bad : BAD) {
            String status = lines.get(bad).get("status").asText();
            assertTrue(status.startsWith("failed: ") && !status.contains("\n"), status);
        }
        for (String good : GOOD) {
            assertEquals("ok", lines.get(good).get("status").asText(), good);
            Path base = reference.resolve(LibraryListing.withoutExtension(good));
            Path input = library.resolve(good);
            Path mine = shared.resolve("analyze-" + good.replace('/', '-'));
            CliRun analyze = CliRun.of("analyze", input.toString(), "--quiet", "--beats", mine + ".beats",
                    "--downbeats", mine + ".downbeats", "--sections", mine + ".lab", "--summary", mine + ".json");
            assertEquals(0, analyze.code(), analyze.err());
            assertArrayEquals(Files.readAllBytes(Path.of(mine + ".beats")), Files.readAllBytes(sibling(base, ".beats.txt")), good);
            assertArrayEquals(Files.readAllBytes(Path.of(mine + ".downbeats")), Files.readAllBytes(sibling(base, ".downbeats.txt")), good);
            assertArrayEquals(Files.readAllBytes(Path.of(mine + ".lab")), Files.readAllBytes(sibling(base, ".sections.lab")), good);
            // the same summary but for the file's name (analyze writes the argument, the library its path in it)
            ObjectNode expected = (ObjectNode) JSON.readTree(Path.of(mine + ".json").toFile());
            ObjectNode actual = (ObjectNode) JSON.readTree(sibling(base, ".summary.json").toFile());
            assertEquals(input.toString(), expected.remove("file").asText());
            assertEquals(good, actual.remove("file").asText());
            assertEquals(expected, actual, good);
            assertEquals(EngineFingerprint.fileHash(input), actual.get("input_sha256").asText());
            assertTrue(Files.size(sibling(base, ".states.jsonl.gz")) > 1000, good);
            int beats = Files.readAllLines(sibling(base, ".beats.txt")).size();
            assertTrue(beats >= 8, good + " has its beats: " + beats);
        }
        List<String> csv = Files.readAllLines(reference.resolve("library.csv"));
        assertEquals(String.join(",", AnalyzeLibraryCommand.CSV_COLUMNS), csv.get(0));
        assertEquals(1 + GOOD.size() + BAD.size(), csv.size());
        assertEquals(List.of(), leftovers(reference), "no temporary files");
    }

    @Test
    void rerunSkipsEverythingAndStrictFailsOnTheBadFilesThenForceRedoesAll(@TempDir Path dir) throws Exception {
        assertEquals(0, first.code(), first.err());
        Path out = dir.resolve("out");
        copyTree(reference, out);
        Map<String, FileTime> before = modified(out);

        long started = System.nanoTime();
        CliRun rerun = CliRun.of("analyze-library", library.toString(), "--out", out.toString(), "--threads", "2",
                "--states", "--quiet", "--strict");
        double rerunSeconds = (System.nanoTime() - started) / 1e9;
        assertEquals(1, rerun.code(), rerun.err());
        assertTrue(rerun.err().strip().endsWith("fractalsync: " + BAD.size() + " of " + (GOOD.size() + BAD.size()) + " tracks failed (--strict); see "
                + out.resolve("library.jsonl")), rerun.err());
        Map<String, JsonNode> lines = lines(out);
        for (String good : GOOD) {
            assertEquals("skipped", lines.get(good).get("status").asText(), good);
            assertEquals(lines(reference).get(good).get("duration_sec"), lines.get(good).get("duration_sec"));
        }
        for (String bad : BAD) {
            assertTrue(lines.get(bad).get("status").asText().startsWith("failed: "));
        }
        Map<String, FileTime> after = modified(out);
        after.keySet().removeIf(k -> k.startsWith("library."));
        before.keySet().removeIf(k -> k.startsWith("library."));
        assertEquals(before, after, "a skipped track's files are not touched");
        // how long is reported, not asserted: timing targets are checked by benchmarks (the skipping is asserted above)
        System.err.printf("analyze-library: first run %.1f s, rerun %.1f s (%.0f %%)%n", firstSeconds, rerunSeconds,
                100 * rerunSeconds / firstSeconds);

        // a changed file is analyzed again: its content hash no longer matches its summary
        Path changed = dir.resolve("lib2");
        copyTree(library, changed);
        Files.copy(library.resolve("f.wav"), changed.resolve("jazz/d.wav"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun partly = CliRun.of("analyze-library", changed.toString(), "--out", out.toString(), "--threads", "1",
                "--states", "--quiet");
        assertEquals(0, partly.code(), partly.err());
        Map<String, JsonNode> partlyLines = lines(out);
        assertEquals("ok", partlyLines.get("jazz/d.wav").get("status").asText());
        assertEquals("skipped", partlyLines.get("rock/a.wav").get("status").asText());
        assertArrayEquals(Files.readAllBytes(reference.resolve("f.beats.txt")), Files.readAllBytes(out.resolve("jazz/d.beats.txt")));

        CliRun forced = CliRun.of("analyze-library", library.toString(), "--out", out.toString(), "--threads", "1",
                "--states", "--quiet", "--force");
        assertEquals(0, forced.code(), forced.err());
        for (String good : GOOD) {
            assertEquals("ok", lines(out).get(good).get("status").asText(), good);
        }
        assertEquals(contents(reference), contents(out), "--force on one thread writes what the first run wrote on two");
    }

    /**
     * The submitting side finds the tracks that are up to date before any job starts (a rerun with nothing left starts
     * no member): every good track of the reference run is skipped there, a killed run's leftover beside one is
     * removed, and only the bad files go to the job; with --force, or once a track's outputs are incomplete, they go
     * to the job too.
     */
    @Test
    void upToDateTracksAreFoundBeforeTheJobAndOnlyTheOthersGoToIt(@TempDir Path dir) throws Exception {
        assertEquals(0, first.code(), first.err());
        Path out = dir.resolve("out");
        copyTree(reference, out);
        Path leftover = out.resolve("rock/.a.beats.txt" + "k3j2x9" + ".part");
        Files.writeString(leftover, "half");
        Files.delete(out.resolve("jazz/d.sections.lab"));
        List<LibraryWorker.Track> tracks = LibraryListing.list(List.of(library), out);
        LibraryWorker.Engine engine = LibraryWorker.Engine.of(dev.fractalsync.engine.EngineSettings.defaults(), List.of());

        UpToDateTracks checked = UpToDateTracks.of(new LibraryWorker.Job(out.toString(), false, true, engine, false, false),
                tracks, 2);
        List<String> todo = checked.todo().stream().map(LibraryWorker.Track::path).sorted().toList();
        List<String> expected = new ArrayList<>(BAD);
        expected.add("jazz/d.wav");
        assertEquals(expected.stream().sorted().toList(), todo);
        assertEquals(GOOD.size() - 1, checked.skipped().size());
        for (String line : checked.skipped()) {
            JsonNode n = JSON.readTree(line);
            assertEquals("skipped", n.get("status").asText(), line);
            assertEquals(lines(reference).get(n.get("path").asText()).get("input_sha256"), n.get("input_sha256"), line);
        }
        assertFalse(Files.exists(leftover), "a killed run's leftover beside a skipped track is removed");

        UpToDateTracks forced = UpToDateTracks.of(new LibraryWorker.Job(out.toString(), true, true, engine, false, false),
                tracks, 2);
        assertEquals(List.of(), forced.skipped());
        assertEquals(tracks, forced.todo());
    }

    /**
     * A run in a child JVM killed with SIGKILL once some tracks are done, then a rerun: the outputs are byte for byte
     * those of an uninterrupted run (no track half-written, none missing, no temporary file left).
     */
    @Test
    void killedRunThenRerunEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        assertEquals(0, first.code(), first.err());
        Path out = dir.resolve("out");
        Path log = dir.resolve("child.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "analyze-library", library.toString(), "--out", out.toString(), "--threads", "1",
                "--states", "--quiet"));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            ClusterNodes.await("two tracks done in the child (log: " + ClusterNodes.read(log) + ")", 120,
                    () -> summaries(out) >= 2 || !child.isAlive());
            assertTrue(child.isAlive(), "the child ended before it could be killed: " + ClusterNodes.read(log));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no deleteOnExit
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        int done = summaries(out);
        assertTrue(done < GOOD.size(), "killed mid-job: " + done + " of " + GOOD.size() + " tracks were done");
        assertFalse(Files.exists(out.resolve("library.jsonl")), "library.jsonl is written at the end");

        CliRun rerun = CliRun.of("analyze-library", library.toString(), "--out", out.toString(), "--threads", "2",
                "--states", "--quiet");
        assertEquals(0, rerun.code(), rerun.err());
        Map<String, JsonNode> lines = lines(out);
        long skipped = GOOD.stream().filter(g -> lines.get(g).get("status").asText().equals("skipped")).count();
        assertTrue(skipped >= 2 && skipped == done, "the tracks done before the kill are skipped: " + skipped);
        Map<String, String> expected = contents(reference);
        Map<String, String> actual = contents(out);
        assertEquals(expected.keySet(), actual.keySet());
        assertEquals(expected, actual);
        assertEquals(List.of(), leftovers(out), "no temporary files");
    }

    @Test
    void mistakesAreOneLine(@TempDir Path dir) {
        CliRun.of("analyze-library", dir.toString(), "--out", dir.resolve("o").toString(), "--resume", "--force")
                .assertUsageError("fractalsync analyze-library",
                        "--resume and --force contradict each other: give one (resuming is the default)");
        CliRun.of("analyze-library", dir.toString(), "--out", dir.resolve("o").toString(), "--threads", "0")
                .assertUsageError("fractalsync analyze-library", "--threads must be between 1 and 1024, got 0");
        CliRun.of("analyze-library", dir.toString(), "--out", dir.resolve("o").toString(), "--members", "10.0.0.2")
                .assertUsageError("fractalsync analyze-library",
                        "--members goes with --cluster: give --cluster to run on several machines");
        CliRun.of("analyze-library", dir.resolve("nope").toString(), "--out", dir.resolve("o").toString())
                .assertUsageError("fractalsync analyze-library", dir.resolve("nope") + ": no such directory");
        CliRun.of("analyze-library", dir.toString(), "--out", dir.resolve("o").toString())
                .assertFailure("no audio files (aif, aifc, aiff, au, flac, m4a, mp3, ogg, wav, wave) under " + dir);
    }

    /** Song {@code i} of a test library, about 12 s (intro, verse, chorus of 2 bars each), as WAV or (.aiff) AIFF. */
    static void writeSong(Path file, int i) throws IOException {
        SongSpec spec = new SongSpec(100 + i, 96 + 9 * (i % 8), 4, 40 + i % 12, -6, 0.4, List.of(
                new SongSpec.Part(SectionLabel.INTRO, 2), new SongSpec.Part(SectionLabel.VERSE, 2),
                new SongSpec.Part(SectionLabel.CHORUS, 2)), new SongSpec.Timbre(i % 3, 2, 0.5, i % 3), 0.3);
        DemoSong song = DemoSong.render(spec);
        if (file.toString().endsWith(".aiff")) {
            writeAiff(file, song.samples());
        } else {
            AudioFiles.writeWav16(file, song.samples(), DemoSong.SAMPLE_RATE);
        }
    }

    /** {@code from} encoded by ffmpeg (its first 8 s) as {@code to}, by the extension, and added to the tracks. */
    private static void encode(String from, String to) throws Exception {
        Process encode = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-i", library.resolve(from).toString(),
                "-t", "8", library.resolve(to).toString()).redirectErrorStream(true).start();
        String log = new String(encode.getInputStream().readAllBytes());
        assertEquals(0, encode.waitFor(), log);
        GOOD.add(to);
    }

    private static boolean ffmpegInstalled() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path sibling(Path base, String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }

    private static Map<String, JsonNode> lines(Path out) throws IOException {
        Map<String, JsonNode> m = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("library.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            m.put(n.get("path").asText(), n);
        }
        return m;
    }

    static int summaries(Path out) {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(out)) {
            return (int) walk.filter(p -> p.getFileName().toString().endsWith(".summary.json")).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // a file renamed while walking: ask again
        }
    }

    /** Every per-track output (relative path to its SHA-256), without library.jsonl and library.csv. */
    static Map<String, String> contents(Path out) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = out.relativize(p).toString();
                if (!name.startsWith("library.")) {
                    m.put(name, EngineFingerprint.fileHash(p));
                }
            }
        }
        return m;
    }

    private static Map<String, FileTime> modified(Path out) throws IOException {
        Map<String, FileTime> m = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                m.put(out.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return m;
    }

    static List<String> leftovers(Path out) throws IOException {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void writeAiff(Path file, float[] samples) throws IOException {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int s = Math.round(Math.max(-1f, Math.min(1f, samples[i])) * 32767f);
            pcm[2 * i] = (byte) (s >> 8);
            pcm[2 * i + 1] = (byte) s;
        }
        javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(DemoSong.SAMPLE_RATE, 16, 1, true, true);
        Files.createDirectories(file.getParent());
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm), fmt, samples.length)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.AIFF, file.toFile());
        }
    }
}
