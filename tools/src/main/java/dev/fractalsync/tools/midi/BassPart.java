package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;

import static dev.fractalsync.tools.midi.ArrangementGenerator.T16;
import static dev.fractalsync.tools.midi.Meter.FOUR_FOUR;
import static dev.fractalsync.tools.midi.Meter.SIX_EIGHT;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_BASS;

/** The bass line: held roots, root and fifth, driving eighths or off-beat octaves, by style and section. */
final class BassPart {
    private final SongRandom rng;
    private final String style;
    private final Meter meter;
    private final Harmony harmony;
    private final SongMidiWriter midi;

    BassPart(SongRandom rng, String style, Meter meter, Harmony harmony, SongMidiWriter midi) {
        this.rng = rng;
        this.style = style;
        this.meter = meter;
        this.harmony = harmony;
        this.midi = midi;
    }

    /** The bass line of the section; the song's last bar holds its root. */
    void write(SongSection s, boolean last) throws InvalidMidiDataException {
        int spb = meter.stepsPerBar();
        int mode = style.equals("dance") ? 3 : style.equals("ballad") ? 0 : meter != FOUR_FOUR ? 4 : 1 + rng.nextInt(2);
        if (s.label.equals("chorus") && mode == 1 && style.equals("rock")) {
            mode = 2;
        }
        for (int bar = 0; bar < s.bars; bar++) {
            int[] tones = harmony.chord(s, bar);
            int rootNote = Harmony.nearest(tones[0], 40);
            int fifth = Harmony.nearest(tones[2], rootNote + 7);
            double vel = 80 * s.level(bar);
            long t0 = s.barTick(meter, bar);
            if (last && bar == s.bars - 1) {
                midi.note(CH_BASS, rootNote, t0, meter.ticksPerBar(), vel);
                continue;
            }
            int m = s.label.equals("intro") || s.label.equals("bridge") && mode != 3 ? 0 : mode;
            switch (m) {
                case 0 -> midi.note(CH_BASS, rootNote, t0, meter.ticksPerBar(), vel);
                case 1 -> { // root on beats, fifth on the last beat
                    for (int b = 0; b < meter.beatsPerBar(); b++) {
                        int p = b == meter.beatsPerBar() - 1 ? fifth : rootNote;
                        midi.note(CH_BASS, p, t0 + (long) b * meter.ticksPerBeat(), meter.ticksPerBeat(), vel * (b == 0 ? 1.05 : 0.9));
                    }
                }
                case 2 -> { // driving eighths
                    for (int st = 0; st < spb; st += 2) {
                        midi.note(CH_BASS, rootNote, t0 + (long) st * T16, 2L * T16, vel * (st % 4 == 0 ? 1.0 : 0.85));
                    }
                }
                case 3 -> { // off-beat octave bass
                    for (int st = 0; st < spb; st += 2) {
                        int p = st % 4 == 2 ? rootNote + 12 : rootNote;
                        midi.note(CH_BASS, p, t0 + (long) st * T16, 2L * T16, vel * (st % 4 == 2 ? 0.95 : 0.8));
                    }
                }
                default -> { // waltz / 6/8: root on the downbeat, fifth on the second beat
                    midi.note(CH_BASS, rootNote, t0, meter.ticksPerBeat(), vel);
                    if (meter == SIX_EIGHT) {
                        midi.note(CH_BASS, fifth, t0 + meter.ticksPerBeat(), meter.ticksPerBeat(), vel * 0.85);
                    } else if (bar % 2 == 1) {
                        midi.note(CH_BASS, fifth, t0 + 2L * meter.ticksPerBeat(), meter.ticksPerBeat(), vel * 0.8);
                    }
                }
            }
        }
    }}
