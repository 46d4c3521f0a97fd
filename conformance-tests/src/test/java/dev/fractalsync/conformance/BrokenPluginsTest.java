package dev.fractalsync.conformance;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.conformance.sampleplugins.SamplePlugins;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Third-party JARs compiled at test time: the good one conforms, each broken one fails exactly the check it
 * breaks, with a message that names the problem.
 */
class BrokenPluginsTest {
    static final SuiteOptions SHORT = SuiteOptions.defaults().withDemoSeconds(10).withEdgeSeconds(2);
    static ConformanceSuite suite;
    static ProviderRegistry registry;

    @BeforeAll
    static void load(@TempDir Path tmp) throws Exception {
        suite = new ConformanceSuite(ContractFiles.v1(), SHORT);
        registry = ProviderRegistry.discover(SamplePluginJars.pluginsDir(tmp,
                SamplePluginJars.jar(SamplePlugins.good()), SamplePluginJars.jar(SamplePlugins.brokenBeats()),
                SamplePluginJars.jar(SamplePlugins.brokenStructures()), SamplePluginJars.jar(SamplePlugins.incoherentClocks()),
                SamplePluginJars.jar(SamplePlugins.intrusive())),
                ModelContract.SUPPORTED_MAJOR);
        assertEquals(List.of(), registry.problems());
    }

    private static ConformanceReport run(ProviderKind kind, String id) {
        DiscoveredProvider p = registry.find(kind, id).orElseThrow(() -> new AssertionError(id + " not discovered"));
        return suite.run(p);
    }

    /** Asserts {@code check} has {@code verdict} and its observation contains every fragment. */
    static CheckResult assertCheck(ConformanceReport r, String check, Verdict verdict, String... fragments) {
        CheckResult c = r.result(check).orElseThrow(() -> new AssertionError(check + " did not run: " + r.results()));
        assertEquals(verdict, c.verdict(), c::message);
        for (String f : fragments) {
            assertTrue(c.observed().contains(f), () -> "'" + f + "' missing from: " + c.message());
        }
        return c;
    }

    /** Every check except {@code except} passed (or only warned). */
    static void assertOnlyFailure(ConformanceReport r, String... except) {
        for (CheckResult c : r.results()) {
            if (!List.of(except).contains(c.check())) {
                assertTrue(c.verdict() != Verdict.FAIL, () -> "unexpected failure: " + c.message());
            }
        }
    }

    @Test
    void goodPluginConforms() {
        ConformanceReport r = run(ProviderKind.BEAT, SamplePlugins.GOOD_BEAT_ID);
        assertTrue(r.passed(), () -> String.valueOf(r.failures()));
        assertEquals(ProviderKind.BEAT, r.kind());
        assertTrue(r.origin().endsWith("good-beat.jar"), r.origin());
        for (String check : List.of("contract-major", "identity", "open", "process", "beat-state-ranges", "tempo-range",
                "beat-count-monotonic", "beat-clock-coherent", "time-stamp", "latency", "determinism", "reset",
                "block-equals-stream", "close-idempotent", "thread-leak", "files-outside-temp", "network", "child-processes",
                "id-unique")) {
            assertTrue(r.result(check).isPresent(), check + " did not run");
        }
        assertCheck(r, "tempo-range", Verdict.PASS, "tempo seen 100.0–100.0 BPM");
        assertCheck(r, "beat-clock-coherent", Verdict.PASS, "0 of", "(0.00%) off by more than 0.5 beat");
        assertCheck(r, "id-unique", Verdict.PASS, "no shipped beat provider has id 'sample-good-beat'");
        assertCheck(r, "files-outside-temp", Verdict.PASS, "none elsewhere");
        assertCheck(r, "network", Verdict.PASS, "none");
        assertCheck(r, "child-processes", Verdict.PASS, "none started");
    }

    @Test
    void readingFilesElsewhereIsReported() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-snoop-beat");
        assertCheck(r, "files-outside-temp", Verdict.WARN, "read /etc/passwd");
        assertOnlyFailure(r);
    }

    @Test
    void networkTrafficIsReported() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-phone-home-beat");
        assertCheck(r, "network", Verdict.WARN, "talked to ");
        assertOnlyFailure(r);
    }

    @Test
    void aChildProcessLeftRunningFailsAndIsStopped() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-child-process-beat");
        assertCheck(r, "child-processes", Verdict.FAIL, "sleep 37", "now stopped");
        assertOnlyFailure(r, "child-processes");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 37")));
    }

    @Test
    void aBackgroundProcessAShellLeftBehindFailsAndIsStopped() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-orphan-beat");
        assertCheck(r, "child-processes", Verdict.FAIL, "sleep 38", "now stopped");
        assertOnlyFailure(r, "child-processes");
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 38")));
    }

    @Test
    void randomPhaseIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-random-phase-beat");
        assertCheck(r, "beat-clock-coherent", Verdict.FAIL, "hops", "deviate by more than 0.5 beat; worst");
        assertOnlyFailure(r, "beat-clock-coherent");
    }

    @Test
    void countJumpingByThousandsIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-count-jump-beat");
        assertCheck(r, "beat-clock-coherent", Verdict.FAIL, "demo-song hop 1 (t=0.043 s): count 1→1001",
                "advances 1000.036 beats where the tempo predicts 0.036");
        assertOnlyFailure(r, "beat-clock-coherent");
    }

    @Test
    void aCountThatDropsAfterTheDemoSongIsCaughtByTheLongStream() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-late-drop-beat");
        assertCheck(r, "beat-count-monotonic", Verdict.FAIL, "long-stream hop 3984 (t=85.013 s)");
        // without the long stream (the demo song is 79 s) nothing shows
        ConformanceReport shortRun = new ConformanceSuite(ContractFiles.v1(), SHORT.withLongSeconds(0))
                .run(registry.find(ProviderKind.BEAT, "sample-late-drop-beat").orElseThrow());
        assertTrue(shortRun.passed(), () -> String.valueOf(shortRun.failures()));
    }

    @Test
    void aThreadLeftRunningAfterCloseIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-thread-leak-beat");
        assertCheck(r, "thread-leak", Verdict.FAIL, "still running 2000 ms after close(): 'pool-");
        assertOnlyFailure(r, "thread-leak");
    }

    @Test
    void anIdTakenByAShippedProviderIsAWarning() {
        ProviderRegistry plugin = ProviderRegistry.ofPlugin(SamplePluginJars.jar(SamplePlugins.builtInDuplicate()),
                ModelContract.SUPPORTED_MAJOR);
        ConformanceReport r = suite.run(plugin.find(ProviderKind.BEAT, "oscillator").orElseThrow());
        assertCheck(r, "id-unique", Verdict.WARN, "beat id 'oscillator' is already provided by class-path",
                "the host ignores this plugin's provider");
        assertTrue(r.passed(), () -> String.valueOf(r.failures()));
    }

    @Test
    void decreasingBeatCountIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-backwards-beat");
        assertCheck(r, "beat-count-monotonic", Verdict.FAIL, "demo-song hop 49", "after");
        // a count that goes back two beats also breaks the clock's continuity
        assertCheck(r, "beat-clock-coherent", Verdict.FAIL, "count 6→4", "advances -1.964 beats");
        assertOnlyFailure(r, "beat-count-monotonic", "beat-clock-coherent");
    }

    @Test
    void throwingProcessIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-throwing-beat");
        assertCheck(r, "process", Verdict.FAIL, "demo-song hop 20 (t=0.448 s): threw IllegalStateException: model state corrupted",
                "more");
        // its processBlock (the default) throws where process throws: that is the process check's finding, not a mismatch
        assertCheck(r, "block-equals-stream", Verdict.WARN, "not judged: process failed on");
        assertOnlyFailure(r, "process");
    }

    @Test
    void sleepingPastTheBudgetIsCaught() {
        ConformanceReport r = run(ProviderKind.BEAT, "sample-sleepy-beat");
        CheckResult c = assertCheck(r, "latency", Verdict.FAIL, "p99", "stopped early");
        assertTrue(c.expectation().contains("21.3 ms"), c.expectation());
        assertOnlyFailure(r, "latency");
    }

    @Test
    void wrongHazardLengthIsCaught() {
        ConformanceReport r = run(ProviderKind.STRUCTURE, "sample-short-hazard");
        assertCheck(r, "hazard-probs", Verdict.FAIL, "the provider built an invalid StructureState",
                "hazard_probs must have 5 entries, got 4");
        assertOnlyFailure(r, "hazard-probs");
    }

    @Test
    void wrongEmbeddingShapeIsCaught() {
        ConformanceReport r = run(ProviderKind.STRUCTURE, "sample-wrong-embedding");
        assertCheck(r, "macro-embedding", Verdict.FAIL, "12 values", "macro_embedding_size is 16");
        assertOnlyFailure(r, "macro-embedding");
    }

    @Test
    void fallingHazardIsCaught() {
        ConformanceReport r = run(ProviderKind.STRUCTURE, "sample-falling-hazard");
        assertCheck(r, "hazard-monotonic", Verdict.FAIL, "hazard[1]=0.4000 < hazard[0]=0.5000");
        assertOnlyFailure(r, "hazard-monotonic");
    }

    @Test
    void contractMajorTwoIsCaught(@TempDir Path tmp) throws Exception {
        Path jar = SamplePluginJars.jar(SamplePlugins.futureContract());
        // discovery refuses it outright ...
        ProviderRegistry r2 = ProviderRegistry.discover(SamplePluginJars.pluginsDir(tmp, jar),
                ModelContract.SUPPORTED_MAJOR);
        assertTrue(r2.find(ProviderKind.BEAT, "sample-future-beat").isEmpty());
        assertTrue(r2.problems().stream().anyMatch(p -> p.contains("'sample-future-beat' implements contract major version 2")),
                r2.problems()::toString);
        // ... and the suite, given the provider directly, says why
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, getClass().getClassLoader())) {
            ServiceLoader.Provider<BeatClockProvider> p = ServiceLoader.load(BeatClockProvider.class, loader).stream()
                    .filter(x -> x.type().getClassLoader() == loader).findFirst().orElseThrow();
            ConformanceReport r = suite.run(p::get);
            assertCheck(r, "contract-major", Verdict.FAIL, "declares contract major 2");
            assertOnlyFailure(r, "contract-major");
        }
    }
}
