package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_CHORDS;

/**
 * Solo piano with the sustain pedal re-taken at each chord change: held bass and chord when quiet, a broken-chord
 * pattern in the middle, octave bass and repeated chords when loud.
 */
final class PianoAccompaniment extends Accompaniment {
    PianoAccompaniment(Transcription t, BeatGrid grid, FamilyInstruments instruments, TimedMidiWriter midi,
                       Random rng) {
        super(t, grid, instruments, midi, rng);
    }

    @Override
    void bar(int b, double e) throws InvalidMidiDataException {
        Transcription.Bar bar = t.bars().get(b);
        midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "piano");
        int vel = midi.velocity(e, -4);
        Chord prev = null;
        for (int beat = 0; beat < bar.beats(); beat++) {
            Chord c = bar.chords()[beat];
            if (c.isNone()) {
                prev = c;
                continue;
            }
            boolean change = prev == null || !sameChord(c, prev);
            prev = c;
            if (change) {
                double when = grid.at(b, beat);
                midi.cc(CH_CHORDS, when - 0.02, 64, 0);
                midi.cc(CH_CHORDS, when + 0.03, 64, 127);
            }
            int bassNote = 36 + Math.floorMod(c.bass(), 12);
            if (e < 0.42) {
                if (change) {
                    double hold = holdBeats(bar, beat, b);
                    midi.note(CH_CHORDS, grid.at(b, beat), hold, bassNote, vel);
                    chord(CH_CHORDS, c, grid.at(b, beat) + 0.03, hold, vel - 10, 55);
                }
            } else if (e < 0.62) {
                int[] pcs = c.pitchClasses();
                int[] arp = {bassNote, 48 + Math.floorMod(pcs[Math.min(pcs.length - 1, 2)], 12),
                        55 + Math.floorMod(pcs[Math.min(pcs.length - 1, 1)] - 7, 12), 60 + Math.floorMod(pcs[0], 12)};
                for (int s = 0; s < stepsPerBeat; s++) {
                    int idx = (beat * stepsPerBeat + s) % arp.length;
                    double p = beat + s / (double) stepsPerBeat;
                    midi.note(CH_CHORDS, grid.at(b, p), 1.6 * grid.beatSec(b, beat) / stepsPerBeat, arp[idx], vel - (s == 0 ? 0 : 10));
                }
            } else {
                if (beat == 0 || change) {
                    midi.note(CH_CHORDS, grid.at(b, beat), grid.beatSec(b, beat) * 2, bassNote - 12, vel + 4);
                    midi.note(CH_CHORDS, grid.at(b, beat), grid.beatSec(b, beat) * 2, bassNote, vel);
                }
                chord(CH_CHORDS, c, grid.at(b, beat), 0.85 * grid.beatSec(b, beat), vel - (beat % 2 == 0 ? 4 : 12), 57);
                if (bar.lead() == null) {
                    chord(CH_CHORDS, c, grid.at(b, beat + 0.5), 0.4 * grid.beatSec(b, beat), vel - 18, 69);
                }
            }
        }
    }
}
