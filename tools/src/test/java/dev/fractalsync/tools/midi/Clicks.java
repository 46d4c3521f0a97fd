package dev.fractalsync.tools.midi;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Click fixtures and a simple onset measurement for the timing tests. */
final class Clicks {
    private Clicks() {
    }

    /** A SoundFont for rendering tests (never FluidR3), or null. */
    static Path testSoundfont() {
        for (String name : new String[] {"TimGM6mb.sf2", "sf_GMbank.sf2"}) {
            Path p = Path.of("/usr/share/sounds/sf2", name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** A MIDI file at 120 BPM with a drum hit (channel 10, {@code drum}) at each tick of {@code ticks} (PPQ 480). */
    static void writeDrumMidi(Path file, int drum, long... ticks) throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track tempo = seq.createTrack();
        MetaMessage m = new MetaMessage();
        int us = 500_000;
        m.setMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3);
        tempo.add(new MidiEvent(m, 0));
        Track t = seq.createTrack();
        for (long tick : ticks) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, drum, 120), tick));
            t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 9, drum, 0), tick + 60));
        }
        MidiSystem.write(seq, 1, file.toFile());
    }

    /** Short decaying 2 kHz bursts of amplitude 0.8 at {@code times} (seconds), 48 kHz. */
    static float[] clickTrack(double seconds, double... times) {
        float[] x = new float[(int) Math.round(seconds * 48_000)];
        for (double t : times) {
            int start = (int) Math.round(t * 48_000);
            for (int i = 0; i < 480 && start + i < x.length; i++) {
                x[start + i] += (float) (0.8 * Math.exp(-i / 96.0) * Math.sin(2 * Math.PI * 2000 * i / 48_000.0 + Math.PI / 2));
            }
        }
        return x;
    }

    /**
     * The onset near {@code expected}: the first sample within [expected - 30 ms, expected + 40 ms] whose magnitude
     * exceeds a quarter of the largest magnitude in that window.
     */
    static double onsetNear(float[] x, int rate, double expected) {
        int from = Math.max(0, (int) ((expected - 0.030) * rate));
        int to = Math.min(x.length, (int) ((expected + 0.040) * rate));
        float max = 0;
        for (int i = from; i < to; i++) {
            max = Math.max(max, Math.abs(x[i]));
        }
        for (int i = from; i < to; i++) {
            if (Math.abs(x[i]) > 0.25f * max) {
                return i / (double) rate;
            }
        }
        return Double.NaN;
    }

    static boolean onPath(String tool) {
        return ExternalTool.onPath(tool);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
