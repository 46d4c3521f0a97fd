package dev.fractalsync.app;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.evaluation.BeatEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code analyze demo --beats --downbeats --sections --out -}: the plain files score against the demo's truth. */
class AnalyzePlainOutputsTest {
    @Test
    void plainFilesScoreAndStdoutCarriesOnlyStates(@TempDir Path dir) throws Exception {
        Path beats = dir.resolve("beats.txt");
        Path downbeats = dir.resolve("downbeats.txt");
        Path sections = dir.resolve("sections.lab");
        Path summary = dir.resolve("summary.json");
        CliRun r = CliRun.of("analyze", "demo", "--quiet", "--beats", beats.toString(), "--downbeats",
                downbeats.toString(), "--sections", sections.toString(), "--summary", summary.toString(), "--out", "-");
        assertEquals(0, r.code(), r.err());
        DemoSong song = DemoSong.render(SongSpec.demo());
        List<String> lines = r.out().lines().toList();
        assertEquals((song.samples().length + 1023) / 1024, lines.size(), "one JSON state per hop on stdout, nothing else");
        for (int i = 0; i < lines.size(); i += 97) {
            assertEquals(i, StateJson.read(lines.get(i), SlowState.class).hopIndex());
        }

        double[] est = times(beats);
        BeatEvaluation.Score beat = BeatEvaluation.evaluate(song.truth().beats(), est, BeatEvaluation.DEFAULT_SKIP_SEC);
        assertTrue(beat.fMeasure() >= 0.85, "beats.txt F-measure " + beat);
        double[] down = times(downbeats);
        assertTrue(down.length > 0 && down.length < est.length / 2, "downbeats " + down.length + " of " + est.length);
        for (double d : down) {
            assertTrue(Arrays.binarySearch(est, d) >= 0, "downbeat " + d + " is one of the beats");
        }

        List<String[]> lab = Files.readAllLines(sections).stream().map(l -> l.split("\t")).toList();
        assertTrue(lab.size() >= 3, "sections " + lab.size());
        assertEquals(0.0, Double.parseDouble(lab.get(0)[0]));
        assertEquals(song.samples().length / 48_000.0, Double.parseDouble(lab.get(lab.size() - 1)[1]), 1e-3);
        for (int i = 0; i < lab.size(); i++) {
            assertEquals(3, lab.get(i).length);
            SectionLabel.ofContractName(lab.get(i)[2]);
            assertTrue(Double.parseDouble(lab.get(i)[1]) > Double.parseDouble(lab.get(i)[0]));
            if (i > 0) {
                assertEquals(lab.get(i - 1)[1], lab.get(i)[0], "segments are contiguous");
            }
        }

        // the summary: the song's tempo and metre, and exactly the sections of the .lab
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary.toFile());
        assertEquals(SongSpec.demo().bpm(), json.get("tempo_bpm").asDouble(), SongSpec.demo().bpm() * 0.02, json.toString());
        assertEquals(SongSpec.demo().beatsPerBar() + "/4", json.get("metre").asText(), json.toString());
        assertEquals(est.length, json.get("beats").asInt());
        assertEquals(down.length, json.get("bars").asInt());
        assertEquals(lab.size(), json.get("sections").size());
        for (int i = 0; i < lab.size(); i++) {
            var sec = json.get("sections").get(i);
            assertEquals(Double.parseDouble(lab.get(i)[0]), sec.get("start").asDouble(), 1e-9);
            assertEquals(Double.parseDouble(lab.get(i)[1]), sec.get("end").asDouble(), 1e-9);
            assertEquals(lab.get(i)[2], sec.get("label").asText());
        }
        assertTrue(r.err().contains(String.format(java.util.Locale.ROOT, "tempo %.1f BPM, metre %s",
                json.get("tempo_bpm").asDouble(), json.get("metre").asText())), r.err());
    }

    @Test
    void analyzeWithoutAnyOutputIsOneClearLine() {
        CliRun r = CliRun.of("analyze", "demo");
        r.assertUsageError("fractalsync analyze", "analyze writes nothing without --out, --beats, --downbeats, "
                + "--sections, --summary or --plot");
    }

    private static double[] times(Path file) throws Exception {
        return Files.readAllLines(file).stream().mapToDouble(Double::parseDouble).toArray();
    }
}
