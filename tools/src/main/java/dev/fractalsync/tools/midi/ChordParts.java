package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;

import static dev.fractalsync.tools.midi.ArrangementGenerator.T16;
import static dev.fractalsync.tools.midi.Meter.FOUR_FOUR;
import static dev.fractalsync.tools.midi.Meter.THREE_FOUR;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_CHORDS;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_PAD;

/** The chordal parts: the chord instrument's comping pattern and the sustained pad. */
final class ChordParts {
    private final Meter meter;
    private final Harmony harmony;
    private final SongMidiWriter midi;

    ChordParts(Meter meter, Harmony harmony, SongMidiWriter midi) {
        this.meter = meter;
        this.harmony = harmony;
        this.midi = midi;
    }

    /** The chord instrument's comping for the section: held, stabbed, strummed or broken chords. */
    void chords(SongSection s, boolean last) throws InvalidMidiDataException {
        int center = 60 + s.register / 2;
        int spb = meter.stepsPerBar();
        for (int bar = 0; bar < s.bars; bar++) {
            int[] tones = harmony.chord(s, bar);
            double vel = 62 * s.level(bar);
            int[] voicing = new int[tones.length + (s.label.equals("chorus") ? 1 : 0)];
            for (int k = 0; k < tones.length; k++) {
                voicing[k] = Harmony.nearest(tones[k], center + 4 * (k - 1));
            }
            if (voicing.length > tones.length) {
                voicing[tones.length] = voicing[0] + 12;
            }
            long t0 = s.barTick(meter, bar);
            boolean finalBar = last && bar == s.bars - 1;
            if (finalBar || s.label.equals("intro") && bar < s.bars / 2 && s.comp != 1 || s.chordsProgram >= 48 && s.chordsProgram < 56 || s.chordsProgram >= 88 && s.chordsProgram < 96) {
                for (int p : voicing) {
                    midi.note(CH_CHORDS, p, t0, meter.ticksPerBar(), vel);
                }
                continue;
            }
            int comp = meter == FOUR_FOUR ? s.comp : 4 + s.comp % 2;
            boolean[] hits = new boolean[spb];
            int len;
            switch (comp) {
                case 0 -> { // quarter stabs
                    for (int st = 0; st < spb; st += 4) {
                        hits[st] = true;
                    }
                    len = 4;
                }
                case 1 -> { // eighth strum
                    for (int st = 0; st < spb; st += 2) {
                        hits[st] = true;
                    }
                    len = 2;
                }
                case 2 -> { // syncopated pop pattern
                    for (int st : new int[] {0, 3, 6, 10, 12}) {
                        hits[st] = true;
                    }
                    len = 3;
                }
                case 3 -> { // off-beat stabs (dance / reggae-ish)
                    for (int st = 2; st < spb; st += 4) {
                        hits[st] = true;
                    }
                    len = 2;
                }
                case 4 -> { // 3/4 oom-pah-pah, 6/8 beats 1 and 2 plus pickup
                    if (meter == THREE_FOUR) {
                        hits[4] = true;
                        hits[8] = true;
                    } else {
                        hits[0] = true;
                        hits[6] = true;
                        hits[10] = true;
                    }
                    len = 4;
                }
                default -> { // broken-chord arpeggio in eighths
                    for (int st = 0, k = 0; st < spb; st += 2, k++) {
                        int p = voicing[k % voicing.length] + (k / voicing.length % 2 == 1 ? 12 : 0);
                        midi.note(CH_CHORDS, p, t0 + (long) st * T16, 2L * T16 * 2, vel * (st == 0 ? 1.1 : 0.9));
                    }
                    continue;
                }
            }
            for (int st = 0; st < spb; st++) {
                if (hits[st]) {
                    double accent = st % meter.stepsPerBeat() == 0 ? 1.0 : 0.85;
                    for (int p : voicing) {
                        midi.note(CH_CHORDS, p, t0 + (long) st * T16, (long) len * T16, vel * accent);
                    }
                }
            }
        }
    }

    /** The pad holds the section's chords a bar at a time. */
    void pad(SongSection s) throws InvalidMidiDataException {
        int center = 66 + s.register;
        for (int bar = 0; bar < s.bars; bar++) {
            int[] tones = harmony.chord(s, bar);
            double vel = 50 * s.level(bar);
            for (int k = 0; k < tones.length; k++) {
                midi.note(CH_PAD, Harmony.nearest(tones[k], center + 4 * (k - 1)), s.barTick(meter, bar), meter.ticksPerBar(), vel);
            }
        }
    }
}
