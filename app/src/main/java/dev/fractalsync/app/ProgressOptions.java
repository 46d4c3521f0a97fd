package dev.fractalsync.app;

import picocli.CommandLine.Option;

/** {@code -q/--quiet} of the commands that show progress: no progress bar or progress lines. */
final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    /** A progress bar on stderr for {@code total} steps, or null with {@code --quiet}. */
    ProgressBar bar(String label, long total) {
        return quiet ? null : new ProgressBar(System.err, label, total);
    }
}
