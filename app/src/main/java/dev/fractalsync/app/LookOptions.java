package dev.fractalsync.app;

import dev.fractalsync.render.FramePainter;
import dev.fractalsync.render.Preset;
import dev.fractalsync.render.PresetFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --preset}, {@code --preset-dir} and {@code --sensitivity} of the commands that render (run, render-node). A
 * look is a shipped one's name or a JSON file ({@link PresetFile}); a file that cannot be used is one warning line and
 * the default look, never the end of a show.
 */
final class LookOptions {
    private static final Logger LOG = LoggerFactory.getLogger(LookOptions.class);

    @Option(names = "--preset", paramLabel = "NAME|FILE", description = "The look: ${COMPLETION-CANDIDATES}, a look in "
            + "--preset-dir, or a preset JSON file (default: ${DEFAULT-VALUE}); keys 1-9 or P switch it in the window.",
            defaultValue = "neon", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--preset-dir", paramLabel = "DIR", description = "A folder of preset JSON files (*.json, in name "
            + "order) added to the looks the keys choose among, after the shipped four.")
    Path presetDir;

    @Option(names = "--sensitivity", description = "How strongly beats, downbeats and coming section changes move the "
            + "picture, 0-3 (default: ${DEFAULT-VALUE}); ',' and '.' change it in the window.", defaultValue = "1.0")
    double sensitivity;

    private List<Preset> looks;

    /**
     * The looks the keys choose among: the shipped four, then those of {@code --preset-dir} (a file that cannot be
     * used is skipped with one warning line), then a {@code --preset} file not already among them.
     */
    List<Preset> looks() {
        if (looks == null) {
            List<Preset> all = new ArrayList<>(Preset.all());
            if (presetDir != null) {
                for (FolderLook f : folderLooks(presetDir, problem -> LOG.warn("{}; skipped", problem))) {
                    add(all, f.look());
                }
            }
            looks = all;
        }
        return looks;
    }

    /** A look read from a file of a preset folder. */
    record FolderLook(Path file, Preset look) {
    }

    /**
     * The looks of the {@code *.json} files in {@code dir} ({@code --preset-dir}), in name order; a file that cannot
     * be used goes to {@code skipped}, a {@code dir} that is not a folder is a one-line usage error.
     */
    static List<FolderLook> folderLooks(Path dir, java.util.function.Consumer<String> skipped) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("--preset-dir " + dir + ": not a directory");
        }
        List<FolderLook> found = new ArrayList<>();
        for (Path file : jsonFiles(dir)) {
            try {
                found.add(new FolderLook(file, PresetFile.read(file)));
            } catch (PresetFile.PresetException e) {
                skipped.accept(e.getMessage());
            }
        }
        return found;
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UsageException("--preset-dir " + dir + ": cannot be listed (" + e.getMessage() + ")");
        }
    }

    /** Adds {@code look}; one with the name of a look already there takes its place (a user's copy of neon, say). */
    static void add(List<Preset> all, Preset look) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equalsIgnoreCase(look.name())) {
                all.set(i, look);
                return;
            }
        }
        all.add(look);
    }

    /**
     * The look at start. A path (ending in .json or naming a folder) or an existing file that is no look's name is
     * read, and one that cannot be used is a warning line and the default look; otherwise the name is looked up among
     * {@link #looks()} (unknown: a one-line usage error). A sensitivity outside [0, 3] is a one-line error.
     */
    Preset look() {
        if (!(sensitivity >= 0 && sensitivity <= FramePainter.MAX_SENSITIVITY)) {
            throw new UsageException("--sensitivity must be in [0, " + FramePainter.MAX_SENSITIVITY + "], got "
                    + sensitivity);
        }
        List<Preset> all = looks();
        Path file = Path.of(preset);
        boolean named = all.stream().anyMatch(p -> p.name().equalsIgnoreCase(preset.trim()));
        boolean path = preset.toLowerCase(java.util.Locale.ROOT).endsWith(".json") || preset.contains(java.io.File.separator);
        if (path || (!named && Files.isRegularFile(file))) {
            try {
                Preset look = PresetFile.read(file);
                add(all, look);
                return look;
            } catch (PresetFile.PresetException e) {
                LOG.warn("{}; using the default look '{}'", e.getMessage(), Preset.NEON.name());
                return Preset.NEON;
            }
        }
        try {
            return Preset.named(preset, all);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + ", or a preset JSON file");
        }
    }

    /** The preset names for the help text and completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Preset.all().stream().map(Preset::name).iterator();
        }
    }
}
