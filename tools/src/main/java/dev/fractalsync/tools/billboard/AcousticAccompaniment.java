package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_CHORDS;

/** Strummed acoustic guitar, sometimes a bass, and light hand percussion as the energy rises. */
final class AcousticAccompaniment extends Accompaniment {
    AcousticAccompaniment(Transcription t, BeatGrid grid, FamilyInstruments instruments, TimedMidiWriter midi,
                          Random rng) {
        super(t, grid, instruments, midi, rng);
    }

    @Override
    void bar(int b, double e) throws InvalidMidiDataException {
        Transcription.Bar bar = t.bars().get(b);
        midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "guitar");
        int vel = midi.velocity(e, -2);
        for (int beat = 0; beat < bar.beats(); beat++) {
            Chord c = bar.chords()[beat];
            if (c.isNone()) {
                continue;
            }
            if (e < 0.4) {
                if (beat % 2 == 0 || !sameChord(c, bar.chords()[beat - 1])) {
                    strum(c, grid.at(b, beat), 2 * grid.beatSec(b, beat), vel, true);
                }
            } else {
                for (int s = 0; s < stepsPerBeat; s++) {
                    boolean down = s == 0;
                    double p = beat + s / (double) stepsPerBeat;
                    if (!down && rng.nextDouble() < 0.25) {
                        continue;
                    }
                    strum(c, grid.at(b, p), grid.beatSec(b, beat) / stepsPerBeat * 1.1, vel - (down ? 0 : 14), down);
                }
            }
        }
        if (instruments.acousticBass() && e >= 0.45) {
            bass(b, bar, Math.min(e, 0.55));
        }
        // light hand percussion
        int steps = bar.beats() * stepsPerBeat;
        if (e >= 0.36) {
            for (int s = 0; s < steps; s++) {
                midi.drum(grid.at(b, s / (double) stepsPerBeat), MARACAS, midi.velocity(e, s % stepsPerBeat == 0 ? -20 : -32));
            }
        }
        if (e >= 0.5) {
            for (int beat = 0; beat < bar.beats(); beat++) {
                boolean back = bar.beats() >= 2 && beat % 2 == 1;
                midi.drum(grid.at(b, beat), back ? SIDESTICK : KICK_SOFT, midi.velocity(e, back ? -18 : -12));
                if (back && e >= 0.66) {
                    midi.drum(grid.at(b, beat), TAMBOURINE, midi.velocity(e, -22));
                }
            }
        }
    }

    private void strum(Chord c, double when, double dur, int vel, boolean down) throws InvalidMidiDataException {
        int[] pcs = c.pitchClasses();
        int[] notes = new int[Math.max(4, Math.min(6, pcs.length + 2))];
        notes[0] = 40 + Math.floorMod(c.bass() - 4, 12);
        for (int i = 1; i < notes.length; i++) {
            int pc = pcs[(i - 1) % pcs.length];
            int n = notes[i - 1] + 1;
            while (Math.floorMod(n, 12) != pc) {
                n++;
            }
            notes[i] = n;
        }
        for (int i = 0; i < notes.length; i++) {
            int idx = down ? i : notes.length - 1 - i;
            midi.note(CH_CHORDS, when + i * 0.011, dur, notes[idx], vel - i * 2);
        }
    }
}
