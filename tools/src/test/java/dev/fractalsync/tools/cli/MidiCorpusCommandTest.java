package dev.fractalsync.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.tools.midi.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MidiCorpusCommandTest {
    private static final Path TIMGM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

    @TempDir
    Path dir;

    @Test
    void refusesFluidR3WithOneLine() throws Exception {
        Path sf = Files.write(dir.resolve("FluidR3_GM.sf2"), new byte[8]);
        CliRun r = CliRun.tools("midi-corpus", "--songs", "1", "--soundfonts", sf.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("reserved for held-out evaluation"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /** One rendered song, then the dataset command reads it twice under two names, one held out by --heldout-match. */
    @Test
    void writesASongThatTheDatasetCommandReads() throws Exception {
        assumeTrue(ExternalTool.onPath("fluidsynth") && Files.isRegularFile(TIMGM), "fluidsynth or TimGM6mb is not installed");
        Path out = dir.resolve("corpus");
        CliRun r = CliRun.tools("midi-corpus", "--songs", "1", "--seed", "5", "--soundfonts", TIMGM.toString(),
                "--out", out.toString(), "--no-augment");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("s0005-timgm6mb"), r.err());
        for (String ext : new String[] {".mid", ".wav", ".lab", ".beats", ".truth.json"}) {
            assertTrue(Files.isRegularFile(out.resolve("s0005-timgm6mb" + ext)), ext);
        }
        JsonNode corpus = new ObjectMapper().readTree(out.resolve("corpus.json").toFile());
        assertEquals("s0005-timgm6mb", corpus.path("songs").get(0).path("name").asText());
        assertEquals("none", corpus.path("songs").get(0).path("augmentation").get(0).asText());

        Path real = dir.resolve("real");
        Files.createDirectories(real);
        for (String name : new String[] {"s0005-timgm6mb", "s0005-othersf"}) {
            for (String ext : new String[] {".wav", ".lab", ".beats"}) {
                Files.copy(out.resolve("s0005-timgm6mb" + ext), real.resolve(name + ext));
            }
        }
        Path data = dir.resolve("data");
        CliRun d = CliRun.tools("dataset", "--audio", real.toString(), "--labels", real.toString(), "--beats", real.toString(),
                "--heldout-match", "-othersf$", "--out", data.toString(), "--quiet");
        assertEquals(0, d.code(), d.err());
        JsonNode index = new ObjectMapper().readTree(data.resolve("index.json").toFile());
        Map<String, String> splits = new HashMap<>();
        index.path("tracks").forEach(t -> splits.put(t.path("name").asText(), t.path("split").asText()));
        assertEquals(Map.of("s0005-timgm6mb", "train", "s0005-othersf", "heldout"), splits);
    }
}
