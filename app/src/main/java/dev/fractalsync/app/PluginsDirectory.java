package dev.fractalsync.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where plugin JARs are looked for. Without {@code --plugins}: {@code plugins/} of the installation (the directory
 * the launcher runs from, passed as the system property {@value #HOME_PROPERTY}), then the user's
 * {@code $XDG_CONFIG_HOME/fractalsync/plugins} ({@code ~/.config/fractalsync/plugins} when the variable is unset),
 * whatever the current directory is: a plugin is trusted code, so a {@code plugins/} directory that merely happens to
 * be where the command runs is never loaded. A directory the user names with {@code --plugins} replaces that search
 * path and must exist.
 */
final class PluginsDirectory {
    static final String HOME_PROPERTY = "fractalsync.home";

    private PluginsDirectory() {
    }

    /** The default search path of this process (its installation, its user's config directory). */
    static List<Path> defaults() {
        return defaults(System.getProperty(HOME_PROPERTY), System.getenv("XDG_CONFIG_HOME"), System.getProperty("user.home"));
    }

    /**
     * The default search path for an installation at {@code home} (null: not run through a launcher), with
     * {@code xdgConfigHome} (null or empty: unset, or not absolute: ignored, as the XDG specification says) and
     * {@code userHome}.
     */
    static List<Path> defaults(String home, String xdgConfigHome, String userHome) {
        List<Path> dirs = new ArrayList<>();
        if (home != null && !home.isBlank()) {
            dirs.add(Path.of(home).toAbsolutePath().normalize().resolve("plugins"));
        }
        Path config = null;
        if (xdgConfigHome != null && !xdgConfigHome.isBlank() && Path.of(xdgConfigHome).isAbsolute()) {
            config = Path.of(xdgConfigHome);
        } else if (userHome != null && !userHome.isBlank()) {
            config = Path.of(userHome).resolve(".config");
        }
        if (config != null) {
            Path user = config.resolve("fractalsync").resolve("plugins").normalize();
            if (!dirs.contains(user)) {
                dirs.add(user);
            }
        }
        return List.copyOf(dirs);
    }

    /** The user's configuration directory ($XDG_CONFIG_HOME, else ~/.config), or null when neither is known. */
    static Path configDirectory() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg);
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() ? null : Path.of(home).resolve(".config");
    }

    /** A directory the user named must exist and be a directory. */
    static void check(Path dir) {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        throw new UsageException("--plugins " + dir + (Files.exists(dir) ? ": is a file, not a directory of plugin JARs"
                : ": no such directory"));
    }
}
