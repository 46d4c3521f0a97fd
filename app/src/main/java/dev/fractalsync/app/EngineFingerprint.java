package dev.fractalsync.app;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a song's results depend on besides its bytes: the FractalSync version, the contract, the options that change
 * the analysis, and the code of the engine and of each provider (its JAR, models included, by SHA-256). Two runs with
 * equal fingerprints give the same outputs for the same file, so {@code analyze-library} skips a track whose summary
 * holds this fingerprint and the file's hash. A rebuilt JAR (even of the same source) counts as different.
 *
 * @param json the {@code engine} object of the summary
 */
record EngineFingerprint(ObjectNode json) {
    private static final Map<String, String> CODE_HASHES = new ConcurrentHashMap<>();

    /** The fingerprint of {@code engine}'s providers as opened (before any song), under {@code wiring}'s settings. */
    static EngineFingerprint of(ProviderWiring wiring, FractalSyncEngine engine) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("fractalsync", BuildVersion.version());
        root.put("contract", wiring.contract().version());
        root.put("code_sha256", codeHash(FractalSyncEngine.class));
        root.put("options", options(wiring.settings()));
        root.set("beat", provider(engine.beatProvider()));
        root.set("structure", provider(engine.structureProvider()));
        return new EngineFingerprint(root);
    }

    private static ObjectNode provider(Provider p) throws IOException {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", p.id());
        n.put("sha256", codeHash(p.getClass()));
        return n;
    }

    /** The settings that change the analysis (not the plugins path, the watchdog or the controller), in a fixed order. */
    private static String options(EngineSettings s) {
        return "beat=" + (s.beat() == null ? "default" : s.beat())
                + " structure=" + (s.structure() == null ? "default" : s.structure())
                + " decimation=" + s.decimation() + " seed=" + s.seed() + " bpm=" + (s.bpm() == null ? "default" : s.bpm())
                + " tempo_level=" + s.tempoLevel().flag() + " beat_opts=" + new TreeMap<>(s.beatOptions())
                + " structure_opts=" + new TreeMap<>(s.structureOptions());
    }

    /** SHA-256 of the JAR or class directory {@code c} was loaded from ("unknown" when it has no code source). */
    static String codeHash(Class<?> c) throws IOException {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "unknown";
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return "unknown";
        }
        String key = location.toAbsolutePath().normalize().toString();
        String known = CODE_HASHES.get(key);
        if (known == null) {
            known = hashTree(location);
            CODE_HASHES.put(key, known);
        }
        return known;
    }

    /** A file's bytes, or a directory's files (relative name and bytes, in name order). */
    private static String hashTree(Path location) throws IOException {
        MessageDigest digest = sha256();
        if (Files.isDirectory(location)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(location)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                digest.update(location.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                update(digest, f);
            }
        } else {
            update(digest, location);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of a file's bytes, in hex. */
    static String fileHash(Path file) throws IOException {
        MessageDigest digest = sha256();
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
