package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void withoutATerminalALongRunWritesAtMostOnePlainLinePerQuarter() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, "work", 200, "", 1, false);
        for (int i = 1; i <= 200; i++) {
            bar.update(i);
            Thread.sleep(10); // 2 s: several refreshes of the library's render thread
        }
        bar.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertFalse(text.contains("\r"), "no carriage-return redraws: " + text);
        assertTrue(lines.size() >= 1 && lines.size() <= ProgressBar.PLAIN_LINES, text);
        assertTrue(lines.get(lines.size() - 1).startsWith("work 100%"), text);
        assertTrue(lines.get(lines.size() - 1).contains("200/200"), text);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithRateAndEta() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "work", 50, "", 1, true);
        for (int i = 1; i <= 50; i++) {
            bar.update(i);
            Thread.sleep(30); // 1.5 s: the library shows a rate once a second has passed
        }
        bar.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\r"), text);
        assertTrue(text.matches("(?s).*work 100% .*50/50 \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) \\d+\\.\\d/s.*"), text);
    }

    @Test
    void analyzeWithStderrInAFileShowsAFewPlainProgressLines() throws Exception {
        java.nio.file.Path states = java.nio.file.Files.createTempFile("states", ".jsonl");
        try {
            CliRun r = CliRun.of("analyze", "demo", "--beat", "oscillator", "--out", states.toString());
            assertEquals(0, r.code(), r.err());
            List<String> progress = r.err().lines().filter(l -> l.startsWith("analyze ")).toList();
            assertFalse(r.err().contains("\r"), r.err());
            assertTrue(!progress.isEmpty() && progress.size() <= ProgressBar.PLAIN_LINES, r.err());
            assertTrue(progress.get(progress.size() - 1).startsWith("analyze 100%"), r.err());
        } finally {
            java.nio.file.Files.deleteIfExists(states);
        }
    }
}
