package dev.fractalsync.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** {@code --plugins DIR}, the same on every command that discovers providers. */
public final class PluginsOption {
    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Directory of plugin JARs, instead of the default search path: plugins/ of the installation, "
                    + "then $XDG_CONFIG_HOME/fractalsync/plugins (~/.config/fractalsync/plugins); never the current "
                    + "directory. A directory you name must exist. 'providers' lists the directories searched.")
    Path dir;

    /** The directories searched, in order, after checking that a named one exists. */
    public List<Path> searchPath() {
        if (dir != null) {
            PluginsDirectory.check(dir);
            return List.of(dir);
        }
        return PluginsDirectory.defaults();
    }

    /** The first directory searched (for settings that hold one), or null. */
    Path checked() {
        List<Path> dirs = searchPath();
        return dirs.isEmpty() ? null : dirs.get(0);
    }
}
