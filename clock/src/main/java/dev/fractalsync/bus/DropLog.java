package dev.fractalsync.bus;

import org.slf4j.Logger;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log of messages a bus drops (malformed, not sealed with the cluster's secret, replayed, another contract
 * version): one warning line at most every {@value #INTERVAL_SECONDS} s, which says how many were dropped without a
 * line since the previous one. A flood from outside the cluster costs one line per {@value #INTERVAL_SECONDS} s and
 * never a stack trace; the count still reaches the log with the next line or at {@link #close}.
 */
public final class DropLog {
    public static final int INTERVAL_SECONDS = 10;
    /** Longer reasons (an exception's message quoting the message itself) are cut here. */
    static final int MAX_REASON = 240;

    private final Consumer<String> sink;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private boolean anyLine;
    private long lastLineNanos;
    private long unlogged;
    private long total;

    /** Lines go to {@code log} as warnings. */
    public DropLog(Logger log) {
        this(log::warn, System::nanoTime, INTERVAL_SECONDS * 1_000_000_000L);
    }

    DropLog(Consumer<String> sink, LongSupplier nanoTime, long intervalNanos) {
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
    }

    /** Counts a dropped message ({@code what}: e.g. "a fractalsync.slow-state message") and logs it unless a line went out lately. */
    public void drop(String what, String reason) {
        String line;
        synchronized (this) {
            total++;
            long now = nanoTime.getAsLong();
            if (anyLine && now - lastLineNanos < intervalNanos) {
                unlogged++;
                return;
            }
            line = "dropped " + what + ": " + oneLine(reason) + since() + "; such lines come at most every "
                    + INTERVAL_SECONDS + " s";
            anyLine = true;
            lastLineNanos = now;
            unlogged = 0;
        }
        sink.accept(line);
    }

    /** As {@link #drop(String, String)}, the reason being the exception's class and message (never its trace). */
    public void drop(String what, Throwable cause) {
        drop(what, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    /** Messages dropped so far. */
    public synchronized long total() {
        return total;
    }

    /** Logs the count of messages dropped since the last line, if any (when the bus closes). */
    public void close() {
        String line;
        synchronized (this) {
            if (unlogged == 0) {
                return;
            }
            line = unlogged + " more bus message" + (unlogged == 1 ? " was" : "s were") + " dropped after the last such line";
            unlogged = 0;
            lastLineNanos = nanoTime.getAsLong();
        }
        sink.accept(line);
    }

    private String since() {
        return unlogged == 0 ? "" : " (and " + unlogged + " more dropped since the last such line)";
    }

    /** One line of at most {@link #MAX_REASON} characters: a peer's bytes must not write lines of their own into the log. */
    static String oneLine(String reason) {
        StringBuilder b = new StringBuilder(Math.min(reason.length(), MAX_REASON + 1));
        for (int i = 0; i < reason.length() && b.length() < MAX_REASON; i++) {
            char c = reason.charAt(i);
            b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        if (reason.length() > MAX_REASON) {
            b.append('…');
        }
        return b.toString();
    }
}
