package dev.fractalsync.conformance.sampleplugins;

import dev.fractalsync.api.spi.Provider;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Compiles a {@link PluginSpec} with the system Java compiler and packs it, with its service files, into a JAR. */
public final class PluginJarBuilder {
    private PluginJarBuilder() {
    }

    /**
     * The module path a plugin compiles against when the build runs on the class path: the locations of the api
     * classes and of the Jackson modules the api requires.
     */
    public static List<Path> apiModulePath() {
        Set<Path> out = new LinkedHashSet<>();
        for (String cls : List.of("dev.fractalsync.api.spi.Provider", "com.fasterxml.jackson.databind.ObjectMapper",
                "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.annotation.JsonProperty")) {
            try {
                Class<?> c = Class.forName(cls, false, Provider.class.getClassLoader());
                out.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + cls + " for compiling plugins", e);
            }
        }
        return List.copyOf(out);
    }

    /** Every JAR of a directory (e.g. the launcher's lib directory) as a module path. */
    public static List<Path> jarsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds {@code spec} under {@code workDir} and returns the JAR ({@code workDir/<jarName>}). */
    public static Path build(PluginSpec spec, Path workDir, List<Path> modulePath) throws IOException {
        String base = spec.jarName().replace(".jar", "");
        Path src = workDir.resolve("src").resolve(base);
        Path classes = workDir.resolve("classes").resolve(base);
        deleteTree(src); // no stale sources or classes from an earlier build into the JAR
        deleteTree(classes);
        Files.createDirectories(src);
        Files.createDirectories(classes);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : spec.sources().entrySet()) {
            files.add(write(src.resolve(e.getKey()), e.getValue()));
        }
        String moduleInfo = spec.moduleInfo();
        if (moduleInfo != null) {
            files.add(write(src.resolve("module-info.java"), moduleInfo));
        }
        String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> options = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-proc:none"));
        options.addAll(moduleInfo != null ? List.of("--module-path", path) : List.of("-classpath", path));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: the tests need a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new IllegalStateException("plugin " + spec.jarName() + " does not compile: " + diagnostics.getDiagnostics()
                        .stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString)
                        .collect(Collectors.joining("; ")));
            }
        }
        for (Map.Entry<String, List<String>> e : spec.provides().entrySet()) {
            write(classes.resolve("META-INF/services/" + e.getKey()), String.join("\n", e.getValue()) + "\n");
        }
        Path jar = workDir.resolve(spec.jarName());
        pack(classes, jar);
        return jar;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList());
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static void pack(Path dir, Path jar) throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> entries;
        try (Stream<Path> s = Files.walk(dir)) {
            entries = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, mf)) {
            for (Path p : entries) {
                out.putNextEntry(new JarEntry(dir.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }
}
