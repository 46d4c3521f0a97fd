package dev.fractalsync.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --plugins} option: its default may be absent, but a directory the user names must exist. */
final class PluginsDirectory {
    static final String DEFAULT = "plugins";

    private PluginsDirectory() {
    }

    static void check(Path dir) {
        if (dir == null || Files.isDirectory(dir) || dir.equals(Path.of(DEFAULT))) {
            return;
        }
        throw new IllegalArgumentException("--plugins " + dir + (Files.exists(dir) ? ": is a file, not a directory of plugin JARs"
                : ": no such directory"));
    }
}
