package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import org.junit.jupiter.api.Test;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MidiClockOutputTest {
    /** Collects status bytes and arrival times (ns). */
    static final class Recorder implements Receiver {
        final List<Integer> status = new ArrayList<>();
        final List<Long> at = new ArrayList<>();

        @Override
        public synchronized void send(MidiMessage message, long timeStamp) {
            status.add(((ShortMessage) message).getStatus());
            at.add(System.nanoTime());
        }

        @Override
        public void close() {
        }

        synchronized List<Integer> status() {
            return new ArrayList<>(status);
        }
    }

    private static long clocks(List<Integer> s) {
        return s.stream().filter(v -> v == ShortMessage.TIMING_CLOCK).count();
    }

    @Test
    void startThen24PulsesPerBeatSpreadOverTheBeatThenStop() throws Exception {
        Recorder r = new Recorder();
        MidiClockOutput midi = new MidiClockOutput(r, null);
        long t0 = System.nanoTime();
        for (int b = 1; b <= 3; b++) { // 300 BPM: a beat every 200 ms
            midi.onBeat(new BeatEvent(b * 0.2, b, 300, 0.9, b == 1, b));
            long next = t0 + b * 200_000_000L;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        Thread.sleep(250);
        midi.close();
        List<Integer> s = r.status();
        assertEquals(ShortMessage.START, s.get(0));
        assertEquals(ShortMessage.STOP, s.get(s.size() - 1));
        assertEquals(3 * MidiClockOutput.PULSES_PER_BEAT, clocks(s));
        // pulses of the last beat spread over ~200 ms, not bunched
        long first = r.at.get(s.size() - 1 - 24);
        long last = r.at.get(s.size() - 2);
        double spreadMs = (last - first) / 1e6;
        assertTrue(spreadMs > 150 && spreadMs < 260, "23 intervals of the last beat took " + spreadMs + " ms");
    }

    @Test
    void anEarlyBeatFlushesThePulsesStillOwed() throws Exception {
        Recorder r = new Recorder();
        MidiClockOutput midi = new MidiClockOutput(r, null);
        midi.onBeat(new BeatEvent(0.0, 1, 60, 0.9, false, 0)); // 1 s per beat
        Thread.sleep(20);
        midi.onBeat(new BeatEvent(0.02, 2, 60, 0.9, false, 0)); // the tempo estimate jumped
        assertEquals(MidiClockOutput.PULSES_PER_BEAT + 1, clocks(r.status()));
        midi.close();
        assertEquals(MidiClockOutput.PULSES_PER_BEAT + 1, clocks(r.status()), "no pulses after close");
    }
}
