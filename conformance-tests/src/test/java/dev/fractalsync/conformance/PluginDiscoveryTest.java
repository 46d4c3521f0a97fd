package dev.fractalsync.conformance;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.clock.discovery.SelectionException;
import dev.fractalsync.clock.discovery.UnidentifiedProvider;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.ProviderThread;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.conformance.sampleplugins.PluginSpec;
import dev.fractalsync.conformance.sampleplugins.SamplePlugins;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ProviderRegistry in class-path mode (how the tests run): a plugins directory with one good JAR and one JAR per
 * kind of breakage. Each broken JAR is reported once, with its path and the reason, and skipped; everything else
 * still loads.
 */
class PluginDiscoveryTest {
    static Path dir;
    static Path good;
    static ProviderRegistry registry;

    /** A class-path JAR whose service file names a class that is not in it. */
    static PluginSpec missingClass() {
        return new PluginSpec("missing-class.jar", null, Map.of("sample/missing/Present.java",
                "package sample.missing;\npublic final class Present { }\n"),
                Map.of(SamplePlugins.BEAT_SPI, List.of("sample.missing.NotThere")));
    }

    @BeforeAll
    static void discover(@TempDir Path tmp) throws Exception {
        good = SamplePluginJars.jar(SamplePlugins.good());
        dir = SamplePluginJars.pluginsDir(tmp, good, SamplePluginJars.jar(SamplePlugins.noProvider()),
                SamplePluginJars.jar(SamplePlugins.constructorThrows()), SamplePluginJars.jar(SamplePlugins.duplicateId()),
                SamplePluginJars.jar(missingClass()));
        Files.write(dir.resolve("corrupt.jar"), new byte[]{0x50, 0x4b, 0x03, 0x04, 0x13, 0x37, 0x00, 0x42, 0x7f, 0x01, 0x02});
        Files.writeString(dir.resolve("README.txt"), "not a jar: ignored");
        registry = ProviderRegistry.discover(dir, ModelContract.SUPPORTED_MAJOR);
    }

    private static String problemAbout(String jarName) {
        List<String> matching = registry.problems().stream().filter(p -> p.startsWith(dir.resolve(jarName).toString() + ":")).toList();
        assertEquals(1, matching.size(), () -> jarName + " should be reported exactly once: " + registry.problems());
        return matching.get(0);
    }

    @Test
    void goodJarIsDiscoveredAndSelectableById() throws Exception {
        DiscoveredProvider p = registry.require(ProviderKind.BEAT, SamplePlugins.GOOD_BEAT_ID);
        assertEquals(dir.resolve("good-beat.jar").toString(), p.origin());
        assertEquals(1, p.contractMajor());
        BeatClockProvider beat = (BeatClockProvider) p.newInstance();
        beat.open(ProviderContext.defaults(ContractFiles.v1()));
        BeatClockState s = beat.process(AudioHop.of(0, 1024 / 48000.0, new float[1024]));
        assertEquals(1, s.beatCount());
        beat.close();
    }

    @Test
    void shippedProvidersStillLoad() {
        assertTrue(registry.find(ProviderKind.BEAT, "oscillator").isPresent());
        assertTrue(registry.find(ProviderKind.STRUCTURE, "neutral").isPresent());
    }

    @Test
    void corruptJarIsReportedAndSkipped() {
        assertTrue(problemAbout("corrupt.jar").contains("not a readable JAR"), registry.problems()::toString);
    }

    @Test
    void jarWithoutProvidesIsReported() {
        assertTrue(problemAbout("no-provider.jar").contains("declares no FractalSync provider"), registry.problems()::toString);
        assertTrue(registry.find(ProviderKind.BEAT, "sample-orphan").isEmpty());
    }

    @Test
    void throwingConstructorDoesNotRunUntilSelected() throws Exception {
        // discovery reads the id from the class file; the constructor only runs (and fails) when the host opens it
        DiscoveredProvider p = registry.require(ProviderKind.BEAT, "sample-exploding-beat");
        assertTrue(registry.problems().stream().noneMatch(x -> x.contains("ctor-throws.jar")), registry.problems()::toString);
        ProviderException e = assertThrows(ProviderException.class, () -> GuardedProvider.open(p::newInstance,
                ProviderContext.defaults(ContractFiles.v1()), new ProviderThread("beat"), Duration.ofSeconds(10),
                "beat provider 'sample-exploding-beat'"));
        assertEquals("beat provider 'sample-exploding-beat' could not be constructed (IllegalStateException: model file missing)",
                e.getMessage());
    }

    @Test
    void unselectedPluginsAreNotConstructed(@TempDir Path tmp) throws Exception {
        // both constructors call System.exit(3): if discovery ran either, this test JVM would end here
        Path plugins = SamplePluginJars.pluginsDir(tmp, SamplePluginJars.jar(SamplePlugins.hostile()),
                SamplePluginJars.jar(SamplePlugins.exitingComputedId()));
        ProviderRegistry r = ProviderRegistry.discover(plugins, ModelContract.SUPPORTED_MAJOR);
        assertEquals(List.of(), r.problems());
        assertTrue(r.find(ProviderKind.BEAT, "sample-exiting-beat").isPresent());
        assertTrue(r.find(ProviderKind.BEAT, "sample-hanging-beat").isPresent());
        assertEquals(List.of("sample.exitdynamic.DynamicExitBeat"),
                r.unidentified().stream().map(UnidentifiedProvider::className).toList());
        // selecting a known id never constructs the plugin whose id is unknown
        assertEquals("oscillator", r.require(ProviderKind.BEAT, "oscillator").id());
        assertEquals(1, r.unidentified().size());
    }

    @Test
    void duplicateIdKeepsTheFirstAndReportsTheSecond() {
        String p = problemAbout("later-duplicate-beat.jar");
        assertTrue(p.contains("id '" + SamplePlugins.GOOD_BEAT_ID + "' is already provided by " + dir.resolve("good-beat.jar")), p);
        assertEquals(dir.resolve("good-beat.jar").toString(),
                registry.find(ProviderKind.BEAT, SamplePlugins.GOOD_BEAT_ID).orElseThrow().origin());
    }

    @Test
    void serviceFileNamingAMissingClassIsReported() {
        assertTrue(problemAbout("missing-class.jar").contains("sample.missing.NotThere"), registry.problems()::toString);
    }

    @Test
    void nothingElseIsReported() {
        assertEquals(4, registry.problems().size(), registry.problems()::toString);
    }

    @Test
    void unknownIdListsTheAvailableOnes() {
        SelectionException e = assertThrows(SelectionException.class, () -> registry.require(ProviderKind.BEAT, "nope"));
        assertTrue(e.getMessage().contains("oscillator") && e.getMessage().contains(SamplePlugins.GOOD_BEAT_ID), e.getMessage());
    }
}
