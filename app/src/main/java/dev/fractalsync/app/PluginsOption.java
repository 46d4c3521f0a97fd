package dev.fractalsync.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --plugins DIR}, the same on every command that discovers providers. */
final class PluginsOption {
    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = PluginsDirectory.DEFAULT,
            description = "Directory of plugin JARs (default: ${DEFAULT-VALUE}; a directory you name must exist).")
    Path dir;

    /** The directory, after checking that a named one exists. */
    Path checked() {
        PluginsDirectory.check(dir);
        return dir;
    }
}
