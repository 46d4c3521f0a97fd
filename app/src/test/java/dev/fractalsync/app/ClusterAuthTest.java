package dev.fractalsync.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.fractalsync.app.ClusterNodes.await;
import static dev.fractalsync.app.ClusterNodes.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clustered bus refuses members that cannot prove the shared secret (issue 35), and both sides log it. A real
 * analysis node runs in a child JVM with the right secret; a render node with a wrong one, and a raw client that
 * speaks Hazelcast's protocol without the handshake, try to join it. Two members with the right secret:
 * {@link ClusteredBusTest}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterAuthTest {
    @TempDir
    static Path tmp;

    static final String CLUSTER = "fractalsync-auth-test-" + UUID.randomUUID();
    static final String SECRET = "right-secret-" + UUID.randomUUID();
    static int[] ports;
    static Path logA;
    static Process a;

    @BeforeAll
    static void analysisNode() throws Exception {
        ports = freePorts(2);
        logA = tmp.resolve("analysis.log");
        a = node(SECRET, ports[0], logA, "analyze-node", "demo", "--loop", "--beat", "oscillator", "--structure", "neutral");
        await("the analysis node to start (log " + logA + ")", 120, () -> read(logA).contains("analysis node joined"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (a != null) {
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMemberWithAWrongSecretIsRefusedAndBothSidesLogIt() throws Exception {
        Path logB = tmp.resolve("render-wrong.log");
        Process b = node("wrong-secret-" + UUID.randomUUID(), ports[1], logB, "render-node", "--text", "--seconds", "30");
        assertTrue(b.waitFor(150, TimeUnit.SECONDS), "the refused node gives up: " + read(logB));
        String joiner = read(logB);
        assertEquals(1, b.exitValue(), joiner);
        String refusedByB = "fractalsync: refused cluster member 127.0.0.1:" + ports[0] + ": wrong cluster secret; every "
                + "node needs the same --secret-file or FRACTALSYNC_CLUSTER_SECRET";
        assertTrue(joiner.lines().anyMatch(l -> l.equals(refusedByB)), "the joiner's last line: " + joiner);
        assertFalse(joiner.contains("BPM"), "no state reached the refused node: " + joiner);
        await("the analysis node's log of the refusal", 10, () -> read(logA).lines().anyMatch(l ->
                l.contains("WARN") && l.contains("refused cluster member 127.0.0.1")
                        && l.contains(": wrong cluster secret; every node needs the same")));
        assertTrue(a.isAlive(), "the analysis node keeps running");
    }

    @Test
    void aClientWithoutTheHandshakeIsRefused() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("HZC".getBytes(StandardCharsets.US_ASCII)); // Hazelcast's member protocol header
            s.getOutputStream().write(new byte[64]);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            byte[] got;
            try {
                got = in.readAllBytes(); // the member closes the connection
            } catch (java.net.SocketException reset) {
                got = new byte[0]; // or resets it, our bytes unread
            }
            assertEquals(0, got.length, "nothing of the cluster is sent to it: " + new String(got, StandardCharsets.ISO_8859_1));
        }
        await("the analysis node's log of the refusal", 10, () -> read(logA).lines().anyMatch(l ->
                l.contains("WARN") && l.contains("refused cluster member 127.0.0.1")
                        && l.contains("it did not authenticate")));
        assertTrue(a.isAlive());
    }

    @Test
    void aMissingOrWeakSecretIsAUsageError() throws Exception {
        CliRun missing = CliRun.of("render-node", "--text", "--seconds", "1", "--secret-file",
                tmp.resolve("nope").toString());
        missing.assertUsageError("fractalsync render-node", "--secret-file " + tmp.resolve("nope") + ": no such file; "
                + "create one with `openssl rand -hex 32 > " + tmp.resolve("nope") + "` and give every node a copy");
        UsageException none = assertThrows(UsageException.class, () -> ClusterOptions.secret(null, null, tmp.resolve("cfg")));
        assertEquals("the cluster needs a shared secret: create one with `openssl rand -hex 32 > secret` and pass "
                + "--secret-file secret (or set FRACTALSYNC_CLUSTER_SECRET) on every node", none.getMessage());
        Path weak = Files.writeString(tmp.resolve("weak"), "hunter2\n");
        UsageException shortOne = assertThrows(UsageException.class, () -> ClusterOptions.secret(weak, null, null));
        assertTrue(shortOne.getMessage().contains("fewer than 16"), shortOne.getMessage());
        Path config = Files.createDirectories(tmp.resolve("cfg2/fractalsync"));
        Files.writeString(config.resolve("cluster-secret"), SECRET + "\n");
        assertEquals(SECRET, new String(ClusterOptions.secret(null, null, tmp.resolve("cfg2"))));
        assertEquals(SECRET, new String(ClusterOptions.secret(null, SECRET, null)));
    }

    @Test
    void theSecretNeverCrossesTheWire() throws Exception {
        // a stand-in acceptor that answers with the protocol's shape but no knowledge of the secret, and records
        // everything the connecting side sends: the magic, a fresh nonce, a proof; never the secret
        ClusterAuth auth = new ClusterAuth(SECRET.toCharArray(), CLUSTER);
        List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
                Thread acceptor = new Thread(() -> {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(10_000);
                        java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                        byte[] hello = new byte[ClusterAuth.MAGIC.length + ClusterAuth.NONCE];
                        in.readFully(hello);
                        received.write(hello);
                        byte[] answer = new byte[ClusterAuth.NONCE + ClusterAuth.MAC];
                        new java.security.SecureRandom().nextBytes(answer);
                        s.getOutputStream().write(ClusterAuth.MAGIC);
                        s.getOutputStream().write(answer);
                        byte[] proof = new byte[ClusterAuth.MAC];
                        in.readFully(proof);
                        received.write(proof);
                    } catch (IOException ignored) {
                        // what arrived is checked below
                    }
                });
                acceptor.start();
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    IOException refused = assertThrows(IOException.class, () -> auth.onConnect(c));
                    assertTrue(refused.getMessage().endsWith(": wrong cluster secret; every node needs the same "
                            + "--secret-file or FRACTALSYNC_CLUSTER_SECRET"), refused.getMessage());
                }
                acceptor.join();
                sent.add(received.toByteArray());
            }
        }
        for (byte[] bytes : sent) {
            assertEquals(ClusterAuth.MAGIC.length + ClusterAuth.NONCE + ClusterAuth.MAC, bytes.length);
            assertEquals(-1, indexOf(bytes, SECRET.getBytes(StandardCharsets.UTF_8)), "the secret was sent");
            assertEquals(-1, indexOf(bytes, ClusterAuth.deriveKey(SECRET.toCharArray(), CLUSTER)), "the key was sent");
        }
        assertFalse(java.util.Arrays.equals(sent.get(0), sent.get(1)), "fresh nonce and proof on every connection");
        assertEquals(2, auth.outboundRefusals());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static Process node(String secret, int port, Path log, String... args) throws IOException {
        return ClusterNodes.node(CLUSTER, secret, port, ports, log, args);
    }

    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                p[i] = s.getLocalPort();
            }
            return p;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
