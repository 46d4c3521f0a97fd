package dev.fractalsync.app;

import dev.fractalsync.json.ContractFiles;
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

    /**
     * Malformed frames on the event-bus port from a process outside the cluster (a lying length in the state codec,
     * JSON that is no state, headers past the end, wrong body types, another contract, an unknown codec, a codec id
     * Vert.x cannot parse) are dropped: no stack trace, one line for the whole burst, and the next line 10 s later
     * counts the ones not logged.
     */
    @Test
    void malformedFramesAreDroppedWithOneLineAndNoTrace() throws Exception {
        List<InetSocketAddress> listening = ListeningSockets.of(node.pid());
        int busPort = listening.stream().mapToInt(InetSocketAddress::getPort).filter(p -> p != port).findFirst()
                .orElseThrow(() -> new AssertionError("no event-bus port among " + listening));
        String state = dev.fractalsync.bus.StateBus.SLOW_STATE;
        String codec = dev.fractalsync.bus.SlowStateCodec.NAME;
        byte[] contract = RawBusFrames.header(dev.fractalsync.bus.StateBus.CONTRACT_HEADER,
                ContractFiles.v1().version());
        List<byte[]> dropped = List.of(
                RawBusFrames.frame(RawBusFrames.NAMED_CODEC, codec, state, contract, RawBusFrames.lengthThen(1 << 30, "{}")),
                RawBusFrames.frame(RawBusFrames.NAMED_CODEC, codec, state, contract, RawBusFrames.lengthThen(-5, "{}")),
                RawBusFrames.frame(RawBusFrames.NAMED_CODEC, codec, state, contract, RawBusFrames.string("{\"a\":1}")),
                RawBusFrames.frame(RawBusFrames.BUFFER_CODEC, null, state, contract, RawBusFrames.string("not sealed")),
                RawBusFrames.frame(RawBusFrames.INT_CODEC, null, state, contract, new byte[]{0, 0, 0, 7}),
                RawBusFrames.frame(RawBusFrames.STRING_CODEC, null, state, contract, RawBusFrames.string("{}")),
                RawBusFrames.frame(RawBusFrames.BUFFER_CODEC, null, state, RawBusFrames.header(
                        dev.fractalsync.bus.StateBus.CONTRACT_HEADER, "9.0.0"), RawBusFrames.string("x")),
                RawBusFrames.frame(RawBusFrames.BUFFER_CODEC, null, state, new byte[]{0, 0, 0, 12, 0x7f, -1, -1, -1, 0, 0, 0, 9},
                        RawBusFrames.string("x")));
        byte[] unknownCodec = RawBusFrames.frame(RawBusFrames.NAMED_CODEC, "no-such-codec", state, contract,
                RawBusFrames.string("x"));
        int before = read(log).lines().toList().size();
        int rounds = 20;
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", busPort)) {
            for (int i = 0; i < rounds; i++) {
                for (byte[] frame : dropped) {
                    s.getOutputStream().write(frame);
                }
                s.getOutputStream().write(unknownCodec);
            }
            s.getOutputStream().flush();
            Thread.sleep(500);
        }
        // a codec id Vert.x cannot parse throws inside Vert.x (the connection's framing is lost after it): one per connection
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", busPort)) {
            s.getOutputStream().write(RawBusFrames.frame((byte) 99, null, state, contract, RawBusFrames.string("x")));
            s.getOutputStream().flush();
            Thread.sleep(500);
        }
        int expected = rounds * dropped.size() + 1;
        Thread.sleep(1000);
        List<String> burst = read(log).lines().skip(before).toList();
        assertTrue(!burst.isEmpty() && burst.stream().allMatch(l -> l.startsWith("[WARN] StateBus - dropped ")),
                "one line for " + expected + " dropped messages: " + burst);
        assertTrue(burst.size() <= 2, "at most one line every 10 s: " + burst);
        Thread.sleep(10_500);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", busPort)) {
            s.getOutputStream().write(dropped.get(3));
            s.getOutputStream().flush();
            Thread.sleep(500);
        }
        expected++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines;
        do {
            Thread.sleep(100);
            lines = read(log).lines().skip(before).toList();
        } while (lines.size() == burst.size() && System.nanoTime() < deadline);
        String all = read(log);
        assertTrue(all.lines().noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")
                || l.contains("Unhandled exception")), "no stack trace: " + all);
        long counted = 0;
        java.util.regex.Pattern more = java.util.regex.Pattern.compile("\\(and (\\d+) more dropped since the last such line\\)");
        for (String l : lines) {
            assertTrue(l.startsWith("[WARN] StateBus - dropped "), "only drop lines: " + lines);
            java.util.regex.Matcher m = more.matcher(l);
            counted += 1 + (m.find() ? Long.parseLong(m.group(1)) : 0);
        }
        assertEquals(expected, counted, "every dropped message counted in the lines: " + lines);
        assertTrue(node.isAlive(), "the node keeps running: " + all);
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
