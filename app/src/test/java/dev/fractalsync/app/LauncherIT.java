package dev.fractalsync.app;

import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.conformance.sampleplugins.PluginJarBuilder;
import dev.fractalsync.conformance.sampleplugins.SamplePlugins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled launcher, run as {@code bin/fractalsync} runs it: {@code java -p app/target/fractalsync/lib -m
 * fractalsync.app/...}, in a subprocess, on the module path, with a plugin JAR compiled here (module-info with a
 * {@code provides} clause) in a plugins directory. Runs after {@code package} (maven-failsafe-plugin).
 */
class LauncherIT {
    static final Path LIB = Path.of(System.getProperty("fractalsync.lib", "target/fractalsync/lib")).toAbsolutePath();
    static final String MAIN = "fractalsync.app/dev.fractalsync.app.Main";

    @TempDir
    static Path tmp;
    static Path plugins;
    static Path goodJar;
    static Path brokenJar;

    record Run(int exit, String out, String err) {
        String both() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void buildPlugins() throws IOException {
        assertTrue(Files.isDirectory(LIB), LIB + " is missing: run `mvn package` first");
        // compile against the launcher's own api and Jackson jars, as a third party would against the release
        List<Path> modulePath = PluginJarBuilder.jarsIn(LIB).stream().filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith("fractalsync-api") || n.startsWith("jackson-");
        }).collect(Collectors.toList());
        Path build = Files.createDirectories(tmp.resolve("build"));
        Path good = PluginJarBuilder.build(SamplePlugins.good(), build, modulePath);
        brokenJar = PluginJarBuilder.build(SamplePlugins.brokenStructures(), build, modulePath);
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        goodJar = Files.copy(good, plugins.resolve(good.getFileName()));
    }

    static Run fractalsync(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true"));
        if (args.length > 0 && List.of("run", "render-node", "sync-check").contains(args[0])) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector")); // as bin/fractalsync does for them
        }
        cmd.addAll(List.of("-p", LIB.toString(), "-m", MAIN));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("fractalsync " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** bin/fractalsync itself, on the built libraries, without the class-data-sharing archive. */
    static Run launcher(String... args) throws IOException, InterruptedException {
        Path script = LIB.resolve("../../../../bin/fractalsync").normalize();
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("FRACTALSYNC_LIB", LIB.toString());
        pb.environment().put("FRACTALSYNC_NO_CDS", "1");
        pb.environment().put("FRACTALSYNC_JAVA_OPTS", "-Djava.awt.headless=true");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/fractalsync " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Issue 35: the JVM's incubator-module line came first on every command, --help and -V included. */
    @Test
    void commandsThatDoNotRenderStartWithoutTheIncubatorWarning() throws Exception {
        for (List<String> args : List.of(List.of("analyze", "--help"), List.of("-V"), List.of("run", "--help"),
                List.of("providers"), List.of("analyze", "demo", "--beat=oscillator", "--quiet", "--out", "-"))) {
            Run r = launcher(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r::both);
            assertTrue(r.err().lines().noneMatch(l -> l.startsWith("WARNING")), r::both);
        }
        Run help = launcher("analyze", "--help");
        assertTrue(help.out().startsWith("Usage: fractalsync analyze"), help::both);
        assertEquals("", help.err(), help::both);
        // a command that renders gets the Vector API (and, with it, the JVM's line)
        Run frames = launcher("run", "demo", "--headless", "--frames", "1", "--fps", "4", "--width", "32", "--height",
                "18", "--quiet", "--out", tmp.resolve("launcher-frames").toString());
        assertEquals(0, frames.exit(), frames::both);
        assertTrue(Files.exists(tmp.resolve("launcher-frames/frame_00000.png")), frames::both);
    }

    /** Issue 35: plugins/ was resolved against the current directory; now the installation's is found from anywhere. */
    @Test
    void theInstallationsPluginsDirectoryIsSearchedWhateverTheCurrentDirectory() throws Exception {
        Run r = launcher("providers");
        assertEquals(0, r.exit(), r::both);
        Path installed = LIB.resolve("../../../../plugins").normalize();
        assertTrue(r.out().contains("plugin directories searched"), r::both);
        assertTrue(r.out().contains("  " + installed), r::both);
    }

    @Test
    void pluginIsListedWithItsJarAsOrigin() throws Exception {
        Run r = fractalsync("providers", "--plugins", plugins.toString());
        assertEquals(0, r.exit(), r::both);
        String line = r.out().lines().filter(l -> l.contains(SamplePlugins.GOOD_BEAT_ID)).findFirst()
                .orElseThrow(() -> new AssertionError(r.both()));
        assertTrue(line.startsWith("beat") && line.trim().endsWith(goodJar.toString()), line);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("oscillator") && l.trim().endsWith("module-path")), r::both);
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("skipped:")), r::both);
    }

    /**
     * The shipped providers open on the real module path: their bundled ONNX models are resources in named modules,
     * readable only from their own module (a fallback to the oscillator or novelty would hide this).
     */
    @Test
    void defaultProvidersOpenTheirBundledModelsOnTheModulePath() throws Exception {
        Path out = tmp.resolve("analysis/default.jsonl");
        Run r = fractalsync("analyze", "demo", "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r::both);
        assertTrue(r.err().contains("beat=beatnet structure=anticipator"), r::both);
        assertTrue(r.err().lines().noneMatch(LauncherIT::isWarning), r::both);
        Run c = fractalsync("run", "demo", "--headless", "--frames", "2", "--fps", "4", "--width", "64", "--height", "36",
                "--controller", "onnx", "--out", tmp.resolve("frames").toString());
        assertEquals(0, c.exit(), c::both);
        assertTrue(c.err().lines().noneMatch(LauncherIT::isWarning), c::both);
    }

    /** A logged warning; the JVM's own notice that the renderer uses the incubating Vector API module is not one. */
    private static boolean isWarning(String line) {
        return line.contains("WARN") && !line.equals("WARNING: Using incubator modules: jdk.incubator.vector");
    }

    @Test
    void analyzeRunsThePluginOnePerHop() throws Exception {
        Path out = tmp.resolve("analysis/demo.jsonl");
        Run r = fractalsync("analyze", "demo", "--beat=" + SamplePlugins.GOOD_BEAT_ID, "--plugins", plugins.toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r::both);
        assertTrue(r.err().contains("beat=" + SamplePlugins.GOOD_BEAT_ID), r::both);
        long hops = HopCutter.hopCount(DemoSong.render(SongSpec.demo()).samples().length, 1024);
        List<String> lines = Files.readAllLines(out);
        assertEquals(hops, lines.size());
        assertTrue(lines.get(100).contains("\"spb\":0.6"), lines.get(100)); // the plugin's 100 BPM grid
    }

    @Test
    void conformanceOfTheGoodPluginExitsZero() throws Exception {
        Path xml = tmp.resolve("reports/good.xml");
        Path html = tmp.resolve("reports/good.html");
        Run r = fractalsync("conformance", goodJar.toString(), "--demo-seconds", "20", "--edge-seconds", "2",
                "--junit", xml.toString(), "--report", html.toString());
        assertEquals(0, r.exit(), r::both);
        assertTrue(r.out().contains("beat provider '" + SamplePlugins.GOOD_BEAT_ID + "' from " + goodJar), r::both);
        assertTrue(r.out().contains("CONFORMS: 1 provider(s) checked, 0 failed"), r::both);
        assertTrue(Files.readString(xml).contains("<testsuite name=\"beat." + SamplePlugins.GOOD_BEAT_ID + "\""));
        assertTrue(Files.readString(html).contains("<td>determinism</td>"));
    }

    @Test
    void conformanceOfABrokenPluginExitsNonZero() throws Exception {
        Run r = fractalsync("conformance", brokenJar.toString(), "--demo-seconds", "10", "--edge-seconds", "2");
        assertEquals(ConformanceCommand.NONCONFORMING, r.exit(), r::both);
        assertTrue(r.out().contains("hazard_probs must have 5 entries, got 4"), r::both);
        assertTrue(r.out().contains("DOES NOT CONFORM: 3 provider(s) checked, 3 failed"), r::both);
    }

    @Test
    void conformanceOfACorruptJarSaysSo() throws Exception {
        Path corrupt = Files.write(tmp.resolve("corrupt.jar"), new byte[]{1, 2, 3, 4, 5});
        Run r = fractalsync("conformance", corrupt.toString());
        assertEquals(ConformanceCommand.UNUSABLE_JAR, r.exit(), r::both);
        assertTrue(r.out().contains("PROBLEM " + corrupt + ": not a readable JAR"), r::both);
        assertTrue(r.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack traces: " + r.err());
    }

    /** The runtime lib is lean (no training or test libraries), and the training commands answer with where they run. */
    @Test
    void runtimeLibHoldsNoTrainingOrTestLibraries() throws IOException, InterruptedException {
        List<String> runtime;
        try (var files = Files.list(LIB)) {
            runtime = files.map(f -> f.getFileName().toString()).toList();
        }
        assertTrue(runtime.stream().anyMatch(n -> n.startsWith("fractalsync-app")), runtime.toString());
        for (String jar : runtime) {
            assertTrue(!jar.matches("(?i).*(tribuo|protobuf|pickle|fractalsync-tools).*"), "runtime lib holds " + jar);
            // the conformance suite runs without JUnit; only provider authors' test builds need it
            assertTrue(!jar.matches("(?i).*(junit|opentest4j|apiguardian).*"), "runtime lib holds test library " + jar);
        }
        Run hint = fractalsync("dataset", "--synthetic", "1");
        assertEquals(2, hint.exit(), hint.both());
        assertTrue(hint.err().contains("run bin/fractalsync-tools dataset"), hint.both());
    }

    @Test
    void completionScriptIsInstalledBesideTheLibraries() throws IOException {
        String script = Files.readString(LIB.resolveSibling("fractalsync_completion"));
        assertTrue(script.contains("complete -F _complete_fractalsync") && script.contains("analyze"), script);
    }
}
