package dev.fractalsync.app;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most every percent. */
final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final long total;
    private int lastPercent = -1;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        int percent = (int) Math.min(100, 100 * done / total); // the total may be an estimate
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        int width = 30;
        int filled = percent * width / 100;
        out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + percent + "%");
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    /** Completes the bar (when the total was an estimate that the end fell short of). */
    void done() {
        if (lastPercent < 100) {
            update(total);
        }
    }
}
