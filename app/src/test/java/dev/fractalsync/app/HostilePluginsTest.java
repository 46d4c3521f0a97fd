package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugins directory of hostile providers built at test time (constructors that call System.exit, calls that never
 * return, stack overflow, clocks that are not physical): an unselected one cannot affect a command, a selected one
 * ends in a logged fallback, and no stack trace reaches the user.
 */
class HostilePluginsTest {
    @TempDir
    static Path tmp;
    static Path plugins;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Path build = tmp.resolve("build");
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        for (var spec : List.of(SamplePlugins.hostile(), SamplePlugins.exitingComputedId(), SamplePlugins.incoherentClocks(),
                SamplePlugins.incoherentTempo())) {
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

    /** The demo song's length in seconds, from the states written. */
    private static double seconds(Path states) throws IOException {
        List<String> lines = Files.readAllLines(states);
        return StateJson.read(lines.get(lines.size() - 1), SlowState.class).beat().tSec();
    }

    /** Asserts the beat counts written never go back and never jump; returns the last. */
    private static long assertCountsMonotone(Path states) throws IOException {
        long last = 0;
        for (String line : Files.readAllLines(states)) {
            long count = StateJson.read(line, SlowState.class).beat().beatCount();
            assertTrue(count >= last && count <= last + 1, "count " + last + " -> " + count);
            last = count;
        }
        return last;
    }

    private static List<String> warnings(CliRun r) {
        return r.err().lines().filter(l -> l.startsWith("[WARN]")).collect(Collectors.toList());
    }

    @Test
    void aCountRisingBy1000AHopFallsBackAtOnceAndTheBeatsStayPhysical() throws Exception {
        Path states = tmp.resolve("jump.jsonl");
        Path beats = tmp.resolve("jump-beats.txt");
        CliRun r = CliRun.of("analyze", "demo", "--beat=sample-count-jump-beat", "--structure=neutral",
                "--plugins", plugins.toString(), "--quiet", "--out", states.toString(), "--beats", beats.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("[WARN] GuardedProvider - beat provider 'sample-count-jump-beat' is incoherent: it advanced "
                + "its beat count from 1 to 1001 in 0.021 s, more than 240 BPM allows; switched to fallback 'oscillator' "
                + "at once"), warnings(r));
        assertNoStackTrace(r);
        double seconds = seconds(states);
        long written = Files.readAllLines(beats).size();
        assertTrue(written <= seconds * 240 / 60 + 4, written + " beats for " + seconds + " s");
        assertTrue(Math.abs(written - seconds / 0.5) <= 3, "the oscillator's 120 BPM: " + written + " beats for " + seconds + " s");
        assertEquals(written, assertCountsMonotone(states));
    }

    @Test
    void aStateBuiltWithATempoOfZeroOrNaNFallsBackAtOnceNamingTheProvider() throws Exception {
        for (String id : List.of("sample-zero-spb-beat", "sample-nan-spb-beat", "sample-racing-beat")) {
            Path states = tmp.resolve(id + ".jsonl");
            CliRun r = CliRun.of("analyze", "demo", "--beat=" + id, "--structure=neutral", "--plugins", plugins.toString(),
                    "--quiet", "--out", states.toString());
            assertEquals(0, r.code(), r.err());
            List<String> w = warnings(r);
            assertEquals(1, w.size(), r.err());
            assertTrue(w.get(0).startsWith("[WARN] GuardedProvider - beat provider '" + id + "' is incoherent: it "), w.get(0));
            assertTrue(w.get(0).endsWith("; switched to fallback 'oscillator' at once"), w.get(0));
            assertTrue(w.get(0).contains(switch (id) {
                case "sample-zero-spb-beat" -> "built an invalid beat state (spb must be > 0, got 0.0)";
                case "sample-nan-spb-beat" -> "built an invalid beat state (spb must be finite, got NaN)";
                default -> "reported a tempo of 1000 BPM (spb 0.06000 s), outside the physical 40–240 BPM";
            }), w.get(0));
            assertNoStackTrace(r);
            long last = assertCountsMonotone(states);
            double seconds = seconds(states);
            // 100 BPM for the first 100 hops (2.13 s), then the oscillator's 120 BPM
            assertTrue(Math.abs(last - (2.133 / 0.6 + (seconds - 2.133) / 0.5)) <= 3, id + ": " + last);
        }
    }

    @Test
    void evalBeatsFallsBackInsteadOfEndingOnAStateWithTempoZero() {
        CliRun r = CliRun.of("eval-beats", "demo", "--beat=sample-zero-spb-beat", "--plugins", plugins.toString(),
                "--no-aubio", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("[WARN] GuardedProvider - beat provider 'sample-zero-spb-beat' is incoherent: it built an "
                + "invalid beat state (spb must be > 0, got 0.0); switched to fallback 'oscillator' at once"), warnings(r));
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
