package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live latency compensation against a simulated sound device whose clock the test drives. */
class AvClockTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int RATE = CONTRACT.sampleRate();
    private static final double SPB = 0.5;
    private static final double FIRST_BEAT = 0.25;

    /** A device that has played (or captured) {@code now * RATE} frames and reports {@code latency}. */
    private static final class SimulatedDevice implements PlaybackPosition {
        double now;
        final double latency;

        SimulatedDevice(double latency) {
            this.latency = latency;
        }

        @Override
        public long framePosition() {
            return Math.round(now * RATE);
        }

        @Override
        public double latencySeconds() {
            return latency;
        }
    }

    /**
     * Plays a steady beat through a simulated output device with {@code latency} and renders at 60 FPS on the wall
     * clock; returns, for each beat shown, the wall time of its frame minus the wall time its sound is heard.
     * The analysis runs ahead of the sound by the device buffer, as it does live.
     */
    private static List<Double> shownMinusHeard(AvClock.Direction direction, double latency, double offsetMs) {
        return shownMinusHeard(direction, latency, latency, offsetMs);
    }

    /** As above for a device whose true latency is {@code latency} but which reports {@code reported}. */
    private static List<Double> shownMinusHeard(AvClock.Direction direction, double latency, double reported,
                                                double offsetMs) {
        SimulatedDevice device = new SimulatedDevice(reported);
        AvClock av = new AvClock(device, RATE, direction, offsetMs);
        FastClock fast = new FastClock(CONTRACT);
        double hopSec = CONTRACT.hopSeconds();
        long hop = 0;
        long lastCount = -1;
        List<Double> errors = new ArrayList<>();
        for (int frame = 0; frame < 60 * 12; frame++) {
            double wall = frame / 60.0;
            device.now = wall;
            // every hop of audio the device has taken (plus 100 ms of buffer ahead) has been analysed
            while ((hop + 1) * hopSec <= wall + 0.1) {
                double t = (hop + 1) * hopSec;
                double beats = (t - FIRST_BEAT) / SPB;
                long count = beats < 0 ? 0 : (long) Math.floor(beats) + 1;
                fast.accept(new SlowState(hop++, new BeatClockState(t, SPB, BeatClockState.wrapPhase(beats), count, 1, null),
                        StructureState.neutral(), SectionLabel.SILENCE, new float[22]));
            }
            FastFrame f = fast.sample(av.visualTime(0));
            if (f == null) {
                continue;
            }
            if (lastCount >= 0 && f.beat().beatCount() > lastCount) {
                double streamBeat = FIRST_BEAT + Math.round((av.audibleTime() - FIRST_BEAT) / SPB) * SPB;
                // when is that beat heard? output: latency after the device played it; input: it was at the
                // microphone latency before the device counted it
                double heard = direction == AvClock.Direction.PLAYBACK ? streamBeat + latency : streamBeat - latency;
                errors.add(wall - heard);
            }
            lastCount = f.beat().beatCount();
        }
        return errors;
    }

    private static void assertAllWithin(List<Double> errors, double centre, double tolerance) {
        assertTrue(errors.size() > 15, "beats shown: " + errors.size());
        for (double e : errors) {
            assertEquals(centre, e, tolerance, "shown minus heard");
        }
    }

    @Test
    void playbackLatencyIsCompensated() {
        // 120 ms of device latency: each beat's frame is the one nearest the instant the beat is heard
        assertAllWithin(shownMinusHeard(AvClock.Direction.PLAYBACK, 0.120, 0), 0, 0.5 / 60 + 1e-9);
    }

    @Test
    void captureLatencyIsCompensated() {
        assertAllWithin(shownMinusHeard(AvClock.Direction.CAPTURE, 0.045, 0), 0, 0.5 / 60 + 1e-9);
    }

    @Test
    void theUserOffsetMovesTheVisualsLater() {
        assertAllWithin(shownMinusHeard(AvClock.Direction.PLAYBACK, 0.120, 50), 0.050, 0.5 / 60 + 1e-9);
        assertAllWithin(shownMinusHeard(AvClock.Direction.PLAYBACK, 0.120, -30), -0.030, 0.5 / 60 + 1e-9);
    }

    @Test
    void ignoringTheDeviceLatencyWouldShowBeatsEarly() {
        // the same device not reporting its latency: the picture runs 120 ms ahead of the sound, which is what
        // --av-offset is for
        assertAllWithin(shownMinusHeard(AvClock.Direction.PLAYBACK, 0.120, 0, 0), -0.120, 0.5 / 60 + 1e-9);
        assertAllWithin(shownMinusHeard(AvClock.Direction.PLAYBACK, 0.120, 0, 120), 0, 0.5 / 60 + 1e-9);
    }

    @Test
    void audibleTimeAndNudges() {
        SimulatedDevice device = new SimulatedDevice(0.2);
        device.now = 10;
        AvClock out = new AvClock(device, RATE, AvClock.Direction.PLAYBACK, 0);
        assertEquals(9.8, out.audibleTime(), 1e-9);
        assertEquals(9.8 + 0.016, out.visualTime(0.016), 1e-9, "a frame presented 16 ms later shows 16 ms later");
        AvClock in = new AvClock(device, RATE, AvClock.Direction.CAPTURE, 0);
        assertEquals(10.2, in.audibleTime(), 1e-9);
        assertEquals(5, out.nudge(5), 1e-12);
        assertEquals(9.8 - 0.005, out.visualTime(0), 1e-9);
        assertEquals(-5, out.nudge(-10), 1e-12);
        for (int i = 0; i < 400; i++) {
            out.nudge(5);
        }
        assertEquals(AvClock.MAX_OFFSET_MS, out.offsetMs(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AvClock(device, RATE, AvClock.Direction.PLAYBACK, 5000));
        assertTrue(e.getMessage().contains("--av-offset"), e.getMessage());
    }
}
