package dev.fractalsync.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 36: what a cluster node exposes. A real {@code render-node} runs in a child JVM with {@code --host 127.0.0.1};
 * every TCP socket it listens on (Hazelcast's member port and Vert.x's event-bus port, read from Linux's /proc) must
 * be bound to 127.0.0.1, not to every interface.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterExposureTest {
    @TempDir
    static Path tmp;

    static int port;
    static Path log;
    static Process node;

    @BeforeAll
    static void renderNode() throws Exception {
        assumeTrue(ListeningSockets.supported(), "needs Linux's /proc/<pid>/net/tcp");
        int[] ports = ClusterAuthTest.freePorts(2);
        port = ports[0];
        log = tmp.resolve("render.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "render-node", "--text", "--seconds", "200", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--members", "127.0.0.1:" + ports[1], "--cluster-name", "fractalsync-exposure-" + UUID.randomUUID()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(ClusterOptions.SECRET_ENV, "exposure-secret-" + UUID.randomUUID());
        node = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!read(log).contains("render node joined")) {
            if (System.nanoTime() > deadline || !node.isAlive()) {
                throw new AssertionError("the render node did not start: " + read(log));
            }
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (node != null) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyListeningSocketIsOnTheHostOnly() {
        List<InetSocketAddress> listening = ListeningSockets.of(node.pid());
        assertTrue(listening.stream().anyMatch(a -> a.getPort() == port), "Hazelcast's member port " + port
                + " among " + listening);
        assertTrue(listening.size() >= 2, "the member port and the event-bus port: " + listening);
        for (InetSocketAddress a : listening) {
            assertEquals("127.0.0.1", a.getAddress().getHostAddress(), "bound beyond --host 127.0.0.1: " + listening);
        }
    }

    @Test
    void procAddressesAreDecoded() {
        assertEquals(new InetSocketAddress("127.0.0.1", 5701), ListeningSockets.address("0100007F:1645"));
        assertEquals(new InetSocketAddress("0.0.0.0", 5701), ListeningSockets.address("00000000:1645"));
        assertEquals("127.0.0.1", ListeningSockets.address("0000000000000000FFFF00000100007F:9C5F").getAddress()
                .getHostAddress());
        assertEquals("0:0:0:0:0:0:0:0", ListeningSockets.address("00000000000000000000000000000000:1645").getAddress()
                .getHostAddress());
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
