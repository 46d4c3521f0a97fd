package dev.fractalsync.app;

import picocli.CommandLine.Option;

/** {@code -q/--quiet} of the commands that show progress: no progress bar or progress lines. */
public final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    public boolean quiet() {
        return quiet;
    }

    /** A progress bar on stderr for {@code total} steps, or null with {@code --quiet}. */
    public ProgressBar bar(String label, long total) {
        return quiet ? null : new ProgressBar(System.err, label, total);
    }

    /** A progress bar on stderr counting {@code totalHops} hops of {@code hopsPerSecond} as audio time. */
    ProgressBar audioBar(String label, long totalHops, double hopsPerSecond) {
        return quiet ? null : new ProgressBar(System.err, label, totalHops, ProgressBar.Units.audio(hopsPerSecond),
                ProgressBar.isTerminal());
    }

    /** A progress bar on stderr counting {@code total} items named {@code what} (frames, files). */
    public ProgressBar countBar(String label, long total, String what) {
        return quiet ? null : new ProgressBar(System.err, label, total, ProgressBar.Units.count(what),
                ProgressBar.isTerminal());
    }

    /** A progress bar on stderr counting {@code total} steps shown in {@code units}. */
    public ProgressBar bar(String label, long total, ProgressBar.Units units) {
        return quiet ? null : new ProgressBar(System.err, label, total, units, ProgressBar.isTerminal());
    }
}
