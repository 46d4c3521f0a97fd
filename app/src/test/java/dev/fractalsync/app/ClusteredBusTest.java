package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.json.ContractFiles;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two JVMs on 127.0.0.1: an analysis node (a child process running {@code analyze-node}) publishes SlowStates on the
 * Hazelcast-clustered event bus; this JVM subscribes like {@code render-node}. States flow in order, the renderer
 * keeps going on the held state when the analysis node dies, and follows a restarted one.
 */
class ClusteredBusTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    /** Member ports: analysis node A, this render node, analysis node B (free ports, so parallel builds do not meet). */
    private static final int[] PORTS = freePorts(3);

    static int[] freePorts(int n) {
        java.util.List<java.net.ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            for (java.net.ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }

    private static List<String> members() {
        return java.util.Arrays.stream(PORTS).mapToObj(p -> "127.0.0.1:" + p).toList();
    }

    /** The shared secret of the test cluster (each node gets it through the environment, as a user would). */
    static final String SECRET = "test-secret-" + UUID.randomUUID();

    private static Process analysisNode(String clusterName, int port, Path log, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "analyze-node", "demo", "--loop", "--beat", "oscillator", "--structure", "neutral",
                "--cluster-name", clusterName, "--port", String.valueOf(port), "--members", String.join(",", members())));
        cmd.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(ClusterOptions.SECRET_ENV, SECRET);
        return pb.start();
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void statesFlowInOrderAndTheRendererSurvivesTheAnalysisNode() throws Exception {
        String cluster = "fractalsync-test-" + UUID.randomUUID();
        Path logA = Files.createTempFile("analysis-a", ".log");
        Path logB = Files.createTempFile("analysis-b", ".log");
        java.net.DatagramSocket oscIn = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        oscIn.setSoTimeout(30_000);
        Process a = analysisNode(cluster, PORTS[0], logA, "--osc", "127.0.0.1:" + oscIn.getLocalPort());
        Process b = null;
        ClusterOptions.Node node = null;
        try {
            await("analysis node A to join (log " + logA + ")", 120, () -> logContains(logA, "analysis node joined"));
            ClusterOptions options = new ClusterOptions();
            options.host = "127.0.0.1";
            options.port = PORTS[1];
            options.members = members();
            options.clusterName = cluster;
            options.secretFile = Files.writeString(Files.createTempFile("secret", ".txt"), SECRET + "\n");
            node = options.start();
            Vertx vertx = node.vertx();
            FastClock fast = new FastClock(CONTRACT);
            RenderNodeCommand.RemoteStreamClock time = new RenderNodeCommand.RemoteStreamClock();
            List<SlowState> received = new CopyOnWriteArrayList<>();
            List<Integer> restarts = new CopyOnWriteArrayList<>();
            StateBus bus = StateBus.on(vertx, CONTRACT.version(), node.seal());
            bus.subscribe(s -> {
                if (time.received(s)) {
                    restarts.add(received.size());
                    fast.reset();
                }
                fast.accept(s);
                received.add(s);
            });
            List<BeatEvent> beats = new CopyOnWriteArrayList<>();
            bus.subscribeBeats(beats::add);
            List<String> grids = new CopyOnWriteArrayList<>(); // the aligned grid, null included, in its wire form's reading
            bus.subscribeGrid(g -> grids.add(String.valueOf(g)));
            await("200 states from A", 60, () -> received.size() >= 200);
            bus.clearLatencies(); // measure steady state, not the burst while the cluster formed
            await("400 states from A", 60, () -> received.size() >= 400);
            for (int i = 1; i < received.size(); i++) {
                assertTrue(received.get(i).hopIndex() > received.get(i - 1).hopIndex() || restarts.contains(i),
                        "order preserved at " + i);
            }
            assertTrue(beats.size() >= 4, "beat messages on " + StateBus.BEAT + ": " + beats);
            assertTrue(!grids.isEmpty(), "no beat grid message on " + StateBus.BEAT_GRID);
            List<com.illposed.osc.OSCMessage> osc = OscOutputTest.receive(oscIn, 4);
            assertTrue(osc.stream().anyMatch(m -> m.getAddress().equals(OscOutput.BEAT)), "OSC beats from analyze-node: "
                    + osc.stream().map(com.illposed.osc.OSCMessage::getAddress).toList());
            for (int i = 1; i < beats.size(); i++) {
                assertTrue(beats.get(i).beatCount() > beats.get(i - 1).beatCount(), "beats in order: " + beats);
            }
            System.out.printf("clustered bus hop-to-receive latency over loopback: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    bus.latencyPercentileMs(50), bus.latencyPercentileMs(99), bus.latencyPercentileMs(100));
            assertTrue(bus.latencyPercentileMs(50) < 500, "p50 latency " + bus.latencyPercentileMs(50));

            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int atDeath = received.size();
            FastFrame before = fast.sample(time.now());
            Thread.sleep(3000);
            FastFrame after = fast.sample(time.now());
            assertTrue(received.size() <= atDeath + 5, "no states from a dead node");
            assertTrue(after.tSec() > before.tSec() + 2.5, "the render clock keeps running on the held state");
            assertTrue(after.beat().beatCount() > before.beat().beatCount(), "beats keep coming predictively");

            b = analysisNode(cluster, PORTS[2], logB);
            Process started = b;
            await("states from a restarted analysis node", 120, () -> !restarts.isEmpty() && received.size() > atDeath + 50);
            assertTrue(started.isAlive());
            bus.close();
        } finally {
            oscIn.close();
            a.destroyForcibly();
            if (b != null) {
                b.destroyForcibly();
            }
            if (node != null) {
                node.close();
            }
        }
    }
}
