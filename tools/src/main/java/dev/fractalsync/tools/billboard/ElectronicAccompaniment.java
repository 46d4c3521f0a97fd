package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.List;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_ARP;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_BASS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_PAD;

/**
 * Synth pad and bass, an arpeggio in loud sections, four-on-the-floor kick with clap and hats, a snare build-up
 * without kick in the last two bars before a chorus (unless they are already near full energy) and a crash where the
 * chorus drops.
 */
final class ElectronicAccompaniment extends Accompaniment {
    ElectronicAccompaniment(Transcription t, BeatGrid grid, FamilyInstruments instruments, TimedMidiWriter midi,
                            Random rng) {
        super(t, grid, instruments, midi, rng);
    }

    @Override
    void bar(int b, double e) throws InvalidMidiDataException {
        Transcription.Bar bar = t.bars().get(b);
        midi.setProgram(CH_PAD, instruments.padProgram(), "pad");
        padChords(b, bar, midi.velocity(e, -10), 60);
        boolean buildUp = lastBarsBefore(b, 2, "chorus") && e < 0.85;
        if (e >= 0.4) {
            midi.setProgram(CH_BASS, instruments.bassProgram(), "bass");
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone()) {
                    continue;
                }
                int root = 36 + Math.floorMod(c.bass(), 12);
                double off = stepsPerBeat == 2 ? 0.5 : 2.0 / 3;
                midi.note(CH_BASS, grid.at(b, beat + off), 0.45 * grid.beatSec(b, beat), root, midi.velocity(e, -4));
                if (e >= 0.62) {
                    midi.note(CH_BASS, grid.at(b, beat), 0.3 * grid.beatSec(b, beat), root, midi.velocity(e, -12));
                }
            }
        } else {
            bass(b, bar, 0.3);
        }
        if (e >= 0.6) {
            midi.setProgram(CH_ARP, instruments.chordsProgram(), "arp");
            int steps = bar.beats() * 4;
            for (int s = 0; s < steps; s++) {
                Chord c = bar.chords()[Math.min(bar.beats() - 1, s / 4)];
                if (c.isNone()) {
                    continue;
                }
                int[] pcs = c.pitchClasses();
                int pitch = 60 + Math.floorMod(pcs[s % pcs.length], 12) + (s % 8 >= 4 ? 12 : 0);
                midi.note(CH_ARP, grid.at(b, s / 4.0), 0.1, pitch, midi.velocity(e, -30));
            }
        }
        if (buildUp) {
            int steps = bar.beats() * 4;
            boolean secondBar = lastBarsBefore(b, 1, "chorus");
            for (int s = 0; s < steps; s++) {
                if (!secondBar && s % 2 == 1) {
                    continue;
                }
                int rise = (int) (40.0 * s / steps) + (secondBar ? 20 : 0);
                midi.drum(grid.at(b, s / 4.0), SNARE, Math.min(120, 45 + rise));
            }
            return; // the kick drops out for the build-up
        }
        if (firstBarOfSection(b) && t.sections().get(t.bars().get(b).section()).label().equals("chorus")) {
            midi.drum(grid.at(b, 0), CRASH, 110);
        }
        if (e >= 0.45) {
            for (int beat = 0; beat < bar.beats(); beat++) {
                midi.drum(grid.at(b, beat), KICK, midi.velocity(e, 8));
                if (e >= 0.5 && bar.beats() >= 2 && beat % 2 == 1) {
                    midi.drum(grid.at(b, beat), CLAP, midi.velocity(e, -6));
                }
                double off = stepsPerBeat == 2 ? 0.5 : 2.0 / 3;
                midi.drum(grid.at(b, beat + off), e >= 0.65 ? OPEN_HAT : HAT, midi.velocity(e, -16));
                if (e >= 0.65) {
                    midi.drum(grid.at(b, beat + 0.25), HAT, midi.velocity(e, -30));
                    midi.drum(grid.at(b, beat + 0.75), HAT, midi.velocity(e, -30));
                }
            }
        } else if (e >= 0.3) {
            for (int beat = 0; beat < bar.beats(); beat++) {
                midi.drum(grid.at(b, beat + 0.5), HAT, midi.velocity(e, -24));
            }
        }
    }

    private boolean lastBarsBefore(int b, int count, String nextLabel) {
        List<Transcription.Bar> bars = t.bars();
        int s = bars.get(b).section();
        int j = b + 1;
        int left = 0;
        while (j < bars.size() && bars.get(j).section() == s) {
            j++;
            left++;
        }
        return left < count && j < bars.size() && t.sections().get(bars.get(j).section()).label().equals(nextLabel);
    }
}
