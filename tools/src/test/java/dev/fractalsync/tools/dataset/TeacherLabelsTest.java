package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.SectionLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TeacherLabelsTest {
    private final TeacherLabels reader = new TeacherLabels(LabelAliases.defaults());

    @Test
    void readsAllInOneSegmentsObject() throws Exception {
        String json = """
                {"path": "x.wav", "bpm": 120,
                 "segments": [
                   {"start": 0.0, "end": 1.5, "label": "start"},
                   {"start": 1.5, "end": 10.0, "label": "Intro"},
                   {"start": 10.0, "end": 20.0, "label": "Pre_Chorus"},
                   {"start": 20.0, "end": 30.0, "label": "solo"}
                 ]}""";
        List<LabelSegment> s = reader.parseJson("a.json", json);
        assertEquals(List.of(SectionLabel.SILENCE, SectionLabel.INTRO, SectionLabel.PRE_CHORUS, SectionLabel.INST),
                s.stream().map(LabelSegment::label).toList());
        assertEquals(10.0, s.get(2).start());
    }

    @Test
    void readsDemoTruthSections() throws Exception {
        String json = "{\"bpm\": 120, \"beats\": [0.5, 1.0], \"sections\": [{\"start\": 0, \"end\": 0.5, \"label\": \"silence\"},"
                + " {\"start\": 0.5, \"end\": 9, \"label\": \"intro\"}], \"duration\": 9}";
        assertEquals(List.of(SectionLabel.SILENCE, SectionLabel.INTRO),
                reader.parseJson("song.truth.json", json).stream().map(LabelSegment::label).toList());
    }

    @Test
    void readsTopLevelArrayAndSortsByStart() throws Exception {
        String json = "[{\"start\": 5, \"end\": 9, \"label\": \"chorus\"},\n {\"start\": \"0\", \"end\": 5, \"label\": \"verse\"}]";
        List<LabelSegment> s = reader.parseJson("b.json", json);
        assertEquals(SectionLabel.VERSE, s.get(0).label());
        assertEquals(SectionLabel.CHORUS, s.get(1).label());
    }

    @Test
    void readsLabAndCsvWithHeaderAndSpacedLabels() throws Exception {
        List<LabelSegment> lab = reader.parseText("c.lab", "0.0 4.0 intro\n4.0\t8.0 pre chorus\n\n# comment\n8 12 END\n");
        assertEquals(List.of(SectionLabel.INTRO, SectionLabel.PRE_CHORUS, SectionLabel.SILENCE),
                lab.stream().map(LabelSegment::label).toList());
        List<LabelSegment> csv = reader.parseText("d.csv", "start,end,label\n0,4,Verse\n4, 8, \"instrumental\"\n");
        assertEquals(List.of(SectionLabel.VERSE, SectionLabel.INST), csv.stream().map(LabelSegment::label).toList());
    }

    @Test
    void unknownLabelNamesFileLineLabelAndAllowedNames() {
        LabelFormatException e = assertThrows(LabelFormatException.class,
                () -> reader.parseText("song.lab", "0 4 intro\n4 8 break\n"));
        assertTrue(e.getMessage().startsWith("song.lab:2: unknown section label 'break'"), e.getMessage());
        assertTrue(e.getMessage().contains("pre-chorus") && e.getMessage().contains("solo->inst"), e.getMessage());
        LabelFormatException j = assertThrows(LabelFormatException.class,
                () -> reader.parseJson("s.json", "{\"segments\": [\n{\"start\":0,\"end\":1,\"label\":\"intro\"},\n{\"start\":1,\"end\":2,\"label\":\"hook\"}]}"));
        assertTrue(j.getMessage().startsWith("s.json:3: unknown section label 'hook'"), j.getMessage());
    }

    @Test
    void configurableAliasResolvesOtherwiseUnknownLabel() throws Exception {
        TeacherLabels withBreak = new TeacherLabels(LabelAliases.defaults().with("break=inst"));
        assertEquals(SectionLabel.INST, withBreak.parseText("x.lab", "0 4 Break\n").get(0).label());
        assertThrows(IllegalArgumentException.class, () -> LabelAliases.defaults().with("break=drop"));
    }

    @Test
    void rejectsOverlapNegativeTimeAndReversedSegment() {
        LabelFormatException overlap = assertThrows(LabelFormatException.class,
                () -> reader.parseText("o.lab", "0 5 verse\n4 8 chorus\n"));
        assertTrue(overlap.getMessage().contains("o.lab:2") && overlap.getMessage().contains("overlaps"), overlap.getMessage());
        LabelFormatException negative = assertThrows(LabelFormatException.class,
                () -> reader.parseText("n.lab", "-1 5 verse\n"));
        assertTrue(negative.getMessage().startsWith("n.lab:1: negative time"), negative.getMessage());
        LabelFormatException reversed = assertThrows(LabelFormatException.class,
                () -> reader.parseText("r.lab", "5 5 verse\n"));
        assertTrue(reversed.getMessage().contains("not after start"), reversed.getMessage());
    }

    @Test
    void readChoosesFormatByExtension(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("t.json"), "[{\"start\":0,\"end\":3,\"label\":\"outro\"}]");
        Path lab = Files.writeString(dir.resolve("t.lab"), "0 3 outro\n");
        assertEquals(reader.read(json), reader.read(lab));
    }
}
