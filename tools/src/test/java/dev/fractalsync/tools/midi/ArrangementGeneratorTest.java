package dev.fractalsync.tools.midi;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrangementGeneratorTest {
    private static final int SEEDS = 20;
    private final ArrangementGenerator generator = new ArrangementGenerator();

    @Test
    void sameSeedGivesIdenticalMidiBytes() {
        for (long seed : new long[] {0, 7, 12345}) {
            assertArrayEquals(generator.generate(seed).midiBytes(), new ArrangementGenerator().generate(seed).midiBytes());
        }
        assertFalse(Arrays.equals(generator.generate(1).midiBytes(), generator.generate(2).midiBytes()));
    }

    @Test
    void truthIsConsistentAndVaried() {
        Set<String> labels = new HashSet<>();
        Set<String> meters = new HashSet<>();
        Set<String> styles = new HashSet<>();
        int noDrums = 0;
        int swung = 0;
        int ramped = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Arrangement a = generator.generate(seed);
            SongTruth t = a.truth();
            String at = "seed " + seed + ": ";
            assertTrue(t.bpm() >= 59.5 && t.bpm() <= 190.5, at + "bpm " + t.bpm());
            assertTrue(t.duration() >= 120 && t.duration() <= 300, at + "duration " + t.duration());
            double[] beats = t.beats();
            for (int i = 1; i < beats.length; i++) {
                assertTrue(beats[i] > beats[i - 1], at + "beats not strictly increasing at " + i);
            }
            Set<Double> beatSet = new HashSet<>();
            for (double b : beats) {
                beatSet.add(b);
            }
            for (double d : t.downbeats()) {
                assertTrue(beatSet.contains(d), at + "downbeat " + d + " is not a beat");
            }
            assertEquals(beats.length, t.downbeats().length * t.beatsPerBar(), at + "whole bars");
            List<SectionSpan> sections = t.sections();
            assertEquals(0.0, sections.get(0).start(), at + "sections start at 0");
            assertEquals("silence", sections.get(0).label(), at + "leading silence");
            double lead = sections.get(0).end();
            assertTrue(lead >= 0.49 && lead <= 3.01, at + "leading silence " + lead);
            assertEquals(lead, beats[0], 1e-9, at + "first beat at the end of the leading silence");
            for (int i = 1; i < sections.size(); i++) {
                assertEquals(sections.get(i - 1).end(), sections.get(i).start(), 1e-9, at + "sections contiguous at " + i);
            }
            assertEquals(t.duration(), sections.get(sections.size() - 1).end(), 1e-9, at + "sections cover the duration");
            for (SectionSpan s : sections) {
                SectionLabel.ofContractName(s.label());
                labels.add(s.label());
                if (!s.label().equals("silence")) {
                    double bars = countIn(t.downbeats(), s.start(), s.end());
                    assertTrue(bars >= 4 && bars <= 16, at + s.label() + " has " + bars + " bars");
                }
            }
            assertEquals(a.meter().equals("6/8") ? 2 : a.meter().equals("3/4") ? 3 : 4, t.beatsPerBar(), at + "meter");
            assertEquals(a.meter().equals("6/8") ? "dotted-quarter" : "quarter", a.beatUnit());
            meters.add(a.meter());
            styles.add(a.style());
            noDrums += a.hasDrums() ? 0 : 1;
            swung += a.swing() > 0 ? 1 : 0;
            ramped += a.tempoRamps().isEmpty() ? 0 : 1;
        }
        for (SectionLabel l : SectionLabel.values()) {
            assertTrue(labels.contains(l.contractName()), "label " + l.contractName() + " never appears in " + SEEDS + " seeds");
        }
        assertTrue(meters.containsAll(List.of("4/4", "3/4", "6/8")), "meters " + meters);
        assertTrue(noDrums >= 1 && noDrums <= SEEDS / 2, "songs without drums: " + noDrums);
        assertTrue(swung >= 1 && ramped >= 1, "swing " + swung + ", ramps " + ramped);
        assertTrue(styles.size() >= 4, "styles " + styles);
    }

    private static int countIn(double[] times, double from, double to) {
        int n = 0;
        for (double x : times) {
            if (x >= from - 1e-9 && x < to - 1e-9) {
                n++;
            }
        }
        return n;
    }

    /** Beat times recomputed from the tempo events read back from the MIDI file match the truth. */
    @Test
    void truthFollowsTheMidiTempoMapAndNotesFollowTheSections() throws Exception {
        for (long seed = 0; seed < SEEDS; seed++) {
            Arrangement a = generator.generate(seed);
            Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(a.midiBytes()));
            assertEquals(Sequence.PPQ, seq.getDivisionType());
            assertEquals(ArrangementGenerator.PPQ, seq.getResolution());
            TreeMap<Long, Integer> tempos = new TreeMap<>();
            List<long[]> noteOns = new ArrayList<>();
            for (Track track : seq.getTracks()) {
                for (int i = 0; i < track.size(); i++) {
                    MidiEvent e = track.get(i);
                    if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                        byte[] d = m.getData();
                        tempos.put(e.getTick(), (d[0] & 0xff) << 16 | (d[1] & 0xff) << 8 | (d[2] & 0xff));
                    } else if (e.getMessage() instanceof ShortMessage s && s.getCommand() == ShortMessage.NOTE_ON && s.getData2() > 0) {
                        noteOns.add(new long[] {e.getTick(), s.getChannel()});
                    }
                }
            }
            SongTruth t = a.truth();
            boolean ramp = !a.tempoRamps().isEmpty();
            assertEquals(ramp, tempos.size() > 1, "seed " + seed + ": tempo events vs ramps " + a.tempoRamps());
            // seconds of each beat by integrating the tempo events tick by tick segment
            double[] beats = t.beats();
            long ticksPerBeat = a.meter().equals("6/8") ? 720 : 480;
            long firstTick = tickAt(tempos, beats[0]);
            for (int i = 0; i < beats.length; i++) {
                double expected = seconds(tempos, firstTick + i * ticksPerBeat);
                assertEquals(expected, beats[i], 1e-6, "seed " + seed + " beat " + i);
            }
            boolean drums = false;
            for (long[] n : noteOns) {
                double sec = seconds(tempos, n[0]);
                String label = t.labelAt(sec + 1e-6);
                assertFalse(label.equals("silence"), "seed " + seed + ": note at " + sec + " s in a silence section");
                drums |= n[1] == 9;
            }
            assertEquals(a.hasDrums(), drums, "seed " + seed + ": has_drums");
        }
    }

    private static double seconds(TreeMap<Long, Integer> tempos, long tick) {
        double s = 0;
        List<Long> ticks = new ArrayList<>(tempos.keySet());
        for (int i = 0; i < ticks.size() && ticks.get(i) < tick; i++) {
            long end = i + 1 < ticks.size() ? Math.min(ticks.get(i + 1), tick) : tick;
            s += (end - ticks.get(i)) * tempos.get(ticks.get(i)) / 1e6 / ArrangementGenerator.PPQ;
        }
        return s;
    }

    private static long tickAt(TreeMap<Long, Integer> tempos, double sec) {
        long t = 0;
        while (seconds(tempos, t + 1) <= sec + 1e-9) {
            t++;
        }
        return t;
    }
}
