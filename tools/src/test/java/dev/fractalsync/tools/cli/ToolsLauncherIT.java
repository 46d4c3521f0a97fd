package dev.fractalsync.tools.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/fractalsync-tools} as a user runs it, after {@code package} (maven-failsafe-plugin): the runtime library
 * directory plus this module's tools-lib, which holds the tools module and exactly the training libraries.
 */
class ToolsLauncherIT {
    static final Path ROOT = Path.of(System.getProperty("fractalsync.root", "..")).toAbsolutePath().normalize();
    static final Path LIB = Path.of(System.getProperty("fractalsync.lib", "../app/target/fractalsync/lib")).toAbsolutePath();
    static final Path TOOLS_LIB = Path.of(System.getProperty("fractalsync.tools.lib", "target/tools-lib")).toAbsolutePath();

    @Test
    void toolsLibHoldsTheToolsModuleAndOnlyTheTrainingLibraries() throws IOException {
        List<String> jars;
        try (var files = Files.list(TOOLS_LIB)) {
            jars = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(n -> n.startsWith("fractalsync-tools")), jars.toString());
        assertTrue(jars.stream().anyMatch(n -> n.startsWith("tribuo-util-onnx")), jars.toString());
        assertTrue(jars.stream().anyMatch(n -> n.startsWith("pickle")), jars.toString());
        for (String jar : jars) {
            assertTrue(!Files.exists(LIB.resolve(jar)), "tools-lib repeats the runtime's " + jar);
            assertTrue(!jar.matches("(?i).*(junit|opentest4j|apiguardian).*"), "tools-lib holds test library " + jar);
        }
    }

    @Test
    void theLauncherRunsAToolsCommand() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/fractalsync-tools").toString(),
                "train-controller", "--help").redirectErrorStream(true);
        pb.environment().put("FRACTALSYNC_LIB", LIB.toString());
        pb.environment().put("FRACTALSYNC_TOOLS_LIB", TOOLS_LIB.toString());
        pb.environment().put("FRACTALSYNC_JAVA_OPTS", "-Djava.awt.headless=true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), out);
        // the Vector API is not resolved here, so the JVM prints no incubator-module line first
        assertTrue(out.startsWith("Usage: fractalsync-tools train-controller"), out);
    }

    @Test
    void completionScriptIsInstalledBesideToolsLib() throws IOException {
        String script = Files.readString(TOOLS_LIB.resolveSibling("fractalsync-tools_completion"));
        assertTrue(script.contains("complete -F _complete_fractalsync-tools") && script.contains("train-anticipator"),
                script);
    }
}
