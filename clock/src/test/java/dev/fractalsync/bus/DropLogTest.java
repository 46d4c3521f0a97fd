package dev.fractalsync.bus;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropLogTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneLineEveryTenSecondsWithTheCountOfTheOthers() {
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicLong now = new AtomicLong(5 * SECOND);
        DropLog log = new DropLog(lines::add, now::get, 10 * SECOND);
        for (int i = 0; i < 1000; i++) { // a flood within one second
            log.drop("a fractalsync.slow-state message", "not sealed");
            now.addAndGet(SECOND / 1000);
        }
        assertEquals(List.of("dropped a fractalsync.slow-state message: not sealed; such lines come at most every 10 s"),
                lines);
        now.addAndGet(9 * SECOND - SECOND / 2); // 9.5 s after the first line: still quiet
        log.drop("a fractalsync.beat message", "not sealed");
        assertEquals(1, lines.size());
        now.addAndGet(SECOND);
        log.drop("a malformed fractalsync.slow-state message", new IllegalArgumentException("bad\nline"));
        assertEquals("dropped a malformed fractalsync.slow-state message: IllegalArgumentException: bad line (and 1000 "
                + "more dropped since the last such line); such lines come at most every 10 s", lines.get(1));
        log.drop("a fractalsync.beat message", "again");
        log.drop("a fractalsync.beat message", "again");
        log.close();
        assertEquals("2 more bus messages were dropped after the last such line", lines.get(2));
        log.close();
        assertEquals(3, lines.size(), "nothing more to say");
        assertEquals(1004, log.total());
    }

    @Test
    void aPeersBytesCannotWriteLinesOfTheirOwn() {
        String hostile = "x\r\n[ERROR] Main - forged\u2028" + "y".repeat(10_000);
        String line = DropLog.oneLine(hostile);
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), line);
        assertTrue(line.length() <= DropLog.MAX_REASON + 1, "cut: " + line.length());
        assertTrue(line.endsWith("…"));
        assertEquals("short", DropLog.oneLine("short"));
    }
}
