package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.json.StateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path tmp;



    @Test
    void analyzeWritesOneStatePerHopOfTheDemo() throws Exception {
        Path out = tmp.resolve("states.jsonl");
        Path plot = tmp.resolve("timeline.png");
        CliRun r = CliRun.of("analyze", "demo", "--out", out.toString(), "--beat", "oscillator", "--quiet", "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.size() > 3000, "states: " + lines.size());
        SlowState last = StateJson.read(lines.get(lines.size() - 1), SlowState.class);
        assertEquals(lines.size() - 1, last.hopIndex());
        assertTrue(Files.size(plot) > 10_000);
    }

    @Test
    void missingFileIsOneClearLine() {
        CliRun r = CliRun.of("analyze", tmp.resolve("nope.wav").toString(), "--out", tmp.resolve("x.jsonl").toString(), "--quiet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("fractalsync: " + tmp.resolve("nope.wav") + ": no such file"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownProviderListsTheValidIds() {
        CliRun r = CliRun.of("analyze", "demo", "--out", tmp.resolve("x.jsonl").toString(), "--beat=nosuch", "--quiet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown beat provider 'nosuch'; available:"), r.err());
        assertTrue(r.err().contains("oscillator"), r.err());
    }

    @Test
    void badContractIsReportedByFileAndField() throws Exception {
        Path contract = tmp.resolve("c.json");
        Files.writeString(contract, "{\"version\":\"1.0.0\"}");
        CliRun r = CliRun.of("analyze", "demo", "--out", tmp.resolve("x.jsonl").toString(), "--contract", contract.toString(), "--quiet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(contract + ": field 'sample_rate': missing"), r.err());
    }

    @Test
    void providersListsTheOscillator() {
        CliRun r = CliRun.of("providers", "--plugins", tmp.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("oscillator"), r.out());
        assertTrue(r.out().contains("neutral"), r.out());
    }

    @Test
    void headlessRunWritesFramesAndAContactSheet() throws Exception {
        Path out = tmp.resolve("frames");
        CliRun r = CliRun.of("run", "demo", "--headless", "--frames", "12", "--fps", "4", "--width", "160", "--height", "90",
                "--out", out.toString(), "--beat", "oscillator");
        assertEquals(0, r.code(), r.err());
        for (int i = 0; i < 12; i++) {
            assertTrue(Files.size(out.resolve(String.format("frame_%05d.png", i))) > 500);
        }
        assertTrue(Files.exists(out.resolve("contact_sheet.png")));
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(out.resolve("frame_00004.png").toFile());
        java.awt.image.BufferedImage last = javax.imageio.ImageIO.read(out.resolve("frame_00011.png").toFile());
        int differing = 0;
        for (int y = 0; y < 90; y += 3) {
            for (int x = 0; x < 160; x += 3) {
                if (first.getRGB(x, y) != last.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 100, "frames change over time: " + differing);
    }

    @Test
    void demoWritesWavAndTruth() {
        CliRun r = CliRun.of("demo", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(tmp.resolve("demo.wav")));
        assertTrue(Files.exists(tmp.resolve("demo.truth.json")));
    }
}
