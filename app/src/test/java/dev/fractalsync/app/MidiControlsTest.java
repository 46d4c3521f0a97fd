package dev.fractalsync.app;

import dev.fractalsync.control.ControlCommand;
import dev.fractalsync.control.ShowStatus;
import dev.fractalsync.control.ShowSurface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MIDI controls and MIDI learn. This machine has no MIDI input port (no hardware, no snd-virmidi), so the mapping
 * logic gets synthetic messages, and the whole receive path is driven by Java Sound's own Real Time Sequencer, whose
 * transmitter plays a sequence of controller and note messages into the receiver as a port would.
 */
class MidiControlsTest {
    /** A show that records commands and keeps the switches as they are set. */
    static final class Show implements ShowSurface {
        final BlockingQueue<ControlCommand> applied = new LinkedBlockingQueue<>();
        volatile boolean blackout;
        volatile String preset = "neon";

        @Override
        public ShowStatus status() {
            return new ShowStatus(new ShowStatus.Music(0, 120, 0, 0, 0, 1, "verse", Map.of(), Map.of()),
                    new ShowStatus.Picture(60, 5, 960, 540, 0),
                    new ShowStatus.Controls(preset, List.of("neon", "ember", "ice", "acid"), 1, 3, false, blackout,
                            false, "as-tracked", null, 0, "off", List.of(), null), "ok");
        }

        @Override
        public void apply(ControlCommand command) {
            if (command instanceof ControlCommand.Blackout b) {
                blackout = b.on();
            }
            if (command instanceof ControlCommand.SelectPreset p) {
                preset = p.name();
            }
            applied.add(command);
        }

        @Override
        public byte[] preview() {
            return null;
        }
    }

    private static ShortMessage cc(int channel, int number, int value) throws Exception {
        return new ShortMessage(ShortMessage.CONTROL_CHANGE, channel - 1, number, value);
    }

    private static ShortMessage noteOn(int channel, int note) throws Exception {
        return new ShortMessage(ShortMessage.NOTE_ON, channel - 1, note, 100);
    }

    @Test
    void mappedControlsDriveTheShow(@TempDir Path dir) throws Exception {
        MidiMap map = new MidiMap();
        map.put(MidiMap.Control.SENSITIVITY, new MidiMap.Source(1, false, 21));
        map.put(MidiMap.Control.BLACKOUT, new MidiMap.Source(10, true, 36));
        map.put(MidiMap.Control.TAP, new MidiMap.Source(1, false, 64));
        map.put(MidiMap.Control.PRESET, new MidiMap.Source(1, false, 22));
        Show show = new Show();
        MidiControls midi = new MidiControls(show, map, dir.resolve("map.json"));
        midi.send(cc(1, 21, 127), -1);
        assertEquals(new ControlCommand.Sensitivity(3.0), show.applied.poll());
        midi.send(noteOn(10, 36), -1);
        assertEquals(new ControlCommand.Blackout(true), show.applied.poll(), "a pad toggles a switch on");
        midi.send(new ShortMessage(ShortMessage.NOTE_OFF, 9, 36, 0), -1);
        midi.send(noteOn(10, 36), -1);
        assertEquals(new ControlCommand.Blackout(false), show.applied.poll(), "and off again; note-off is ignored");
        midi.send(cc(1, 64, 127), -1);
        assertTrue(show.applied.poll() instanceof ControlCommand.Tap, "a controller rising through 64 fires");
        midi.send(cc(1, 64, 120), -1);
        midi.send(cc(1, 64, 0), -1);
        assertNull(show.applied.poll(), "no edge, no tap");
        midi.send(cc(1, 22, 70), -1);
        assertEquals(new ControlCommand.SelectPreset("ice"), show.applied.poll(), "a knob chooses the look by position");
        midi.send(cc(2, 21, 64), -1);
        assertNull(show.applied.poll(), "another channel is another control");
    }

    @Test
    void learnMapsTheNextMidiControlToTheLastControlUsedAndSavesTheMap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("map.json");
        Show show = new Show();
        MidiControls midi = new MidiControls(show, new MidiMap(), file);
        midi.send(cc(3, 30, 127), -1);
        assertNull(show.applied.poll(), "nothing is mapped yet");
        midi.learn(true);
        assertEquals("use a control", midi.learnState());
        midi.touched("cue"); // the page's or the N key's cue
        assertEquals("move a MIDI control for cue", midi.learnState());
        midi.send(cc(3, 30, 0), -1);
        assertEquals("off", midi.learnState(), "learnt, learn ends");
        assertTrue(Files.exists(file));
        MidiMap saved = MidiMap.read(file);
        assertEquals(List.of(new MidiMap.Mapping(MidiMap.Control.CUE, new MidiMap.Source(3, false, 30))), saved.mappings());
        midi.send(cc(3, 30, 127), -1);
        assertEquals(new ControlCommand.Cue(), show.applied.poll());
    }

    @Test
    void aBadMapFileIsOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"mappings\": [{\"control\": \"warp\", \"channel\": 1, \"cc\": 3}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MidiMap.read(file));
        assertEquals("--midi-map " + file + ": mapping 1: unknown control 'warp'", e.getMessage());
        Files.writeString(file, "{\"mappings\": [{\"control\": \"tap\", \"channel\": 17, \"note\": 3}]}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MidiMap.read(file)).getMessage()
                .endsWith("mapping 1: channel must be 1-16, got 17"));
        Files.writeString(file, "{not json");
        assertTrue(!assertThrows(IllegalArgumentException.class, () -> MidiMap.read(file)).getMessage().contains("\n"));
        assertTrue(MidiMap.read(dir.resolve("missing.json")).mappings().isEmpty(), "no file yet: an empty map");
    }

    @Test
    void javaSoundsSequencerPlaysIntoTheReceiverAsAPortWould(@TempDir Path dir) throws Exception {
        MidiMap map = new MidiMap();
        map.put(MidiMap.Control.FREEZE, new MidiMap.Source(1, false, 80));
        map.put(MidiMap.Control.NEXT_PRESET, new MidiMap.Source(1, true, 60));
        Show show = new Show();
        MidiControls midi = new MidiControls(show, map, dir.resolve("map.json"));
        Sequence sequence = new Sequence(Sequence.PPQ, 24);
        Track track = sequence.createTrack();
        track.add(new MidiEvent(cc(1, 80, 100), 0));
        track.add(new MidiEvent(noteOn(1, 60), 6));
        track.add(new MidiEvent(cc(1, 80, 10), 12));
        Sequencer sequencer = MidiSystem.getSequencer(false);
        sequencer.open();
        try {
            sequencer.getTransmitter().setReceiver(midi);
            sequencer.setSequence(sequence);
            sequencer.start();
            assertEquals(new ControlCommand.Freeze(true), show.applied.poll(5, TimeUnit.SECONDS));
            assertEquals(new ControlCommand.SelectPreset("ember"), show.applied.poll(5, TimeUnit.SECONDS));
            assertEquals(new ControlCommand.Freeze(false), show.applied.poll(5, TimeUnit.SECONDS));
        } finally {
            sequencer.close();
        }
    }
}
