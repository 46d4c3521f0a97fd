package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.fractalsync.tools.midi.ArrangementGenerator.PPQ;
import static dev.fractalsync.tools.midi.Meter.SIX_EIGHT;

/**
 * The generated song's MIDI sequence: a tempo track and one track per channel, with the mixer settings, the GM
 * program changes per section and the notes, swung and with humanized velocities.
 */
final class SongMidiWriter {
    static final int CH_LEAD = 0;
    static final int CH_CHORDS = 1;
    static final int CH_BASS = 2;
    static final int CH_PAD = 3;
    static final int CH_SOLO = 4;
    static final int CH_DRUMS = 9;
    private static final int[] CHANNELS = {CH_LEAD, CH_CHORDS, CH_BASS, CH_PAD, CH_SOLO, CH_DRUMS};

    private final SongRandom rng;
    private final double swing;
    private final long musicStart;
    private final Sequence sequence;
    private final Track tempoTrack;
    private final Track[] tracks = new Track[16];
    private final int[] currentProgram = new int[16];
    private final Map<String, TreeSet<Integer>> programsUsed = new LinkedHashMap<>();

    /**
     * @param swing      0 (straight) to 1 (triplet feel) for off-beat eighths
     * @param musicStart tick of the first bar, where the swing grid starts
     */
    SongMidiWriter(SongRandom rng, double swing, long musicStart) throws InvalidMidiDataException {
        this.rng = rng;
        this.swing = swing;
        this.musicStart = musicStart;
        sequence = new Sequence(Sequence.PPQ, PPQ);
        tempoTrack = sequence.createTrack();
        for (int ch : CHANNELS) {
            tracks[ch] = sequence.createTrack();
            currentProgram[ch] = -1;
        }
    }

    Sequence sequence() {
        return sequence;
    }

    /** GM programs used per role, in the order the roles first appeared. */
    Map<String, List<Integer>> programsUsed() {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        programsUsed.forEach((role, set) -> out.put(role, List.copyOf(set)));
        return out;
    }

    /** Writes the tempo map's changes as Set Tempo events. */
    void tempo(TempoMap tempo) throws InvalidMidiDataException {
        for (long[] c : tempo.changes()) {
            MetaMessage m = new MetaMessage();
            int us = (int) c[1];
            m.setMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3);
            tempoTrack.add(new MidiEvent(m, c[0]));
        }
    }

    /** Time signature, track name and each channel's volume, pan and (no) effects at tick 0. */
    void header(Meter meter, long seed) throws InvalidMidiDataException {
        MetaMessage ts = new MetaMessage();
        byte num = (byte) (meter == SIX_EIGHT ? 6 : meter.beatsPerBar());
        byte den = (byte) (meter == SIX_EIGHT ? 3 : 2);
        byte clocks = (byte) (meter == SIX_EIGHT ? 36 : 24);
        ts.setMessage(0x58, new byte[] {num, den, clocks, 8}, 4);
        tempoTrack.add(new MidiEvent(ts, 0));
        MetaMessage name = new MetaMessage();
        byte[] text = ("FractalSync arrangement seed " + seed).getBytes(StandardCharsets.US_ASCII);
        name.setMessage(0x03, text, text.length);
        tempoTrack.add(new MidiEvent(name, 0));
        for (int ch : CHANNELS) {
            control(ch, 0, 7, ch == CH_DRUMS ? 110 : ch == CH_BASS ? 105 : ch == CH_PAD ? 80 : 100);
            control(ch, 0, 10, switch (ch) {
                case CH_CHORDS -> 44;
                case CH_PAD -> 84;
                case CH_SOLO -> 72;
                default -> 64;
            });
            control(ch, 0, 91, 0); // no synth reverb: reverb comes from augmentation
            control(ch, 0, 93, 0);
        }
    }

    private void control(int ch, long tick, int cc, int value) throws InvalidMidiDataException {
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, cc, value), tick));
    }

    /** The section's programs per role, changed at its start where they differ from the last ones. */
    void programs(SongSection s) throws InvalidMidiDataException {
        program(CH_CHORDS, s.startTick, s.chordsProgram, "chords");
        program(CH_BASS, s.startTick, s.bassProgram, "bass");
        program(CH_LEAD, s.startTick, s.leadProgram, "lead");
        program(CH_PAD, s.startTick, s.padProgram, "pad");
        if (s.label.equals("inst")) {
            program(CH_SOLO, s.startTick, s.leadProgram, "solo");
        }
    }

    private void program(int ch, long tick, int program, String role) throws InvalidMidiDataException {
        if (currentProgram[ch] != program) {
            tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, program, 0), tick));
            currentProgram[ch] = program;
        }
        programsUsed.computeIfAbsent(role, k -> new TreeSet<>()).add(program);
    }

    /** Swing: off-beat eighths move later (triplet feel at swing 1); only in 4/4 and 3/4. */
    private long swung(long tick) {
        if (swing == 0) {
            return tick;
        }
        long rel = tick - musicStart;
        long beat = Math.floorDiv(rel, PPQ);
        long pos = rel - beat * PPQ;
        double shift = swing * PPQ / 6.0; // 80 ticks at full swing
        double p = pos <= PPQ / 2 ? pos * (PPQ / 2 + shift) / (PPQ / 2.0)
                : PPQ / 2 + shift + (pos - PPQ / 2) * (PPQ / 2 - shift) / (PPQ / 2.0);
        return musicStart + beat * PPQ + Math.round(p);
    }

    private int humanize(double velocity) {
        return (int) Math.max(1, Math.min(127, Math.round(velocity + rng.nextGaussian() * 4)));
    }

    void note(int ch, int pitch, long start, long duration, double velocity) throws InvalidMidiDataException {
        if (pitch < 0 || pitch > 127 || velocity < 1) {
            return;
        }
        long on = swung(start);
        long off = Math.max(on + 10, swung(start + duration) - 12);
        int v = humanize(velocity);
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, ch, pitch, v), on));
        tracks[ch].add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, ch, pitch, 0), off));
    }
}
