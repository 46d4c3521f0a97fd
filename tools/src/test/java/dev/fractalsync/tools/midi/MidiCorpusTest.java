package dev.fractalsync.tools.midi;

import dev.fractalsync.tools.dataset.BeatEvents;
import dev.fractalsync.tools.dataset.LabelAliases;
import dev.fractalsync.tools.dataset.LabelSegment;
import dev.fractalsync.tools.dataset.TeacherLabels;
import dev.fractalsync.audio.demo.SongTruth;
import dev.fractalsync.json.StateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MidiCorpusTest {
    @TempDir
    Path dir;

    @Test
    void truthFilesAreReadableByTheDatasetReaders() throws Exception {
        Arrangement a = new ArrangementGenerator().generate(10);
        MidiCorpus.writeTruth(dir, "s0010-x", a);
        SongTruth back = StateJson.mapper().readValue(Files.readString(dir.resolve("s0010-x.truth.json")), SongTruth.class);
        assertArrayEquals(a.truth().beats(), back.beats(), 1e-12);
        assertEquals(a.truth().sections(), back.sections());
        TeacherLabels reader = new TeacherLabels(LabelAliases.defaults());
        List<LabelSegment> lab = reader.read(dir.resolve("s0010-x.lab"));
        List<LabelSegment> json = reader.read(dir.resolve("s0010-x.truth.json"));
        assertEquals(a.truth().sections().size(), lab.size());
        assertEquals(json.size(), lab.size());
        for (int i = 0; i < lab.size(); i++) {
            assertEquals(json.get(i).start(), lab.get(i).start(), 1e-5);
            assertEquals(json.get(i).label(), lab.get(i).label());
        }
        BeatEvents beats = BeatEvents.read(dir.resolve("s0010-x.beats"));
        assertTrue(Files.readString(dir.resolve("s0010-x.beats")).startsWith("# meter " + a.meter()));
        String[] lines = Files.readString(dir.resolve("s0010-x.beats")).lines().filter(l -> !l.startsWith("#")).toArray(String[]::new);
        assertEquals(a.truth().beats().length, lines.length);
        int downs = 0;
        for (String l : lines) {
            downs += l.endsWith(" 1") ? 1 : 0;
        }
        assertEquals(a.truth().downbeats().length, downs);
        assertEquals("s0007-timgm6mb", MidiCorpus.songName(7, Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2")));
        assertEquals("sfgmbank", MidiCorpus.shortName(Path.of("sf_GMbank.sf2")));
        assertTrue(beats != null);
    }
}
