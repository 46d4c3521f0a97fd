package dev.fractalsync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.audio.demo.SongSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --tempo-range MIN:MAX}: the user forces the metrical level the tracker may choose. */
class TempoRangeTest {
    @Test
    void aSlowRangeHoldsTheDemoAtHalfTimeAndTheDefaultAtItsOwnTempo(@TempDir Path dir) throws Exception {
        double bpm = SongSpec.demo().bpm();
        assertEquals(bpm, summaryTempo(dir, "default", null), bpm * 0.02);
        assertEquals(bpm / 2, summaryTempo(dir, "slow", "50:70"), bpm / 2 * 0.02);
    }

    @Test
    void tempoLevelDoubleDoublesThePublishedBeats(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("double.json");
        CliRun r = CliRun.of("analyze", "demo", "--quiet", "--tempo-level", "double", "--summary", summary.toString());
        assertEquals(0, r.code(), r.err());
        var json = new ObjectMapper().readTree(summary.toFile());
        assertEquals(2 * SongSpec.demo().bpm(), json.get("tempo_bpm").asDouble(), 2 * SongSpec.demo().bpm() * 0.02);
        assertEquals("8/4", json.get("metre").asText());
        CliRun bad = CliRun.of("analyze", "demo", "--tempo-level", "triple", "--beats", "b.txt");
        bad.assertUsageError("fractalsync analyze", "--tempo-level takes auto, half, double or as-tracked, got 'triple'");
    }

    private static double summaryTempo(Path dir, String name, String range) throws Exception {
        Path summary = dir.resolve(name + ".json");
        CliRun r = range == null ? CliRun.of("analyze", "demo", "--quiet", "--summary", summary.toString())
                : CliRun.of("analyze", "demo", "--quiet", "--tempo-range", range, "--summary", summary.toString());
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(summary.toFile()).get("tempo_bpm").asDouble();
    }

    @Test
    void rangesAreCheckedInOneLine() {
        assertArrayEquals(new double[]{55, 95.5}, EngineOptions.parseTempoRange("55:95.5"));
        assertEquals("--tempo-range 30:100: need 40 <= MIN < MAX <= 240 BPM",
                assertThrows(UsageException.class, () -> EngineOptions.parseTempoRange("30:100")).getMessage());
        assertEquals("--tempo-range 90:80: need 40 <= MIN < MAX <= 240 BPM",
                assertThrows(UsageException.class, () -> EngineOptions.parseTempoRange("90:80")).getMessage());
        assertEquals("--tempo-range takes MIN:MAX in BPM, e.g. 55:95, got '120'",
                assertThrows(UsageException.class, () -> EngineOptions.parseTempoRange("120")).getMessage());
        CliRun both = CliRun.of("analyze", "demo", "--tempo-range", "60:90", "--beat-opt", "max_bpm=100", "--beats", "b.txt");
        both.assertUsageError("fractalsync analyze", "--tempo-range and --beat-opt max_bpm both set the tempo range: give one");
    }
}
