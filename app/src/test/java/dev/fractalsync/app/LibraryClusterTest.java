package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze-library --cluster} with a {@code library-member} in a child JVM: both members take tracks and the
 * outputs equal a local run's; then the child is killed with SIGKILL mid-job and the job still completes, every track
 * once, outputs equal, nothing half-written. A member with another secret is refused.
 */
class LibraryClusterTest {
    private static final int TRACKS = 8;

    @Test
    void twoMembersShareTheLibraryAndALostMemberDoesNotStopIt(@TempDir Path dir) throws Exception {
        Path library = dir.resolve("library");
        for (int i = 0; i < TRACKS; i++) {
            AnalyzeLibraryCommandTest.writeSong(library.resolve((i % 2 == 0 ? "a/" : "b/c/") + "t" + i + ".wav"), i);
        }
        Path reference = dir.resolve("reference");
        CliRun local = CliRun.of("analyze-library", library.toString(), "--out", reference.toString(), "--threads", "1",
                "--quiet");
        assertEquals(0, local.code(), local.err());

        Path secret = dir.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        int[] ports = ClusteredBusTest.freePorts(2);
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String cluster = "library-test-" + ProcessHandle.current().pid();
        Path log = dir.resolve("member.log");
        Process member = startMember(cluster, ports[0], members, secret, log);
        try {
            ClusterNodes.await("the library member (log: " + ClusterNodes.read(log) + ")", 60,
                    () -> ClusterNodes.read(log).contains("ready"));

            Path out = dir.resolve("out");
            CliRun shared = CliRun.of(clusterRun(library, out, cluster, ports[1], members, secret));
            assertEquals(0, shared.code(), shared.err());
            Set<String> workers = new HashSet<>();
            for (JsonNode n : lines(out)) {
                assertEquals("ok", n.get("status").asText(), n.toString());
                workers.add(n.get("member").asText());
            }
            assertEquals(Set.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]), workers, "both members took tracks");
            assertEquals(AnalyzeLibraryCommandTest.contents(reference), AnalyzeLibraryCommandTest.contents(out));

            // the same library into a new directory; the member is killed once two tracks are done
            Path out2 = dir.resolve("out2");
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(
                    () -> CliRun.of(clusterRun(library, out2, cluster, ports[1], members, secret)));
            ClusterNodes.await("two tracks done", 120, () -> AnalyzeLibraryCommandTest.summaries(out2) >= 2 || run.isDone());
            assertTrue(member.isAlive() && !run.isDone(), "the job ended before the member could be killed");
            member.destroyForcibly();
            CliRun survived = run.get(180, TimeUnit.SECONDS);
            assertEquals(0, survived.code(), survived.err());
            List<JsonNode> lines = lines(out2);
            assertEquals(TRACKS, lines.size());
            assertEquals(TRACKS, lines.stream().map(n -> n.get("path").asText()).distinct().count(), "each track once");
            for (JsonNode n : lines) {
                // skipped: done by the lost member, whose line was lost with it; the run after the loss found it done
                assertTrue(Set.of("ok", "skipped").contains(n.get("status").asText()), n.toString());
            }
            assertEquals(AnalyzeLibraryCommandTest.contents(reference), AnalyzeLibraryCommandTest.contents(out2));
            assertEquals(List.of(), AnalyzeLibraryCommandTest.leftovers(out2), "no temporary files");
        } finally {
            member.destroyForcibly();
            member.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMemberWithAnotherSecretIsRefused(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "0123456789abcdef0123456789abcdef\n");
        Path other = dir.resolve("other");
        Files.writeString(other, "fedcba9876543210fedcba9876543210\n");
        for (Path p : List.of(secret, other)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        int[] ports = ClusteredBusTest.freePorts(2);
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        String cluster = "library-test-" + ProcessHandle.current().pid();
        Path log = dir.resolve("member.log");
        Process member = startMember(cluster, ports[0], members, secret, log);
        try {
            ClusterNodes.await("the library member", 60, () -> ClusterNodes.read(log).contains("ready"));
            Path library = dir.resolve("library");
            AnalyzeLibraryCommandTest.writeSong(library.resolve("t.wav"), 0);
            CliRun refused = CliRun.of(clusterRun(library, dir.resolve("out"), cluster, ports[1], members, other));
            assertEquals(1, refused.code(), refused.err());
            assertTrue(refused.err().contains("secret"), refused.err());
            assertTrue(!Files.exists(dir.resolve("out/t.summary.json")), "nothing analyzed");
        } finally {
            member.destroyForcibly();
            member.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process startMember(String cluster, int port, String members, Path secret, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "library-member", "--cluster-name", cluster, "--port", String.valueOf(port),
                "--members", members, "--secret-file", secret.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String[] clusterRun(Path library, Path out, String cluster, int port, String members, Path secret) {
        return new String[]{"analyze-library", library.toString(), "--out", out.toString(), "--threads", "1",
                "--quiet", "--cluster", "--cluster-name", cluster, "--port", String.valueOf(port), "--members", members,
                "--secret-file", secret.toString()};
    }

    private static List<JsonNode> lines(Path out) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("library.jsonl"))) {
            lines.add(json.readTree(line));
        }
        return lines;
    }
}
