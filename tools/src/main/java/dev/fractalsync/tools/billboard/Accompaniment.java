package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.Arrays;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_BASS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_PAD;

/**
 * What one {@link ArrangerFamily} plays under the melody, written bar by bar, with the parts the families share: bass
 * line, held pad chords and chord voicing.
 */
abstract class Accompaniment {
    // General MIDI drum map
    static final int KICK_SOFT = 35;
    static final int KICK = 36;
    static final int SIDESTICK = 37;
    static final int SNARE = 38;
    static final int CLAP = 39;
    static final int HAT = 42;
    static final int OPEN_HAT = 46;
    static final int LOW_TOM = 45;
    static final int MID_TOM = 47;
    static final int HIGH_TOM = 50;
    static final int CRASH = 49;
    static final int RIDE = 51;
    static final int TAMBOURINE = 54;
    static final int MARACAS = 70;

    final Transcription t;
    final BeatGrid grid;
    final int stepsPerBeat;
    final FamilyInstruments instruments;
    final TimedMidiWriter midi;
    final Random rng;

    Accompaniment(Transcription t, BeatGrid grid, FamilyInstruments instruments, TimedMidiWriter midi, Random rng) {
        this.t = t;
        this.grid = grid;
        this.stepsPerBeat = grid.stepsPerBeat();
        this.instruments = instruments;
        this.midi = midi;
        this.rng = rng;
    }

    static Accompaniment of(ArrangerFamily family, Transcription t, BeatGrid grid, FamilyInstruments instruments,
                            TimedMidiWriter midi, Random rng, long seed) {
        return switch (family) {
            case BAND -> new BandAccompaniment(t, grid, instruments, midi, rng, seed);
            case PIANO -> new PianoAccompaniment(t, grid, instruments, midi, rng);
            case ACOUSTIC -> new AcousticAccompaniment(t, grid, instruments, midi, rng);
            case ELECTRONIC -> new ElectronicAccompaniment(t, grid, instruments, midi, rng);
        };
    }

    /** Writes bar {@code b} at intensity {@code e} (0..1). */
    abstract void bar(int b, double e) throws InvalidMidiDataException;

    /** Roots held to the next change when quiet, then on each beat, then on each step with octave pickups. */
    void bass(int b, Transcription.Bar bar, double e) throws InvalidMidiDataException {
        midi.setProgram(CH_BASS, instruments.bassProgram(), "bass");
        int vel = midi.velocity(e, 0);
        for (int beat = 0; beat < bar.beats(); beat++) {
            Chord c = bar.chords()[beat];
            if (c.isNone()) {
                continue;
            }
            int root = 36 + Math.floorMod(c.bass() - 4, 12) + 4;
            boolean change = beat == 0 || !sameChord(c, bar.chords()[beat - 1]);
            if (e < 0.45) {
                if (change) {
                    midi.note(CH_BASS, grid.at(b, beat), holdBeats(bar, beat, b) * 0.9, root, vel);
                }
            } else if (e < 0.65) {
                midi.note(CH_BASS, grid.at(b, beat), 0.85 * grid.beatSec(b, beat), beat % 2 == 1 && !change && rng.nextDouble() < 0.3 ? root + 7 : root, vel);
            } else {
                for (int s = 0; s < stepsPerBeat; s++) {
                    midi.note(CH_BASS, grid.at(b, beat + s / (double) stepsPerBeat), 0.8 * grid.beatSec(b, beat) / stepsPerBeat,
                            s == stepsPerBeat - 1 && rng.nextDouble() < 0.2 ? root + 12 : root, vel - (s == 0 ? 0 : 10));
                }
            }
        }
    }

    /** Each chord of the bar held on the pad until it changes. */
    void padChords(int b, Transcription.Bar bar, int vel, int center) throws InvalidMidiDataException {
        for (int beat = 0; beat < bar.beats(); beat++) {
            Chord c = bar.chords()[beat];
            if (c.isNone() || (beat > 0 && sameChord(c, bar.chords()[beat - 1]))) {
                continue;
            }
            chord(CH_PAD, c, grid.at(b, beat), holdBeats(bar, beat, b), vel, center);
        }
    }

    /** The chord's tones, each in the octave from {@code center - 5}. */
    void chord(int ch, Chord c, double when, double dur, int vel, int center) throws InvalidMidiDataException {
        for (int pc : c.pitchClasses()) {
            int n = center - 5 + Math.floorMod(pc - (center - 5), 12);
            midi.note(ch, when, dur, n, vel);
        }
    }

    boolean firstBarOfSection(int b) {
        return b == 0 || t.bars().get(b - 1).section() != t.bars().get(b).section();
    }

    static boolean sameChord(Chord a, Chord b) {
        return a.root() == b.root() && a.bass() == b.bass() && Arrays.equals(a.intervals(), b.intervals());
    }

    /** Seconds from {@code beat} to the next chord change or the bar end. */
    double holdBeats(Transcription.Bar bar, int beat, int b) {
        int k = beat + 1;
        while (k < bar.beats() && sameChord(bar.chords()[k], bar.chords()[beat])) {
            k++;
        }
        return grid.at(b, k) - grid.at(b, beat);
    }
}
