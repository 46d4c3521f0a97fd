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
    void withoutATerminalARunWritesOnePlainLineAtEachQuarter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressBar bar = new ProgressBar(out, "work", 200, ProgressBar.Units.count(""), false);
        for (int i = 1; i <= 200; i += 7) { // steps that never land on a quarter exactly
            bar.update(i);
        }
        bar.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertFalse(text.contains("\r"), "no carriage-return redraws: " + text);
        assertEquals(ProgressBar.PLAIN_LINES, lines.size(), text);
        assertTrue(lines.get(0).startsWith("work  25% 50/200, "), text);
        assertTrue(lines.get(1).startsWith("work  50% 100/200, "), text);
        assertTrue(lines.get(2).startsWith("work  75% 150/200, "), text);
        assertTrue(lines.get(3).startsWith("work 100% 200/200, "), text);
    }

    @Test
    void anAudioJobCountsAudioTimeNotHops() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // 5 minutes of 46.875 Hz hops
        ProgressBar bar = new ProgressBar(out, "analyze", 14063, ProgressBar.Units.audio(46.875), false);
        for (int i = 64; i < 14063; i += 64) {
            bar.update(i);
        }
        bar.done();
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("analyze  25% 1:15 / 5:00 of audio, \\d+\\.\\dx real time"), lines.get(0));
        assertTrue(lines.get(3).matches("analyze 100% 5:00 / 5:00 of audio, \\d+\\.\\dx real time"), lines.get(3));
        assertFalse(lines.toString().contains("14063"), "no hop counts: " + lines);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithRateAndEta() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "work", 50,
                ProgressBar.Units.count("frames"), true);
        for (int i = 1; i <= 50; i++) {
            bar.update(i);
            Thread.sleep(20); // 1 s: several redraws of the library's render thread
        }
        bar.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\r"), text);
        assertTrue(text.matches("(?s).*work 100% \\[=+\\] 50/50 frames, \\d+\\.\\d/s.*"), text);
        assertTrue(text.matches("(?s).*work +\\d+% \\[=*>? *\\] \\d+/50 frames, \\d+\\.\\d/s, ETA \\d+:\\d\\d.*"), text);
    }

    @Test
    void analyzeWithStderrInAFileShowsAFewPlainProgressLines() throws Exception {
        java.nio.file.Path states = java.nio.file.Files.createTempFile("states", ".jsonl");
        try {
            CliRun r = CliRun.of("analyze", "demo", "--beat", "oscillator", "--out", states.toString());
            assertEquals(0, r.code(), r.err());
            List<String> progress = r.err().lines().filter(l -> l.startsWith("analyze ")).toList();
            assertFalse(r.err().contains("\r"), r.err());
            assertEquals(ProgressBar.PLAIN_LINES, progress.size(), r.err());
            assertTrue(progress.get(0).startsWith("analyze  25% "), r.err());
            assertTrue(progress.get(progress.size() - 1).startsWith("analyze 100%"), r.err());
            assertTrue(progress.get(progress.size() - 1).contains(" of audio, "), r.err());
        } finally {
            java.nio.file.Files.deleteIfExists(states);
        }
    }
}
