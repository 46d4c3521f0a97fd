package dev.fractalsync.app;

import dev.fractalsync.conformance.sampleplugins.PluginJarBuilder;
import dev.fractalsync.conformance.sampleplugins.SamplePlugins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fractalsync conformance} in-process (class-path mode); the module-path run is in LauncherIT. */
class ConformanceCommandTest {
    @TempDir
    static Path tmp;
    static Path good;
    static Path broken;
    static Path future;
    static Path hostile;
    static Path dynamicExit;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeAll
    static void buildPlugins() throws IOException {
        Path build = tmp.resolve("build");
        good = PluginJarBuilder.build(SamplePlugins.good(), build, PluginJarBuilder.apiModulePath());
        broken = PluginJarBuilder.build(SamplePlugins.brokenStructures(), build, PluginJarBuilder.apiModulePath());
        future = PluginJarBuilder.build(SamplePlugins.futureContract(), build, PluginJarBuilder.apiModulePath());
        hostile = PluginJarBuilder.build(SamplePlugins.hostile(), build, PluginJarBuilder.apiModulePath());
        dynamicExit = PluginJarBuilder.build(SamplePlugins.exitingComputedId(), build, PluginJarBuilder.apiModulePath());
    }

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void goodJarConformsAndReportsAreWritten() throws IOException {
        Path xml = tmp.resolve("r/good.xml");
        Path html = tmp.resolve("r/good.html");
        int exit = Main.run("conformance", good.toString(), "--demo-seconds", "10", "--edge-seconds", "2",
                "--junit", xml.toString(), "--report", html.toString());
        assertEquals(0, exit, this::stdout);
        assertTrue(stdout().contains("CONFORMS: 1 provider(s) checked, 0 failed, 0 problem(s)"), stdout());
        assertTrue(Files.readString(xml).contains("name=\"tempo-range\""));
        assertTrue(Files.readString(html).contains("sample-good-beat"));
    }

    @Test
    void brokenJarFailsWithTheBrokenChecks() {
        int exit = Main.run("conformance", broken.toString(), "--demo-seconds", "5", "--edge-seconds", "1");
        assertEquals(ConformanceCommand.NONCONFORMING, exit, this::stdout);
        String s = stdout();
        assertTrue(s.matches("(?s).*FAIL +hazard-probs .*hazard_probs must have 5 entries, got 4.*"), s);
        assertTrue(s.matches("(?s).*FAIL +macro-embedding .*12 values.*"), s);
        assertTrue(s.matches("(?s).*FAIL +hazard-monotonic .*hazard\\[1\\]=0.4000 < hazard\\[0\\]=0.5000.*"), s);
        assertTrue(s.contains("DOES NOT CONFORM: 3 provider(s) checked, 3 failed"), s);
    }

    @Test
    void providerForAnotherContractMajorIsReported() {
        int exit = Main.run("conformance", future.toString());
        assertEquals(ConformanceCommand.UNUSABLE_JAR, exit, this::stdout);
        assertTrue(stdout().contains("'sample-future-beat' implements contract major version 2 but this host uses 1, refused"),
                stdout());
    }

    @Test
    void missingJarIsOneClearLine() {
        int exit = Main.run("conformance", tmp.resolve("nope.jar").toString());
        assertEquals(ConformanceCommand.UNUSABLE_JAR, exit);
        assertEquals("fractalsync conformance: " + tmp.resolve("nope.jar") + ": no such file",
                err.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void aDirectoryIsNamedAsOne() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        int exit = Main.run("conformance", dir.toString());
        assertEquals(ConformanceCommand.UNUSABLE_JAR, exit);
        String e = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(e.startsWith("fractalsync conformance: " + dir + ": is a directory; give the provider's JAR file"), e);
    }

    @Test
    void anImpossibleJunitPathFailsBeforeTheRunInOneLineNamingTheOption() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        int exit = Main.run("conformance", good.toString(), "--junit", file.resolve("report.xml").toString());
        assertTrue(exit != 0, "exit " + exit);
        String e = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(e.contains("--junit") && e.contains(file + " is a file"), e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(stdout().isEmpty(), "no suite ran: " + stdout());
    }

    /** The rows of one provider's block in the table. */
    private String block(String id) {
        String s = stdout();
        int start = s.indexOf("provider '" + id + "' from");
        assertTrue(start >= 0, () -> id + " not reported: " + s);
        int end = s.indexOf("\n\n", start);
        return s.substring(start, end < 0 ? s.length() : end);
    }

    @Test
    void hostileProvidersEndInAWrittenReport() throws IOException {
        Path xml = tmp.resolve("r/hostile.xml");
        int exit = Main.run("conformance", hostile.toString(), "--demo-seconds", "3", "--edge-seconds", "1",
                "--timeout", "8", "--long-seconds", "0", "--lenient-latency", "--junit", xml.toString());
        assertEquals(ConformanceCommand.NONCONFORMING, exit, this::stdout);
        assertTrue(block("sample-exiting-beat").matches("(?s).*FAIL +jvm-exit .*exit status 3 before the suite finished, "
                + "during constructing the provider.*"), this::stdout);
        assertTrue(block("sample-hanging-beat").matches("(?s).*FAIL +suite-timeout .*still running after .* at process at "
                + "demo-song hop 20.*"), this::stdout);
        assertTrue(block("sample-hanging-open-beat").matches("(?s).*FAIL +suite-timeout .*at open\\(\\).*"), this::stdout);
        assertTrue(block("sample-overflow-beat").matches("(?s).*FAIL +process .*threw StackOverflowError.*"), this::stdout);
        assertTrue(stdout().contains("DOES NOT CONFORM: 4 provider(s) checked, 4 failed"), stdout());
        assertTrue(Files.readString(xml).contains("jvm-exit"));
    }

    @Test
    void aProviderWhoseIdIsUnknownIsCheckedByClassName() {
        int exit = Main.run("conformance", dynamicExit.toString(), "--demo-seconds", "3", "--edge-seconds", "1");
        assertEquals(ConformanceCommand.NONCONFORMING, exit, this::stdout);
        assertTrue(block("sample.exitdynamic.DynamicExitBeat").contains("exit status 3"), this::stdout);
    }

    @Test
    void anIdTakenByAShippedProviderIsAWarning() throws IOException {
        Path build = tmp.resolve("build-dup");
        Path jar = PluginJarBuilder.build(SamplePlugins.builtInDuplicate(), build, PluginJarBuilder.apiModulePath());
        int exit = Main.run("conformance", jar.toString(), "--demo-seconds", "3", "--edge-seconds", "1", "--lenient-latency");
        assertEquals(0, exit, this::stdout);
        assertTrue(block("oscillator").matches("(?s).*WARN +id-unique .*beat id 'oscillator' is already provided by "
                + "class-path .*the host ignores this plugin's provider.*"), this::stdout);
    }
}
