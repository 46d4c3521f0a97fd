package dev.fractalsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.fractalsync.app.ClusterNodes.await;
import static dev.fractalsync.app.ClusterNodes.node;
import static dev.fractalsync.app.ClusterNodes.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 36: a render node that is killed while an analysis node publishes to it is one line in the analysis node's
 * log, not the event bus's failed reconnections and Hazelcast's connection errors (a stack trace each, 522 lines
 * measured before).
 */
class ClusterMemberLossTest {
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aKilledRenderNodeIsOneLineOnTheAnalysisNode() throws Exception {
        int[] ports = ClusterAuthTest.freePorts(2);
        String cluster = "fractalsync-loss-test-" + UUID.randomUUID();
        String secret = "loss-secret-" + UUID.randomUUID();
        Path logA = tmp.resolve("analysis.log");
        Path logR = tmp.resolve("render.log");
        Process a = node(cluster, secret, ports[0], ports, logA, "analyze-node", "demo", "--loop", "--beat", "oscillator",
                "--structure", "neutral");
        Process r = null;
        try {
            await("the analysis node to start (log " + logA + ")", 120, () -> read(logA).contains("analysis node joined"));
            r = node(cluster, secret, ports[1], ports, logR, "render-node", "--text", "--seconds", "200");
            await("states on the render node (log " + logR + ")", 120, () -> read(logR).contains(" BPM "));
            await("the analysis node's join line", 30, () -> read(logA).contains("cluster member 127.0.0.1:" + ports[1] + " joined"));
            Thread.sleep(2000); // states keep flowing to it
            int before = (int) read(logA).lines().count();
            r.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String left = "[INFO] ClusterOptions - cluster member 127.0.0.1:" + ports[1] + " left";
            await("the analysis node's line for the lost member", 60, () -> read(logA).contains(left));
            Thread.sleep(3000); // whatever else it would say about it
            List<String> after = read(logA).lines().skip(before)
                    .filter(l -> !l.contains("GuardedProvider")) // a provider over budget on a busy machine: not about the cluster
                    .toList();
            assertEquals(1, after.size(), "one line: " + after);
            assertTrue(after.get(0).startsWith(left), after.get(0));
            assertTrue(a.isAlive(), "the analysis node keeps running");
        } finally {
            a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (r != null) {
                r.destroyForcibly();
            }
        }
    }
}
