package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static dev.fractalsync.tools.billboard.BillboardArranger.PPQ;
import static dev.fractalsync.tools.billboard.BillboardArranger.TICKS_PER_SECOND;

/**
 * The arrangement's MIDI sequence at one fixed tempo (120 BPM, {@link BillboardArranger#TICKS_PER_SECOND} ticks a
 * second): notes are placed by their time in seconds, loosened by the family's timing jitter, with humanized
 * velocities; program changes are recorded per role.
 */
final class TimedMidiWriter {
    static final int CH_LEAD = 0;
    static final int CH_CHORDS = 1;
    static final int CH_BASS = 2;
    static final int CH_PAD = 3;
    static final int CH_ARP = 4;
    static final int CH_DRUMS = 9;
    private static final int[] CHANNELS = {CH_LEAD, CH_CHORDS, CH_BASS, CH_PAD, CH_ARP, CH_DRUMS};

    private final Random rng;
    private final double jitterSec;
    private final Sequence sequence;
    private final Track[] tracks = new Track[16];
    private final int[] program = new int[16];
    private final Map<String, TreeSet<Integer>> programsUsed = new LinkedHashMap<>();
    private double barStart;

    TimedMidiWriter(ArrangerFamily family, Random rng) throws InvalidMidiDataException {
        this.rng = rng;
        this.jitterSec = switch (family) {
            case PIANO -> 0.014;
            case ACOUSTIC -> 0.009;
            case BAND -> 0.005;
            case ELECTRONIC -> 0.0;
        };
        sequence = new Sequence(Sequence.PPQ, PPQ);
        Track tempo = sequence.createTrack();
        byte[] us = {0x07, (byte) 0xA1, 0x20}; // 500000 us per quarter = 120 BPM
        tempo.add(new MidiEvent(new MetaMessage(0x51, us, 3), 0));
        for (int ch : CHANNELS) {
            tracks[ch] = sequence.createTrack();
            program[ch] = -1;
        }
    }

    Sequence sequence() {
        return sequence;
    }

    /** GM programs used per role, in the order the roles first appeared. */
    Map<String, List<Integer>> programsUsed() {
        Map<String, List<Integer>> programs = new LinkedHashMap<>();
        programsUsed.forEach((k, v) -> programs.put(k, List.copyOf(v)));
        return programs;
    }

    /** Where the bar being written starts: program changes go just before it. */
    void setBarStart(double seconds) {
        barStart = seconds;
    }

    /** A velocity for intensity {@code e} (0..1) plus {@code offset}, humanized. */
    int velocity(double e, int offset) {
        return (int) Math.max(12, Math.min(124, Math.round(28 + 84 * e + offset + rng.nextGaussian() * 4)));
    }

    void drum(double when, int key, int vel) throws InvalidMidiDataException {
        programsUsed.computeIfAbsent("drums", k -> new TreeSet<>()).add(0);
        note(CH_DRUMS, when, 0.08, key, vel);
    }

    void setProgram(int ch, int prog, String role) throws InvalidMidiDataException {
        programsUsed.computeIfAbsent(role, k -> new TreeSet<>()).add(prog);
        if (program[ch] == prog) {
            return;
        }
        program[ch] = prog;
        // at tick 0 for the first one, else just before the next note of the channel
        long tick = Math.max(0, tick(barStart) - 2);
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, prog, 0), tick));
    }

    void cc(int ch, double when, int controller, int value) throws InvalidMidiDataException {
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, controller, value), tick(when)));
    }

    /** Lowers every channel's expression from {@code start} to {@code end}. */
    void fadeOut(double start, double end) throws InvalidMidiDataException {
        for (int k = 0; k <= 20; k++) {
            double when = start + k * (end - start) / 20;
            int value = (int) Math.round(127 * (1 - 0.8 * k / 20.0));
            for (int ch : CHANNELS) {
                cc(ch, when, 11, value);
            }
        }
    }

    void note(int ch, double when, double dur, int pitch, int vel) throws InvalidMidiDataException {
        if (pitch < 0 || pitch > 127 || dur <= 0) {
            return;
        }
        double jitter = jitterSec > 0 && ch != CH_DRUMS ? rng.nextGaussian() * jitterSec
                : jitterSec > 0 ? rng.nextGaussian() * jitterSec * 0.5 : 0;
        long on = tick(Math.max(0, when + jitter));
        long off = Math.max(on + 1, tick(when + jitter + dur));
        int v = Math.max(1, Math.min(127, vel));
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, pitch, v), on));
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, pitch, 0), off));
    }

    private static long tick(double seconds) {
        return Math.round(Math.max(0, seconds) * TICKS_PER_SECOND);
    }
}
