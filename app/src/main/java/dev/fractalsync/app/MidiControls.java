package dev.fractalsync.app;

import dev.fractalsync.control.ControlCommand;
import dev.fractalsync.control.ShowStatus;
import dev.fractalsync.control.ShowSurface;
import dev.fractalsync.render.ShowControls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * MIDI controls driving the show through its {@link MidiMap}, and MIDI learn: with learn on, the next control used
 * (in the page or with a key) is armed, and the next knob, fader, pad or key moved is mapped to it and the map saved.
 * A knob sets a range (sensitivity 0 to its maximum, the A/V offset ±{@value #AV_OFFSET_RANGE_MS} ms around 0, the
 * preset by position); a note toggles a switch and fires a trigger; a controller sets a switch on from 64 and fires a
 * trigger when it rises through 64. Note-off and other messages are ignored. Any thread may call it.
 */
final class MidiControls implements Receiver, ShowControls.Touches {
    private static final Logger LOG = LoggerFactory.getLogger(MidiControls.class);
    static final double AV_OFFSET_RANGE_MS = 200;

    private final ShowSurface show;
    private final MidiMap map;
    private final Path mapFile;
    private boolean learning;
    private MidiMap.Control armed;
    /** The last value of every controller of every channel (-1: none yet), for switch changes and trigger edges. */
    private final int[] lastCc = new int[16 * 128];

    MidiControls(ShowSurface show, MidiMap map, Path mapFile) {
        this.show = show;
        this.map = map;
        this.mapFile = mapFile;
        Arrays.fill(lastCc, -1);
    }

    /** MIDI learn on or off; a line to print. */
    synchronized String learn(boolean on) {
        learning = on;
        armed = null;
        return on ? "MIDI learn: use a control (a key, or in the page), then move a MIDI control" : "MIDI learn: off";
    }

    synchronized boolean learning() {
        return learning;
    }

    /** What the page shows: off, waiting for a control, or waiting for a MIDI control for the armed one. */
    synchronized String learnState() {
        return !learning ? "off" : armed == null ? "use a control" : "move a MIDI control for " + armed.id();
    }

    @Override
    public synchronized void touched(String control) {
        if (learning) {
            try {
                armed = MidiMap.Control.ofId(control);
            } catch (IllegalArgumentException e) {
                // a control MIDI does not drive (full screen): nothing to arm
            }
        }
    }

    @Override
    public String learnKey() {
        return learn(!learning());
    }

    @Override
    public void send(MidiMessage message, long timeStampMicros) {
        if (!(message instanceof ShortMessage m)) {
            return;
        }
        boolean note = m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0;
        boolean cc = m.getCommand() == ShortMessage.CONTROL_CHANGE;
        if (!note && !cc) {
            return;
        }
        MidiMap.Source source = new MidiMap.Source(m.getChannel() + 1, note, m.getData1());
        int value = m.getData2();
        int previous = -1;
        if (cc) {
            int slot = m.getChannel() * 128 + m.getData1();
            previous = lastCc[slot];
            lastCc[slot] = value;
        }
        Optional<MidiMap.Control> control;
        synchronized (this) {
            if (learning && armed != null) {
                map.put(armed, source);
                String line = "MIDI learn: " + armed.id() + " <- " + source;
                learning = false;
                armed = null;
                save();
                System.out.println(line);
                return;
            }
            control = map.controlOf(source);
        }
        if (control.isEmpty()) {
            return;
        }
        try {
            command(control.get(), note, value, previous).ifPresent(show::apply);
        } catch (RuntimeException e) {
            LOG.warn("MIDI {} -> {}: {}", source, control.get().id(), e.getMessage());
        }
    }

    /** The command {@code control} gets from a note-on or a controller at {@code value} (was {@code previous}). */
    Optional<ControlCommand> command(MidiMap.Control control, boolean note, int value, int previous) {
        ShowStatus.Controls now = show.status().controls();
        switch (control.kind) {
            case RANGE -> {
                if (note && control != MidiMap.Control.PRESET) {
                    return Optional.empty();
                }
                return Optional.of(switch (control) {
                    case SENSITIVITY -> new ControlCommand.Sensitivity(value / 127.0 * now.maxSensitivity());
                    case AV_OFFSET -> new ControlCommand.AvOffset(
                            Math.max(-1.0, (value - 64) / 63.0) * AV_OFFSET_RANGE_MS);
                    default -> {
                        List<String> presets = now.presets();
                        int index = note ? (presets.indexOf(now.preset()) + 1) % presets.size()
                                : Math.min(presets.size() - 1, value * presets.size() / 128);
                        yield new ControlCommand.SelectPreset(presets.get(index));
                    }
                });
            }
            case SWITCH -> {
                boolean current = switch (control) {
                    case BLACKOUT -> now.blackout();
                    case FREEZE -> now.frozen();
                    default -> now.paletteLock();
                };
                boolean on = note ? !current : value >= 64;
                if (!note && previous >= 0 && (previous >= 64) == on) {
                    return Optional.empty(); // the knob moved without crossing the middle
                }
                return Optional.of(switch (control) {
                    case BLACKOUT -> new ControlCommand.Blackout(on);
                    case FREEZE -> new ControlCommand.Freeze(on);
                    default -> new ControlCommand.PaletteLock(on);
                });
            }
            default -> {
                boolean fires = note || value >= 64 && previous < 64;
                if (!fires) {
                    return Optional.empty();
                }
                return Optional.of(switch (control) {
                    case TAP -> new ControlCommand.Tap(System.nanoTime() / 1e6);
                    case CUE -> new ControlCommand.Cue();
                    case RELEASE_TEMPO -> new ControlCommand.Tempo(null);
                    case TEMPO_LEVEL -> new ControlCommand.TempoLevel(switch (now.tempoLevel()) {
                        case "auto" -> "half";
                        case "half" -> "double";
                        case "double" -> "as-tracked";
                        default -> "auto";
                    });
                    default -> {
                        List<String> presets = now.presets();
                        yield new ControlCommand.SelectPreset(
                                presets.get((presets.indexOf(now.preset()) + 1) % presets.size()));
                    }
                });
            }
        }
    }

    private void save() {
        try {
            map.write(mapFile);
            System.out.println("MIDI map saved: " + mapFile + " (load it with --midi-map " + mapFile + ")");
        } catch (IOException | RuntimeException e) {
            System.err.println("MIDI map not saved: " + mapFile + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        // the device closes its transmitter
    }

    /** The MIDI inputs: devices that send (hardware ports, virtual cables), not Java's sequencer or synthesizer. */
    static List<javax.sound.midi.MidiDevice.Info> inputs() {
        List<javax.sound.midi.MidiDevice.Info> found = new java.util.ArrayList<>();
        for (javax.sound.midi.MidiDevice.Info info : javax.sound.midi.MidiSystem.getMidiDeviceInfo()) {
            try {
                javax.sound.midi.MidiDevice d = javax.sound.midi.MidiSystem.getMidiDevice(info);
                if (d.getMaxTransmitters() != 0 && !(d instanceof javax.sound.midi.Sequencer)
                        && !(d instanceof javax.sound.midi.Synthesizer)) {
                    found.add(info);
                }
            } catch (javax.sound.midi.MidiUnavailableException e) {
                // not usable
            }
        }
        return found;
    }

    /** Opens the first MIDI input whose name contains {@code name} and sends it to {@code receiver}; one line if none. */
    static javax.sound.midi.MidiDevice openInput(String name, Receiver receiver) {
        List<javax.sound.midi.MidiDevice.Info> inputs = inputs();
        for (javax.sound.midi.MidiDevice.Info info : inputs) {
            if (info.getName().toLowerCase(java.util.Locale.ROOT).contains(name.toLowerCase(java.util.Locale.ROOT))) {
                try {
                    javax.sound.midi.MidiDevice d = javax.sound.midi.MidiSystem.getMidiDevice(info);
                    d.open();
                    d.getTransmitter().setReceiver(receiver);
                    return d;
                } catch (javax.sound.midi.MidiUnavailableException e) {
                    throw new UsageException("--midi-in " + name + ": " + info.getName() + " cannot be opened ("
                            + e.getMessage() + ")");
                }
            }
        }
        throw new UsageException("--midi-in " + name + ": no MIDI input matches; "
                + (inputs.isEmpty() ? "this machine has none (a USB controller, or a virtual cable such as "
                + "snd-virmidi on Linux)" : "inputs: " + inputs.stream().map(javax.sound.midi.MidiDevice.Info::getName)
                .collect(java.util.stream.Collectors.joining(", "))));
    }
}
