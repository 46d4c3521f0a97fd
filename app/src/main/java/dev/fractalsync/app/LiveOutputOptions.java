package dev.fractalsync.app;

import dev.fractalsync.engine.EngineListener;
import picocli.CommandLine.Option;

import javax.sound.midi.MidiDevice;
import java.util.ArrayList;
import java.util.List;

/** Where {@code run} and {@code analyze-node} send live events besides the bus: OSC and MIDI clock. */
final class LiveOutputOptions {
    @Option(names = "--osc", paramLabel = "HOST:PORT", description = "Send /fractalsync/beat, /downbeat, /section and "
            + "/hazard OSC messages over UDP to HOST:PORT.")
    String osc;

    @Option(names = "--midi-clock", paramLabel = "DEVICE", description = "Send MIDI clock (24 ppqn, start/stop) locked "
            + "to the beats to the MIDI output whose name contains DEVICE (see --list-midi).")
    String midiClock;

    @Option(names = "--list-midi", description = "List the MIDI outputs and inputs and exit.")
    boolean listMidi;

    /** Prints the MIDI outputs to stdout when {@code --list-midi} was given; true if it did (the command then ends). */
    boolean listedMidi() {
        if (!listMidi) {
            return false;
        }
        List<MidiDevice.Info> outputs = MidiClockOutput.outputs();
        if (outputs.isEmpty()) {
            System.out.println("no MIDI outputs");
        }
        for (MidiDevice.Info i : outputs) {
            System.out.println("out: " + i.getName() + " - " + i.getDescription() + " (" + i.getVendor() + ")");
        }
        List<MidiDevice.Info> inputs = MidiControls.inputs();
        if (inputs.isEmpty()) {
            System.out.println("no MIDI inputs");
        }
        for (MidiDevice.Info i : inputs) {
            System.out.println("in: " + i.getName() + " - " + i.getDescription() + " (" + i.getVendor() + ")");
        }
        return true;
    }

    /** Checks the targets before anything slow starts (a cluster join): a bad one is one clear line now. */
    void validate() {
        if (osc != null) {
            OscOutput.target(osc);
        }
    }

    /** Opens the requested outputs; the caller closes them. Bad targets fail here, before any audio runs. */
    List<AutoCloseable> open(List<EngineListener> listeners) {
        List<AutoCloseable> opened = new ArrayList<>();
        if (osc != null) {
            OscOutput o = OscOutput.open(osc);
            listeners.add(o);
            opened.add(o);
        }
        if (midiClock != null) {
            MidiClockOutput m = MidiClockOutput.open(midiClock);
            listeners.add(m);
            opened.add(m);
        }
        return opened;
    }
}
