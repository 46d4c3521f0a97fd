package dev.fractalsync.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Cluster nodes as child JVMs for the cluster tests: start one, read its log, wait for a line in it. */
final class ClusterNodes {
    private ClusterNodes() {
    }

    /** {@code fractalsync ARGS} in a child JVM on cluster {@code cluster} at {@code port}, members on {@code ports}. */
    static Process node(String cluster, String secret, int port, int[] ports, Path log, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--cluster-name", cluster, "--port", String.valueOf(port), "--members",
                "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1]));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(ClusterOptions.SECRET_ENV, secret);
        return pb.start();
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
