package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_CHORDS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_PAD;

/**
 * The band: a chord instrument held, on the beat or in eighths as the energy rises, a pad in louder sections, bass,
 * and a drum kit with crashes at loud section starts and tom fills before most section changes.
 */
final class BandAccompaniment extends Accompaniment {
    private final long seed;

    BandAccompaniment(Transcription t, BeatGrid grid, FamilyInstruments instruments, TimedMidiWriter midi, Random rng,
                      long seed) {
        super(t, grid, instruments, midi, rng);
        this.seed = seed;
    }

    @Override
    void bar(int b, double e) throws InvalidMidiDataException {
        Transcription.Bar bar = t.bars().get(b);
        midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "chords");
        int steps = bar.beats() * stepsPerBeat;
        int vel = midi.velocity(e, 0);
        for (int beat = 0; beat < bar.beats(); beat++) {
            Chord c = bar.chords()[beat];
            if (c.isNone()) {
                continue;
            }
            boolean change = beat == 0 || !sameChord(c, bar.chords()[beat - 1]);
            if (e < 0.4) {
                if (change) {
                    chord(CH_CHORDS, c, grid.at(b, beat), holdBeats(bar, beat, b), vel, 55);
                }
            } else if (e < 0.6) {
                chord(CH_CHORDS, c, grid.at(b, beat), 0.9 * grid.beatSec(b, beat), vel - (beat % 2 == 0 ? 0 : 8), 55);
            } else {
                for (int s = 0; s < stepsPerBeat; s++) {
                    double p = beat + s / (double) stepsPerBeat;
                    chord(CH_CHORDS, c, grid.at(b, p), 0.8 * grid.beatSec(b, beat) / stepsPerBeat, vel - (s == 0 ? 0 : 12), 57);
                }
            }
        }
        if (e >= 0.55) {
            midi.setProgram(CH_PAD, instruments.padProgram(), "pad");
            padChords(b, bar, midi.velocity(e, -25), 67);
        }
        if (e >= 0.34) {
            bass(b, bar, e);
        }
        if (e >= 0.3) {
            drums(b, bar, e, steps);
        }
    }

    private void drums(int b, Transcription.Bar bar, double e, int steps) throws InvalidMidiDataException {
        int beats = bar.beats();
        boolean fill = b + 1 < t.bars().size() && t.bars().get(b + 1).section() != bar.section()
                && Math.floorMod(seed + b, 5) < 3;
        if (firstBarOfSection(b) && e >= 0.6) {
            midi.drum(grid.at(b, 0), CRASH, midi.velocity(e, 5));
        }
        int cymbal = e >= 0.66 ? RIDE : HAT;
        for (int s = 0; s < steps; s++) {
            double p = s / (double) stepsPerBeat;
            int beat = s / stepsPerBeat;
            boolean onBeat = s % stepsPerBeat == 0;
            if (fill && beat == beats - 1) {
                int[] toms = {HIGH_TOM, MID_TOM, LOW_TOM, SNARE};
                midi.drum(grid.at(b, p), toms[s % toms.length], midi.velocity(e, 0));
                continue;
            }
            if (e >= 0.38 || onBeat) {
                midi.drum(grid.at(b, p), cymbal, midi.velocity(e, onBeat ? -12 : -24));
            }
            if (!onBeat) {
                continue;
            }
            if (e < 0.38) {
                continue;
            }
            boolean back = beats == 3 ? beat > 0 : beat % 2 == 1;
            if (back) {
                midi.drum(grid.at(b, p), e < 0.45 ? SIDESTICK : SNARE, midi.velocity(e, beats == 3 ? -10 : 0));
            } else {
                midi.drum(grid.at(b, p), KICK, midi.velocity(e, 0));
                if (e >= 0.6 && beats != 3) {
                    midi.drum(grid.at(b, p + (stepsPerBeat == 2 ? 0.5 : 2.0 / 3) + (beat == 0 ? 1 : 0)), KICK, midi.velocity(e, -12));
                }
            }
        }
    }
}
