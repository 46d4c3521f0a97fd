package dev.fractalsync.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A directory this process cannot create files in, for the tests of write errors: a read-only (0555) directory, or,
 * where that does not stop the process (root ignores permission bits, as in CI), {@code /sys}, which refuses new
 * files even to root. Skips the test where neither is unwritable.
 */
final class Unwritable {
    private Unwritable() {
    }

    static Path directory(Path tmp) {
        try {
            Path ro = Files.createDirectories(tmp.resolve("ro"));
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
            if (!canCreateIn(ro)) {
                return ro;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX: try /sys
        }
        Path sys = Path.of("/sys");
        assumeTrue(Files.isDirectory(sys) && !canCreateIn(sys), "no directory here refuses new files to this process");
        return sys;
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve(".probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
