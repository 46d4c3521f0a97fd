package dev.fractalsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval-structure on a generated song with truth: every predictor is scored, and the shipped model beats the base rate. */
class EvalStructureCommandTest {
    private static final Pattern ACCURACY = Pattern.compile("^(\\S+)\\s+section acc ([0-9.]+).*F@3s ([0-9.]+)", Pattern.MULTILINE);

    @Test
    void scoresAnticipatorNoveltyAndBaseRateOnADemoSong(@TempDir Path tmp) {
        assertEquals(0, CliRun.of("demo", "--out", tmp.toString(), "--seed", "12").code());
        Path wav;
        try (var files = Files.list(tmp)) {
            wav = files.filter(f -> f.toString().endsWith(".wav")).findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        CliRun r = CliRun.tools("eval-structure", wav.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = ACCURACY.matcher(r.out());
        double base = -1;
        double anticipator = -1;
        int blocks = 0;
        while (m.find()) {
            blocks++;
            if (m.group(1).equals("base-rate")) {
                base = Double.parseDouble(m.group(2));
            } else if (m.group(1).equals("anticipator")) {
                anticipator = Double.parseDouble(m.group(2));
            }
        }
        assertEquals(3, blocks, r.out());
        assertTrue(r.out().contains("Brier") && r.out().contains("AUC"), r.out());
        assertTrue(anticipator > base, "anticipator " + anticipator + " vs base rate " + base + "\n" + r.out());
    }

    @Test
    void missingTruthIsOneClearLine(@TempDir Path tmp) throws Exception {
        Path wav = tmp.resolve("x.wav");
        assertEquals(0, CliRun.of("demo", "--out", tmp.toString()).code());
        Files.move(tmp.resolve("demo.wav"), wav);
        CliRun r = CliRun.tools("eval-structure", wav.toString(), "--beat", "oscillator");
        assertNotEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("no truth for"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
