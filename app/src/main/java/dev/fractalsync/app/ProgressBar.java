package dev.fractalsync.app;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

import java.io.IOException;
import java.io.PrintStream;

/**
 * The one progress display of the commands (me.tongfei:progressbar). On a terminal: a bar redrawn in place with the
 * rate, the elapsed time and the ETA. When stderr is not a terminal (a log file, a pipe, CI): the same rendering as
 * a plain line only when a quarter is passed, so a whole run writes at most {@value #PLAIN_LINES} lines.
 */
final class ProgressBar implements AutoCloseable {
    static final int PLAIN_LINES = 4;

    private final me.tongfei.progressbar.ProgressBar bar;
    private final long total;
    /** Touched only by the library's render thread (and by close, after that thread has ended). */
    private int printedQuarters;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    ProgressBar(PrintStream out, String label, long total) {
        this(out, label, total, "", 1, out == System.err && StderrTerminal.IS_TERMINAL);
    }

    /**
     * @param unit    what one step is, shown in the rate (e.g. "s" with {@code unitSize} hops per second of audio)
     * @param terminal redraw in place (true) or print a plain line per quarter (false)
     */
    ProgressBar(PrintStream out, String label, long total, String unit, long unitSize, boolean terminal) {
        this.total = Math.max(1, total);
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(label).setInitialMax(this.total)
                .showSpeed(new java.text.DecimalFormat("0.0")).setUnit(unit, Math.max(1, unitSize)).setStyle(ProgressBarStyle.ASCII);
        if (terminal) {
            builder.setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(200);
        } else {
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> printAtQuarter(out, line), 100))
                    .setUpdateIntervalMillis(500);
        }
        bar = builder.build();
    }

    /** Sets the steps done; reaching the total ends the bar (the total may be an estimate: beyond it, it stays full). */
    void update(long done) {
        if (closed.get()) {
            return;
        }
        bar.stepTo(Math.min(done, total));
        if (done >= total) {
            close();
        }
    }

    /** Completes the bar (when the total was an estimate that the end fell short of) and ends its line. */
    void done() {
        update(total);
    }

    /** Ends the bar where it is (a failed or cancelled run); later updates are ignored. */
    @Override
    public void close() {
        // no lock around this: the library's close waits for its render thread, which calls printAtQuarter
        if (closed.compareAndSet(false, true)) {
            bar.close();
        }
    }

    private void printAtQuarter(PrintStream out, String rendered) {
        int quarters = (int) (PLAIN_LINES * Math.min(bar == null ? 0 : bar.getCurrent(), total) / total);
        if (quarters > printedQuarters) {
            printedQuarters = quarters;
            out.println(rendered.strip());
            out.flush();
        }
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
