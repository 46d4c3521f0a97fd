package dev.fractalsync.app;

import dev.fractalsync.api.SectionLabel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelinePlotTest {
    @TempDir
    Path tmp;

    @Test
    void timeAxisIsInSecondsForShortFilesAndMinutesForLongOnes() {
        TimelinePlot.TimeAxis ten = TimelinePlot.TimeAxis.forDuration(10);
        assertEquals(10.0, ten.max());
        assertEquals("0:05", ten.label(5));
        assertEquals("0:02.5", ten.label(2.5));
        assertEquals("time (m:ss)", ten.title());
        TimelinePlot.TimeAxis song = TimelinePlot.TimeAxis.forDuration(200);
        assertEquals("1:30", song.label(1.5));
        TimelinePlot.TimeAxis hour = TimelinePlot.TimeAxis.forDuration(3653);
        assertEquals(3653 / 60.0, hour.max(), 1e-9);
        assertEquals("0:05:00", hour.label(5));
        assertEquals("1:00:00", hour.label(60));
        assertEquals("time (h:mm:ss)", hour.title());
    }

    @Test
    void heldSectionLaneIsTheStatesSectionNotTheirTopProbability() {
        java.util.List<dev.fractalsync.api.SlowState> states = new java.util.ArrayList<>();
        dev.fractalsync.api.StructureState verse = dev.fractalsync.api.StructureState.certain(SectionLabel.VERSE, new double[5]);
        for (int i = 0; i < 6; i++) {
            states.add(new dev.fractalsync.api.SlowState(i, new dev.fractalsync.api.BeatClockState((i + 1) * 0.02, 0.5, 0, 0,
                    1, null), verse, i < 4 ? SectionLabel.CHORUS : SectionLabel.OUTRO, new float[0]));
        }
        double[][] p = TimelinePlot.heldSections(states, 4);
        assertEquals(1.0, p[SectionLabel.CHORUS.ordinal()][0]);
        assertEquals(0.0, p[SectionLabel.VERSE.ordinal()][0]);
        assertEquals(1.0, p[SectionLabel.OUTRO.ordinal()][1]);
    }

    @Test
    void truthJsonGivesBeatsDownbeatsAndSections() throws IOException {
        Path t = tmp.resolve("song.truth.json");
        Files.writeString(t, "{\"bpm\":120,\"beats\":[0.5,1.0,1.5],\"downbeats\":[0.5],\"sections\":["
                + "{\"start\":0,\"end\":1.2,\"label\":\"intro\"},{\"start\":1.2,\"end\":2,\"label\":\"chorus\"}]}");
        TimelinePlot.Truth truth = TimelinePlot.Truth.read(t);
        assertArrayEquals(new double[]{0.5, 1.0, 1.5}, truth.beats());
        assertArrayEquals(new double[]{0.5}, truth.downbeats());
        assertEquals(SectionLabel.CHORUS, truth.sections().get(1).label());
        assertEquals(1.2, truth.sections().get(1).start());
    }

    @Test
    void labFileGivesSectionsAndBadLinesAreOneLine() throws IOException {
        Path lab = tmp.resolve("song.lab");
        Files.writeString(lab, "# start end label\n0.0 10.5 intro\n10.5 30 verse\n");
        TimelinePlot.Truth truth = TimelinePlot.Truth.read(lab);
        assertEquals(2, truth.sections().size());
        assertEquals(0, truth.beats().length);
        Files.writeString(lab, "0 10 refrain\n");
        IOException e = assertThrows(IOException.class, () -> TimelinePlot.Truth.read(lab));
        assertTrue(e.getMessage().contains("section label 'refrain' is not one of the contract's [silence, intro"), e.getMessage());
        Files.writeString(lab, "0 ten intro\n");
        e = assertThrows(IOException.class, () -> TimelinePlot.Truth.read(lab));
        assertEquals("--truth " + lab + ":1: expected 'start end label', got '0 ten intro'", e.getMessage());
    }

    @Test
    void analyzePlotWithTruthAddsTheTrueSectionLane() throws IOException {
        assertEquals(0, CliRun.of("demo", "--out", tmp.toString()).code());
        Path wav = tmp.resolve("demo.wav");
        Path plain = tmp.resolve("plain.png");
        Path withTruth = tmp.resolve("truth.png");
        CliRun a = CliRun.of("analyze", wav.toString(), "--beat", "oscillator", "-q", "--plot", plain.toString());
        assertEquals(0, a.code(), a.err());
        CliRun b = CliRun.of("analyze", wav.toString(), "--beat", "oscillator", "-q", "--plot", withTruth.toString(),
                "--truth", tmp.resolve("demo.truth.json").toString());
        assertEquals(0, b.code(), b.err());
        BufferedImage p = ImageIO.read(plain.toFile());
        BufferedImage t = ImageIO.read(withTruth.toFile());
        assertEquals(TimelinePlot.WIDTH, p.getWidth());
        assertTrue(t.getHeight() > p.getHeight(), p.getHeight() + " vs " + t.getHeight());
        CliRun c = CliRun.of("analyze", wav.toString(), "-q", "--out", tmp.resolve("s.jsonl").toString(),
                "--truth", tmp.resolve("demo.truth.json").toString());
        c.assertUsageError("fractalsync analyze", "--truth overlays the plot: give --plot too");
    }
}
