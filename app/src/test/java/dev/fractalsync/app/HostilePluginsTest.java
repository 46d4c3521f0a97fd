package dev.fractalsync.app;

import dev.fractalsync.conformance.sampleplugins.PluginJarBuilder;
import dev.fractalsync.conformance.sampleplugins.SamplePlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugins directory of hostile providers built at test time (constructors that call System.exit, calls that never
 * return, stack overflow): an unselected one cannot affect a command, a selected one ends in a logged fallback, and
 * no stack trace reaches the user.
 */
class HostilePluginsTest {
    @TempDir
    static Path tmp;
    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Path build = tmp.resolve("build");
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        for (var spec : List.of(SamplePlugins.hostile(), SamplePlugins.exitingComputedId())) {
            Path jar = PluginJarBuilder.build(spec, build, PluginJarBuilder.apiModulePath());
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
    }

    /** The CLI in a child JVM, because a plugin that gets to run System.exit would end this one. */
    private static CliRun child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fractalsync " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertNoStackTrace(CliRun r) {
        assertFalse(r.err().contains("\tat ") || r.out().contains("\tat "), r.err());
    }

    @Test
    void providersListsEveryPluginWithoutRunningAny() throws Exception {
        CliRun r = child("providers", "--plugins", plugins.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sample-exiting-beat"), r.out());
        assertTrue(r.out().contains("sample-hanging-beat"), r.out());
        assertTrue(r.out().matches("(?s).*sample\\.exitdynamic\\.DynamicExitBeat.*id not known without running its code.*"), r.out());
    }

    @Test
    void analyzeWithABuiltInProviderIgnoresTheHostilePlugins() throws Exception {
        Path out = tmp.resolve("oscillator.jsonl");
        CliRun r = child("analyze", "demo", "--beat=oscillator", "--plugins", plugins.toString(), "--quiet",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void aProcessCallThatNeverReturnsFallsBackAndTheRunFinishes() {
        Path out = tmp.resolve("hang.jsonl");
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> CliRun.of("analyze", "demo",
                "--beat=sample-hanging-beat", "--structure=neutral", "--plugins", plugins.toString(), "--provider-timeout", "1",
                "--quiet", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("beat provider 'sample-hanging-beat': a call did not return within 1.0 s; abandoned it "
                + "and switched to fallback 'oscillator' (--provider-timeout)"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void anOpenThatNeverReturnsFallsBack() {
        Path out = tmp.resolve("hang-open.jsonl");
        CliRun r = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> CliRun.of("analyze", "demo",
                "--beat=sample-hanging-open-beat", "--structure=neutral", "--plugins", plugins.toString(),
                "--provider-timeout", "1", "--quiet", "--out", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("beat provider 'sample-hanging-open-beat' did not finish constructing and opening within "
                + "1.0 s; abandoned; using the fallback beat provider 'oscillator'"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void stackOverflowFallsBackInOneLine() {
        Path out = tmp.resolve("overflow.jsonl");
        CliRun r = CliRun.of("analyze", "demo", "--beat=sample-overflow-beat", "--structure=neutral",
                "--plugins", plugins.toString(), "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*beat provider 'sample-overflow-beat' failed: StackOverflowError[^\n]*; "
                + "switched to fallback 'oscillator' at once.*"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void killingAnalyzeMidRunKeepsThePreviousOutput() throws Exception {
        Path out = Files.writeString(tmp.resolve("kept.jsonl"), "previous run\n");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "analyze", "demo", "--beat=sample-hanging-beat", "--plugins", plugins.toString(), "--provider-timeout", "600",
                "--quiet", "--out", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("kill.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!partialExists() && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(partialExists(), "analyze never started writing");
            Thread.sleep(500); // it now hangs in the provider with states of 20 hops written to the temporary file
            assertEquals("previous run\n", Files.readString(out));
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C: shutdown hooks run
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals("previous run\n", Files.readString(out));
        assertFalse(partialExists(), "the temporary file was left behind");
    }

    private static boolean partialExists() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.anyMatch(f -> f.getFileName().toString().startsWith(".kept.jsonl") && f.toString().endsWith(".part"));
        }
    }

    @Test
    void badProviderTimeoutIsOneLine() {
        CliRun r = CliRun.of("analyze", "demo", "--provider-timeout", "0", "--quiet", "--out", tmp.resolve("x").toString());
        r.assertUsageError("fractalsync analyze", "--provider-timeout must be between 0 and 86400 seconds, got 0.0");
    }
}
