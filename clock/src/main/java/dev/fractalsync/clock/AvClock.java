package dev.fractalsync.clock;

/**
 * The live A/V time base: which stream time is audible now, and which one the visuals should show.
 * <ul>
 *   <li>Playback: the sound heard now was played {@code latency} ago, so
 *       {@code audible = framePosition / rate - latency}.</li>
 *   <li>Microphone: a captured sample reached the count {@code latency} after it reached the microphone, so its
 *       sound time is its arrival minus the capture latency; the sound at the microphone now is
 *       {@code audible = framePosition / rate + latency}.</li>
 * </ul>
 * The visuals add the user's offset on top ({@code --av-offset}, nudged with '[' and ']' in the window): a
 * positive offset shows every beat that much later, for setups whose remaining latency the devices do not report
 * (a Bluetooth speaker, a projector's processing). Thread-safe: the audio thread, the render thread and the key
 * handler may use one instance.
 */
public final class AvClock {
    /** Which way the audio goes through the device. */
    public enum Direction { PLAYBACK, CAPTURE }

    /** Largest user offset either way. */
    public static final double MAX_OFFSET_MS = 1000;

    private final PlaybackPosition device;
    private final double sampleRate;
    private final Direction direction;
    private volatile double offsetMs;

    public AvClock(PlaybackPosition device, int sampleRate, Direction direction, double offsetMs) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0, got " + sampleRate);
        }
        this.device = device;
        this.sampleRate = sampleRate;
        this.direction = direction;
        setOffsetMs(offsetMs);
    }

    /** Stream time (seconds) of the sound the listener hears now. */
    public double audibleTime() {
        double position = device.framePosition() / sampleRate;
        double latency = Math.max(0, device.latencySeconds());
        return direction == Direction.PLAYBACK ? position - latency : position + latency;
    }

    /** Stream time the visuals should show for a frame that reaches the screen {@code presentInSec} from now. */
    public double visualTime(double presentInSec) {
        return audibleTime() + Math.max(0, presentInSec) - offsetMs / 1000.0;
    }

    public double offsetMs() {
        return offsetMs;
    }

    /** Sets the user offset (positive: visuals later); one clear error outside ±{@value #MAX_OFFSET_MS} ms. */
    public void setOffsetMs(double ms) {
        if (!(Math.abs(ms) <= MAX_OFFSET_MS)) {
            throw new IllegalArgumentException("--av-offset must be within ±" + (int) MAX_OFFSET_MS + " ms, got " + ms);
        }
        offsetMs = ms;
    }

    /** Moves the user offset by {@code deltaMs}, clamped to ±{@value #MAX_OFFSET_MS} ms; returns the new offset. */
    public synchronized double nudge(double deltaMs) {
        double next = Math.max(-MAX_OFFSET_MS, Math.min(MAX_OFFSET_MS, offsetMs + deltaMs));
        offsetMs = next;
        return next;
    }

    public Direction direction() {
        return direction;
    }
}
