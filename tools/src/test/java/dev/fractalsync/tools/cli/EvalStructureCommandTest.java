package dev.fractalsync.tools.cli;

import dev.fractalsync.app.AudioArgument;
import dev.fractalsync.json.ContractFiles;
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

    /**
     * eval-structure scores what analyze publishes: its section accuracy is the share of hops whose held section in
     * {@code analyze --out} states equals the truth's label at that hop.
     */
    @Test
    void scoresTheHeldSectionsAnalyzePublishes(@TempDir Path tmp) throws Exception {
        assertEquals(0, CliRun.of("demo", "--out", tmp.toString(), "--seed", "31").code());
        Path wav = tmp.resolve("song-31.wav");
        Path truth = tmp.resolve("song-31.truth.json");
        CliRun r = CliRun.tools("eval-structure", wav.toString(), "--compare", "anticipator", "-q");
        assertEquals(0, r.code(), r.err());
        Path states = tmp.resolve("states.jsonl");
        CliRun a = CliRun.of("analyze", wav.toString(), "--out", states.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        java.util.List<String> held = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(states)) {
            held.add(json.readTree(line).get("section").asText());
        }
        dev.fractalsync.api.contract.ModelContract contract = ContractFiles.v1();
        java.util.List<dev.fractalsync.tools.dataset.LabelSegment> sections = new dev.fractalsync.tools.dataset.TeacherLabels(
                dev.fractalsync.tools.dataset.LabelAliases.defaults()).read(truth);
        double duration;
        try (dev.fractalsync.audio.AudioFileReader reader = dev.fractalsync.audio.AudioFileReader.open(wav)) {
            duration = AudioArgument.lengthAt(reader, contract.sampleRate(), Long.MAX_VALUE) / (double) contract.sampleRate();
        }
        dev.fractalsync.tools.dataset.HopTargets targets = dev.fractalsync.tools.dataset.HopTargets.compute(sections,
                EvalStructureCommand.truthBeats(truth), held.size(), contract.sampleRate(), contract.hop(), duration,
                dev.fractalsync.tools.dataset.HopTargets.DEFAULT_SNAP_FRACTION);
        int right = 0;
        for (int h = 0; h < held.size(); h++) {
            if (dev.fractalsync.api.SectionLabel.ofIndex(targets.ySection()[h]).contractName().equals(held.get(h))) {
                right++;
            }
        }
        Matcher m = ACCURACY.matcher(r.out());
        double printed = -1;
        while (m.find()) {
            if (m.group(1).equals("anticipator")) {
                printed = Double.parseDouble(m.group(2));
            }
        }
        assertEquals(String.format(java.util.Locale.ROOT, "%.3f", (double) right / held.size()),
                String.format(java.util.Locale.ROOT, "%.3f", printed), r.out());
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
