package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.engine.EngineListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends MIDI beat clock (24 pulses per quarter note) locked to the engine's beats: START before the first beat, at
 * every beat a pulse and 23 more spread over the beat period at its tempo, STOP on close. If a beat comes before the
 * previous one's pulses are all out (the tempo rose), the rest go out at once, so a receiver always counts exactly
 * 24 pulses per beat and its bar position never slips.
 */
final class MidiClockOutput implements EngineListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MidiClockOutput.class);
    static final int PULSES_PER_BEAT = 24;

    private final Receiver receiver;
    private final MidiDevice device;
    private final ScheduledExecutorService timer;
    private final List<ScheduledFuture<?>> pending = new ArrayList<>();
    private boolean started;
    private long generation;
    private int sentThisBeat;
    private boolean failureLogged;

    MidiClockOutput(Receiver receiver, MidiDevice device) {
        this.receiver = receiver;
        this.device = device;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fractalsync-midi-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the first MIDI output whose name contains {@code name} (case-insensitive). */
    static MidiClockOutput open(String name) {
        List<MidiDevice.Info> outputs = outputs();
        for (MidiDevice.Info info : outputs) {
            if (info.getName().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT))) {
                try {
                    MidiDevice d = MidiSystem.getMidiDevice(info);
                    d.open();
                    return new MidiClockOutput(d.getReceiver(), d);
                } catch (MidiUnavailableException e) {
                    throw new IllegalArgumentException("--midi-clock: MIDI device '" + info.getName() + "' is busy or "
                            + "unavailable (" + e.getMessage() + ")");
                }
            }
        }
        throw new IllegalArgumentException("--midi-clock: no MIDI output matches '" + name + "'; available: "
                + (outputs.isEmpty() ? "none" : String.join(", ", outputs.stream().map(MidiDevice.Info::getName).toList())));
    }

    /** Devices that accept MIDI (synthesizers, ports, virtual cables), for {@code --list-midi}. */
    static List<MidiDevice.Info> outputs() {
        List<MidiDevice.Info> out = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                if (MidiSystem.getMidiDevice(info).getMaxReceivers() != 0) {
                    out.add(info);
                }
            } catch (MidiUnavailableException e) {
                // not usable now; not listed
            }
        }
        return out;
    }

    @Override
    public synchronized void onBeat(BeatEvent beat) {
        if (!started) {
            started = true;
            send(ShortMessage.START);
        } else {
            while (sentThisBeat < PULSES_PER_BEAT) { // owed by the previous beat
                send(ShortMessage.TIMING_CLOCK);
                sentThisBeat++;
            }
        }
        for (ScheduledFuture<?> f : pending) {
            f.cancel(false);
        }
        pending.clear();
        long beatGeneration = ++generation;
        send(ShortMessage.TIMING_CLOCK);
        sentThisBeat = 1;
        double spb = 60.0 / beat.bpm();
        for (int k = 1; k < PULSES_PER_BEAT; k++) {
            long micros = Math.round(k * spb / PULSES_PER_BEAT * 1e6);
            pending.add(timer.schedule(() -> pulse(beatGeneration), micros, TimeUnit.MICROSECONDS));
        }
    }

    private synchronized void pulse(long beatGeneration) {
        if (beatGeneration == generation && sentThisBeat < PULSES_PER_BEAT) {
            send(ShortMessage.TIMING_CLOCK);
            sentThisBeat++;
        }
    }

    private void send(int status) {
        try {
            receiver.send(new ShortMessage(status), -1);
        } catch (InvalidMidiDataException | RuntimeException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("MIDI clock send failed: {} (further failures not logged)", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (started) {
            send(ShortMessage.STOP);
        }
        receiver.close();
        if (device != null) {
            device.close();
        }
    }
}
