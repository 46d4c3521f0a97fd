package dev.fractalsync.conformance;

import dev.fractalsync.conformance.sampleplugins.PluginJarBuilder;
import dev.fractalsync.conformance.sampleplugins.PluginSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Builds each sample plugin JAR once per test JVM, under target/sample-plugins. */
final class SamplePluginJars {
    private static final Path DIR = Path.of("target", "sample-plugins");
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private SamplePluginJars() {
    }

    static synchronized Path jar(PluginSpec spec) {
        return BUILT.computeIfAbsent(spec.jarName(), n -> {
            try {
                Files.createDirectories(DIR);
                return PluginJarBuilder.build(spec, DIR, PluginJarBuilder.apiModulePath());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A fresh plugins directory holding copies of the given JARs. */
    static Path pluginsDir(Path parent, Path... jars) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("plugins"));
        for (Path jar : jars) {
            Files.copy(jar, dir.resolve(jar.getFileName()));
        }
        return dir;
    }
}
