package dev.fractalsync.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dataset} as a Jet batch job: on one or two workers, and shared with a {@code library-member} started by the
 * tools launcher in another JVM, it writes the same track files and index; a song that cannot be built fails the
 * command with one line that names it.
 */
class DatasetJobTest {
    private static final int SONGS = 4;

    @TempDir
    static Path shared;
    static Path audio;
    static Path labels;
    static Path reference;

    @BeforeAll
    static void oneWorker() throws Exception {
        audio = Files.createDirectories(shared.resolve("audio"));
        labels = Files.createDirectories(shared.resolve("labels"));
        for (int seed = 60; seed < 60 + SONGS; seed++) {
            assertEquals(0, CliRun.of("demo", "--out", audio.toString(), "--seed", String.valueOf(seed)).code());
            Files.move(audio.resolve("song-" + seed + ".truth.json"), labels.resolve("song-" + seed + ".json"));
        }
        reference = shared.resolve("reference");
        CliRun run = CliRun.tools("dataset", "--audio", audio.toString(), "--labels", labels.toString(), "--out",
                reference.toString(), "--threads", "1", "-q");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void twoWorkersWriteWhatOneWrote(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("two");
        CliRun run = CliRun.tools("dataset", "--audio", audio.toString(), "--labels", labels.toString(), "--out",
                out.toString(), "--threads", "2", "-q");
        assertEquals(0, run.code(), run.err());
        assertEquals(contents(reference), contents(out));
        assertEquals(SONGS + 1, contents(out).size(), contents(out).keySet().toString());
    }

    @Test
    void aSongThatCannotBeBuiltFailsTheCommandWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        Path badLabels = Files.createDirectories(dir.resolve("labels"));
        try (Stream<Path> files = Files.list(labels)) {
            for (Path f : files.toList()) {
                Files.copy(f, badLabels.resolve(f.getFileName()));
            }
        }
        Files.writeString(badLabels.resolve("song-61.json"), "{ not json");
        CliRun run = CliRun.tools("dataset", "--audio", audio.toString(), "--labels", badLabels.toString(), "--out",
                dir.resolve("out").toString(), "--threads", "2", "-q");
        assertEquals(1, run.code(), run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("fractalsync: 1 of " + SONGS + " songs failed, first song-61: "), err);
    }

    @Test
    void aLibraryMemberStartedByTheToolsLauncherSharesTheSongs(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int[] ports = freePorts(2);
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String cluster = "dataset-test-" + ProcessHandle.current().pid();
        Path log = dir.resolve("member.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                ToolsMain.class.getName(), "library-member", "--cluster-name", cluster, "--port", String.valueOf(ports[0]),
                "--members", members, "--secret-file", secret.toString()));
        Process member = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!read(log).contains("ready") && member.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(read(log).contains("ready"), "the member did not start: " + read(log));
            Path out = dir.resolve("cluster");
            CliRun run = CliRun.tools("dataset", "--audio", audio.toString(), "--labels", labels.toString(), "--out",
                    out.toString(), "--threads", "1", "-q", "--cluster", "--cluster-name", cluster,
                    "--port", String.valueOf(ports[1]), "--members", members, "--secret-file", secret.toString());
            assertEquals(0, run.code(), run.err());
            // each member's address with its count; a member whose port was taken meanwhile binds the next one
            // (Hazelcast's port auto-increment), so the addresses are counted, not matched to the ports asked for
            java.util.regex.Matcher built = java.util.regex.Pattern.compile("songs built per member: \\{([^}]*)}")
                    .matcher(run.err());
            assertTrue(built.find(), "the command reports the songs built per member: " + run.err());
            List<String> counts = List.of(built.group(1).split(", "));
            assertEquals(2, counts.size(), "both members built songs: " + run.err());
            for (String c : counts) {
                assertTrue(c.matches("127\\.0\\.0\\.1:\\d+=[1-9]\\d*"), "both members built songs: " + run.err());
            }
            assertEquals(contents(reference), contents(out));
        } finally {
            member.destroyForcibly();
            member.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Every file of a dataset directory by name: the bytes of the tracks, the index without its command line. */
    static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                String name = f.getFileName().toString();
                if (name.equals("index.json")) {
                    ObjectNode index = (ObjectNode) new ObjectMapper().readTree(f.toFile());
                    index.remove("command");
                    files.put(name, index.toString());
                } else {
                    files.put(name, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(f))));
                }
            }
        }
        return files;
    }

    private static String read(Path log) throws Exception {
        return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    private static int[] freePorts(int n) throws Exception {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
        return ports;
    }
}
