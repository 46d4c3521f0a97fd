package dev.fractalsync.json;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateJsonTest {
    private static final double[] HAZARD = {0.1, 0.2, 0.3, 0.5, 0.9};

    private static StructureState structure() {
        return new StructureState(new double[]{0, 0.05, 0.6, 0.05, 0.2, 0.05, 0.05, 0}, HAZARD, new double[]{0.5, -1.25});
    }

    @Test
    void jsonRoundTripsEveryState() {
        BeatClockState beat = new BeatClockState(12.5, 0.48, 0.3, 26, 0.7, 0.25);
        String beatJson = StateJson.write(beat);
        assertTrue(beatJson.contains("\"beat_count\":26"), beatJson);
        assertEquals(beat, StateJson.read(beatJson, BeatClockState.class));
        BeatClockState noDownbeat = new BeatClockState(1, 0.5, 0, 1, 1, null);
        assertFalse(StateJson.write(noDownbeat).contains("downbeat"));
        assertEquals(noDownbeat, StateJson.read(StateJson.write(noDownbeat), BeatClockState.class));

        StructureState s = structure();
        assertEquals(s, StateJson.read(StateJson.write(s), StructureState.class));
        // the held section is the state's own (here not its most probable label) and survives the round trip
        SlowState slow = new SlowState(586, beat, s, SectionLabel.CHORUS, new float[]{0.5f, -1.25f, 3.0e-5f});
        String json = StateJson.write(slow);
        assertEquals(slow, StateJson.read(json, SlowState.class));
        assertTrue(json.startsWith("{\"hop\":586,\"beat\":{"), json);
        assertTrue(json.contains("\"section\":\"chorus\",\"structure\":{\"section_probs\":{\"silence\":0.0,"
                + "\"intro\":0.05,\"verse\":0.6,\"pre-chorus\":0.05,\"chorus\":0.2,\"bridge\":0.05,\"inst\":0.05,"
                + "\"outro\":0.0},\"hazard_probs\":[0.1,0.2,0.3,0.5,0.9]"), json);
        ControlVector cv = new ControlVector(-0.2, 0.7, 0.5, 0.9, 1.5, 1, 0.3, -1, 2);
        assertEquals(cv, StateJson.read(StateJson.write(cv), ControlVector.class));
    }

    @Test
    void stateFilesOfTheEarlierFormStillRead() {
        // section_probs as an unlabelled array in contract order, and no held section: it reads as the top label
        String old = "{\"hop\":7,\"beat\":{\"t_sec\":0.17,\"spb\":0.5,\"phase\":0.1,\"beat_count\":0,\"conf\":0.0},"
                + "\"structure\":{\"section_probs\":[0,0.05,0.6,0.05,0.2,0.05,0.05,0],\"hazard_probs\":[0.1,0.2,0.3,0.5,0.9]},"
                + "\"features\":[0.5]}";
        SlowState s = StateJson.read(old, SlowState.class);
        assertEquals(SectionLabel.VERSE, s.section());
        assertEquals(0.6, s.structure().sectionProb(SectionLabel.VERSE));
        StructureState named = StateJson.read("{\"section_probs\":{\"outro\":0.5,\"silence\":0.5,\"intro\":0,\"verse\":0,"
                + "\"pre-chorus\":0,\"chorus\":0,\"bridge\":0,\"inst\":0},\"hazard_probs\":[0,0,0,0,0]}", StructureState.class);
        assertEquals(0.5, named.sectionProb(SectionLabel.OUTRO), "read by name, not by position");
    }

    @Test
    void labelledSectionProbsMustNameEveryLabelOnce() {
        String hz = ",\"hazard_probs\":[0,0,0,0,0]}";
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"section_probs\":{\"silence\":1}" + hz, StructureState.class));
        assertTrue(missing.getMessage().contains("intro"), missing.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"section_probs\":{\"silence\":1,\"intro\":0,\"verse\":0,\"pre-chorus\":0,\"chorus\":0,\"bridge\":0,"
                        + "\"inst\":0,\"outro\":0,\"coda\":0}" + hz, StructureState.class));
        assertTrue(unknown.getMessage().contains("coda"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateJson.read("{\"section_probs\":\"x\"" + hz, StructureState.class));
        assertThrows(IllegalArgumentException.class, () -> StateJson.read("{\"hop\":1,\"beat\":{\"t_sec\":0.1,\"spb\":0.5,"
                + "\"phase\":0.1,\"beat_count\":0,\"conf\":0.0},\"section\":\"coda\",\"structure\":{\"section_probs\":"
                + "[1,0,0,0,0,0,0,0]" + hz + ",\"features\":[]}", SlowState.class));
    }

    @Test
    void invalidJsonStatesAreRejectedWithTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"t_sec\":1,\"spb\":0.5,\"phase\":1.5,\"beat_count\":1,\"conf\":1}", BeatClockState.class));
        assertTrue(e.getMessage().contains("phase"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateJson.read("{\"t_sec\":1}", BeatClockState.class));
    }

    /** The bytes the records' Jackson annotations wrote before the wire form moved here (analyze --out and the bus). */
    @Test
    void wireFormIsTheFormTheAnnotatedRecordsWrote() {
        BeatClockState b = new BeatClockState(12.5, 0.48, 0.3, 26, 0.7, 0.25);
        BeatClockState nb = new BeatClockState(1e-7, 0.1 + 0.2, 0, 1, 1, null);
        StructureState s = new StructureState(new double[]{0, 0.05, 0.6, 0.05, 0.2, 0.05, 0.05, 0}, HAZARD,
                new double[]{0.5, -1.25, 1e-20});
        StructureState s2 = StructureState.neutral();
        SlowState slow = new SlowState(586, b, s, SectionLabel.CHORUS, new float[]{0.5f, -1.25f, 3.0e-5f, 1.0f / 3, 1e10f});
        SlowState slow2 = new SlowState(0, nb, s2, SectionLabel.SILENCE, new float[0]);
        ControlVector cv = new ControlVector(-0.2, 0.7, 0.5, 0.9, 1.5, 1, 0.3, -1, 2);
        Object[] states = {b, nb, s, s2, slow, slow2, cv, ControlVector.neutral()};
        String[] expected = {
                "{\"t_sec\":12.5,\"spb\":0.48,\"phase\":0.3,\"beat_count\":26,\"conf\":0.7,\"downbeat_prob\":0.25}",
                "{\"t_sec\":1.0E-7,\"spb\":0.30000000000000004,\"phase\":0.0,\"beat_count\":1,\"conf\":1.0}",
                "{\"section_probs\":{\"silence\":0.0,\"intro\":0.05,\"verse\":0.6,\"pre-chorus\":0.05,\"chorus\":0.2,\"bridge\":0.05,\"inst\":0.05,\"outro\":0.0},\"hazard_probs\":[0.1,0.2,0.3,0.5,0.9],\"macro_embedding\":[0.5,-1.25,1.0E-20]}",
                "{\"section_probs\":{\"silence\":0.125,\"intro\":0.125,\"verse\":0.125,\"pre-chorus\":0.125,\"chorus\":0.125,\"bridge\":0.125,\"inst\":0.125,\"outro\":0.125},\"hazard_probs\":[0.0,0.0,0.0,0.0,0.0]}",
                "{\"hop\":586,\"beat\":{\"t_sec\":12.5,\"spb\":0.48,\"phase\":0.3,\"beat_count\":26,\"conf\":0.7,\"downbeat_prob\":0.25},\"section\":\"chorus\",\"structure\":{\"section_probs\":{\"silence\":0.0,\"intro\":0.05,\"verse\":0.6,\"pre-chorus\":0.05,\"chorus\":0.2,\"bridge\":0.05,\"inst\":0.05,\"outro\":0.0},\"hazard_probs\":[0.1,0.2,0.3,0.5,0.9],\"macro_embedding\":[0.5,-1.25,1.0E-20]},\"features\":[0.5,-1.25,3.0E-5,0.33333334,1.0E10]}",
                "{\"hop\":0,\"beat\":{\"t_sec\":1.0E-7,\"spb\":0.30000000000000004,\"phase\":0.0,\"beat_count\":1,\"conf\":1.0},\"section\":\"silence\",\"structure\":{\"section_probs\":{\"silence\":0.125,\"intro\":0.125,\"verse\":0.125,\"pre-chorus\":0.125,\"chorus\":0.125,\"bridge\":0.125,\"inst\":0.125,\"outro\":0.125},\"hazard_probs\":[0.0,0.0,0.0,0.0,0.0]},\"features\":[]}",
                "{\"dc_re\":-0.2,\"dc_im\":0.7,\"hue_offset\":0.5,\"saturation\":0.9,\"contrast\":1.5,\"cycle_speed\":1.0,\"zoom_pulse\":0.3,\"rotation\":-1.0,\"iteration_gain\":2.0}",
                "{\"dc_re\":-0.3,\"dc_im\":0.6,\"hue_offset\":0.0,\"saturation\":0.8,\"contrast\":1.0,\"cycle_speed\":0.5,\"zoom_pulse\":0.0,\"rotation\":0.0,\"iteration_gain\":1.0}"};
        for (int i = 0; i < states.length; i++) {
            assertEquals(expected[i], StateJson.write(states[i]));
            assertEquals(states[i], StateJson.read(expected[i], states[i].getClass()));
        }
    }

    @Test
    void unknownFieldsAndWrongTypesAreRejected() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"t_sec\":1,\"spb\":0.5,\"phase\":0.5,\"beat_count\":1,\"conf\":1,\"bpm\":120}", BeatClockState.class));
        assertTrue(unknown.getMessage().contains("bpm"), unknown.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"t_sec\":\"1\",\"spb\":0.5,\"phase\":0.5,\"beat_count\":1,\"conf\":1}", BeatClockState.class));
        assertTrue(type.getMessage().contains("t_sec"), type.getMessage());
        IllegalArgumentException hop = assertThrows(IllegalArgumentException.class, () -> StateJson.read(
                "{\"beat\":null}", SlowState.class));
        assertTrue(hop.getMessage().contains("hop"), hop.getMessage());
    }
}
