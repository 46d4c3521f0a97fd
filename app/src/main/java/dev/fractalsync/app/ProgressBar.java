package dev.fractalsync.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressState;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The one progress display of the commands. On a terminal: a bar redrawn in place (me.tongfei:progressbar) with the
 * amount done, the rate and the ETA. When stderr is not a terminal (a log file, a pipe, CI): one plain line at each
 * quarter, 25 %, 50 %, 75 % and 100 %, so a whole run writes exactly {@value #PLAIN_LINES} lines. An audio job
 * ({@link Units#audio}) counts audio time ({@code 1:15 / 5:00 of audio, 58x real time}), not hops.
 */
public final class ProgressBar implements AutoCloseable {
    static final int PLAIN_LINES = 4;

    /** How the amount done and the rate are shown. */
    interface Units {
        /** The amount done of the total, e.g. {@code 12/48} or {@code 1:15 / 5:00 of audio}. */
        String amount(long done, long total);

        /** The rate after {@code seconds} of wall-clock time, e.g. {@code 3.1/s} or {@code 58x real time}. */
        String rate(long done, double seconds);

        /** Steps counted one by one, e.g. frames or files ({@code what} may be empty). */
        static Units count(String what) {
            return new Units() {
                @Override
                public String amount(long done, long total) {
                    return done + "/" + total + (what.isEmpty() ? "" : " " + what);
                }

                @Override
                public String rate(long done, double seconds) {
                    return String.format(Locale.ROOT, "%.1f/s", done / seconds);
                }
            };
        }

        /** Steps of {@code 1 / stepsPerSecond} seconds of audio each (hops), shown as audio time. */
        static Units audio(double stepsPerSecond) {
            return new Units() {
                @Override
                public String amount(long done, long total) {
                    return clock(done / stepsPerSecond) + " / " + clock(total / stepsPerSecond) + " of audio";
                }

                @Override
                public String rate(long done, double seconds) {
                    return String.format(Locale.ROOT, "%.1fx real time", done / stepsPerSecond / seconds);
                }
            };
        }
    }

    private final PrintStream out;
    private final String label;
    private final long total;
    private final Units units;
    private final long startNanos = System.nanoTime();
    /** The library's bar on a terminal, null for plain lines. */
    private final me.tongfei.progressbar.ProgressBar bar;
    private int printedQuarters;
    private long done;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    ProgressBar(PrintStream out, String label, long total) {
        this(out, label, total, Units.count(""), out == System.err && StderrTerminal.IS_TERMINAL);
    }

    /** @param terminal redraw in place (true) or print a plain line per quarter (false) */
    ProgressBar(PrintStream out, String label, long total, Units units, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.units = units;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(this.total)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200)
                    .setRenderer(this::render).build();
        } else {
            bar = null;
        }
    }

    /** Sets the steps done; reaching the total ends the bar (the total may be an estimate: beyond it, it stays full). */
    public void update(long steps) {
        if (closed.get()) {
            return;
        }
        long now = Math.min(steps, total);
        if (bar != null) {
            bar.stepTo(now);
        } else {
            printQuarters(now);
        }
        if (steps >= total) {
            close();
        }
    }

    /** Completes the bar (when the total was an estimate that the end fell short of) and ends its line. */
    public void done() {
        update(total);
    }

    /** Ends the bar where it is (a failed or cancelled run); later updates are ignored. */
    @Override
    public void close() {
        // no lock around this: the library's close waits for its render thread, which calls render
        if (closed.compareAndSet(false, true) && bar != null) {
            bar.close();
        }
    }

    /** One line for each quarter passed since the last call, each at exactly its quarter. */
    private synchronized void printQuarters(long now) {
        done = Math.max(done, now);
        int quarters = (int) (PLAIN_LINES * done / total);
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        while (printedQuarters < quarters) {
            printedQuarters++;
            long at = total * printedQuarters / PLAIN_LINES;
            out.printf(Locale.ROOT, "%s %3d%% %s, %s%n", label, 100 * printedQuarters / PLAIN_LINES,
                    units.amount(at, total), units.rate(done, seconds));
        }
        out.flush();
    }

    /** The terminal line: label, percentage, bar, amount, rate and ETA. */
    private String render(ProgressState state, int maxLength) {
        long current = state.getCurrent();
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        int percent = (int) (100 * current / total);
        int width = 20;
        int filled = (int) (width * current / total);
        String barText = "[" + "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "") + "]";
        String eta = current > 0 && current < total ? ", ETA " + clock(seconds * (total - current) / current) : "";
        String line = String.format(Locale.ROOT, "%s %3d%% %s %s, %s%s", label, percent, barText,
                units.amount(current, total), current > 0 ? units.rate(current, seconds) : "starting", eta);
        return maxLength > 0 && line.length() > maxLength ? line.substring(0, maxLength) : line;
    }

    /** Whether the process's stderr is a terminal (then bars redraw in place). */
    static boolean isTerminal() {
        return StderrTerminal.IS_TERMINAL;
    }

    /** Seconds as m:ss, or h:mm:ss from an hour. */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Whether file descriptor 2 is a terminal, asked once per JVM (jline runs {@code test -t 2}). */
    private static final class StderrTerminal {
        static final boolean IS_TERMINAL = detect();

        private static boolean detect() {
            try {
                return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
            } catch (IOException | RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
