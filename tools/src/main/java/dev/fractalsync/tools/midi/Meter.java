package dev.fractalsync.tools.midi;

import static dev.fractalsync.tools.midi.ArrangementGenerator.PPQ;
import static dev.fractalsync.tools.midi.ArrangementGenerator.T16;

/** A song's meter: beats per bar and the length of its beat in ticks (a dotted quarter in 6/8). */
record Meter(String name, int beatsPerBar, int ticksPerBeat) {
    static final Meter FOUR_FOUR = new Meter("4/4", 4, PPQ);
    static final Meter THREE_FOUR = new Meter("3/4", 3, PPQ);
    static final Meter SIX_EIGHT = new Meter("6/8", 2, PPQ * 3 / 2);

    int ticksPerBar() {
        return beatsPerBar * ticksPerBeat;
    }

    int stepsPerBar() {
        return ticksPerBar() / T16;
    }

    int stepsPerBeat() {
        return ticksPerBeat / T16;
    }

    double quartersPerBeat() {
        return ticksPerBeat / (double) PPQ;
    }

    /** The MIDI tempo (microseconds per quarter note) of {@code beatBpm} beats per minute. */
    int usPerQuarter(double beatBpm) {
        return (int) Math.round(60e6 / (beatBpm * quartersPerBeat()));
    }
}
