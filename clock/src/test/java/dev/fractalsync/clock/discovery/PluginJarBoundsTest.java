package dev.fractalsync.clock.discovery;

import dev.fractalsync.api.spi.ProviderKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile plugin JARs built at test time (a service-file bomb, a bomb behind a lying entry header, a provider class
 * bomb, too many entries, garbage): each is skipped with one line before the JDK reads it, and a good plugin beside
 * them still loads.
 */
class PluginJarBoundsTest {
    private static final String BEAT_SPI = "dev.fractalsync.api.spi.BeatClockProvider";
    private static final long BOMB_BYTES = 128L * 1024 * 1024;

    @TempDir
    static Path tmp;
    static Path plugins;

    @BeforeAll
    static void build() throws IOException {
        plugins = Files.createDirectories(tmp.resolve("plugins"));
        goodPlugin(plugins.resolve("a-good.jar"));
        try (JarOutputStream out = jar(plugins.resolve("b-services-bomb.jar"))) {
            zeros(out, "META-INF/services/" + BEAT_SPI, BOMB_BYTES);
        }
        Path lying = plugins.resolve("c-lying-bomb.jar");
        try (JarOutputStream out = jar(lying)) {
            zeros(out, "META-INF/services/" + BEAT_SPI, BOMB_BYTES);
        }
        declareSize(lying, 20); // the header now says 20 bytes; the data still inflates to 128 MiB
        Path classBomb = plugins.resolve("d-class-bomb.jar");
        try (JarOutputStream out = jar(classBomb)) {
            text(out, "META-INF/services/" + BEAT_SPI, "bomb.Beat\n");
            zeros(out, "bomb/Beat.class", 64L * 1024 * 1024);
        }
        declareSize(classBomb, 1000); // a provider class that says 1000 bytes and inflates to 64 MiB
        try (JarOutputStream out = jar(plugins.resolve("e-many-entries.jar"))) {
            out.setLevel(Deflater.NO_COMPRESSION);
            for (int i = 0; i <= PluginJarBounds.MAX_ENTRIES; i++) {
                out.putNextEntry(new JarEntry("r/" + i));
                out.closeEntry();
            }
        }
        byte[] garbage = new byte[4096];
        new Random(36).nextBytes(garbage);
        Files.write(plugins.resolve("f-garbage.jar"), garbage);
        byte[] good = Files.readAllBytes(plugins.resolve("a-good.jar"));
        Files.write(plugins.resolve("g-truncated.jar"), java.util.Arrays.copyOf(good, good.length / 2));
    }

    private static JarOutputStream jar(Path file) throws IOException {
        return new JarOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** An entry of {@code bytes} zero bytes, streamed: a 128 MiB entry takes 130 KB in the JAR and half a second. */
    private static void zeros(JarOutputStream out, String name, long bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        byte[] chunk = new byte[1 << 20];
        for (long done = 0; done < bytes; done += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, bytes - done));
        }
        out.closeEntry();
    }

    private static void text(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    /** Rewrites the uncompressed size of every entry in the central directory to {@code size}. */
    private static void declareSize(Path jar, int size) throws IOException {
        byte[] b = Files.readAllBytes(jar);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 46 <= b.length; i++) {
            if (buf.getInt(i) == 0x02014b50) { // central directory file header
                buf.putInt(i + 24, size);
                patched++;
            }
        }
        assertTrue(patched > 0);
        Files.write(jar, b);
    }

    /** A beat provider compiled now against the test class path, declared in META-INF/services. */
    private static void goodPlugin(Path jar) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/goodplugin"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Files.writeString(src.resolve("GoodBeat.java"), """
                package goodplugin;
                import dev.fractalsync.api.*;
                import dev.fractalsync.api.spi.*;
                public final class GoodBeat implements BeatClockProvider {
                    public String id() { return "bounded-good-beat"; }
                    public String name() { return "Good beat"; }
                    public int contractMajor() { return 1; }
                    public void open(ProviderContext context) { }
                    public BeatClockState process(AudioHop hop) {
                        double beats = hop.tSec() / 0.5;
                        return new BeatClockState(hop.tSec(), 0.5, BeatClockState.wrapPhase(beats), (long) beats + 1, 1, null);
                    }
                    public void reset() { }
                    public void close() { }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "--release", "17", "-proc:none", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString(), src.resolve("GoodBeat.java").toString());
        assertEquals(0, rc, "the good plugin does not compile");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            text(out, "META-INF/services/" + BEAT_SPI, "goodplugin.GoodBeat\n");
            out.putNextEntry(new JarEntry("goodplugin/GoodBeat.class"));
            Files.copy(classes.resolve("goodplugin/GoodBeat.class"), out);
            out.closeEntry();
        }
    }

    private static List<String> problemsAbout(ProviderRegistry r, String jar) {
        return r.problems().stream().filter(p -> p.startsWith(plugins.resolve(jar).toString())).collect(Collectors.toList());
    }

    @Test
    void everyHostileJarIsOneSkippedLineAndTheGoodPluginLoads() {
        ProviderRegistry r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> ProviderRegistry.discover(plugins, 1));
        assertTrue(r.find(ProviderKind.BEAT, "bounded-good-beat").isPresent(), r.problems()::toString);
        assertEquals(6, r.problems().size(), r.problems()::toString);
        for (String jar : List.of("b-services-bomb.jar", "c-lying-bomb.jar", "d-class-bomb.jar", "e-many-entries.jar",
                "f-garbage.jar", "g-truncated.jar")) {
            List<String> lines = problemsAbout(r, jar);
            assertEquals(1, lines.size(), jar + ": " + r.problems());
            assertTrue(lines.get(0).endsWith(", skipped"), lines.get(0));
        }
        assertEquals(List.of(plugins.resolve("b-services-bomb.jar") + ": META-INF/services/" + BEAT_SPI
                + " inflates to more than 64 KiB (the limit for a service file), skipped"), problemsAbout(r, "b-services-bomb.jar"));
        assertEquals(List.of(plugins.resolve("c-lying-bomb.jar") + ": META-INF/services/" + BEAT_SPI
                + " inflates to more than 64 KiB (the limit for a service file), skipped"), problemsAbout(r, "c-lying-bomb.jar"));
        assertEquals(List.of(plugins.resolve("d-class-bomb.jar") + ": bomb/Beat.class inflates to more than 8 MiB "
                + "(the limit for it), skipped"), problemsAbout(r, "d-class-bomb.jar"));
        assertEquals(List.of(plugins.resolve("e-many-entries.jar") + ": has 100001 entries, more than the 100000 a plugin "
                + "may have, skipped"), problemsAbout(r, "e-many-entries.jar"));
        assertTrue(problemsAbout(r, "f-garbage.jar").get(0).contains(": not a readable JAR ("), r.problems()::toString);
        assertTrue(problemsAbout(r, "g-truncated.jar").get(0).contains(": not a readable JAR ("), r.problems()::toString);
    }

    @Test
    void theChecksAloneReadLittle() throws Exception {
        for (String jar : List.of("b-services-bomb.jar", "c-lying-bomb.jar", "d-class-bomb.jar")) {
            long start = System.nanoTime();
            try {
                PluginJarBounds.check(plugins.resolve(jar));
                throw new AssertionError(jar + " passed the bounds");
            } catch (PluginJarBounds.BoundsException expected) {
                assertTrue(System.nanoTime() - start < 2_000_000_000L, jar + " took over 2 s");
            }
        }
        PluginJarBounds.check(plugins.resolve("a-good.jar")); // within every bound
    }

    @Test
    void aClassFileDeclaringTooManyBytesIsRefusedByItsHeader() throws Exception {
        Path jar = tmp.resolve("big-class.jar");
        try (JarOutputStream out = jar(jar)) {
            zeros(out, "big/Blob.class", PluginJarBounds.MAX_CLASS_FILE + 1);
        }
        try {
            PluginJarBounds.check(jar);
            throw new AssertionError("passed");
        } catch (PluginJarBounds.BoundsException e) {
            assertEquals("big/Blob.class declares 8388609 bytes, more than the 8388608 a class file may have", e.getMessage());
        }
    }
}
