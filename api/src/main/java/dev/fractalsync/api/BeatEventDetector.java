package dev.fractalsync.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Recovers beat events from a stream of beat clock states, the one rule the project uses for it: a beat happened
 * in a hop when {@code beatCount} grew; its time is {@code tSec - phase * spb} (the instant the phase wrapped),
 * kept within {@link #LATE_REVEAL_SECONDS} before the hop's end. Several beats in one hop (tempo above the hop
 * rate) are spread evenly over it, and event times are kept strictly increasing.
 */
public final class BeatEventDetector {
    private static final double DOWNBEAT_THRESHOLD = 0.5;
    /**
     * How far before the revealing hop a beat's time may lie. Trackers declare a beat once they are sure of it: the
     * BeatNet provider up to 80 ms after the beat, and a beat it carried through a gap in the evidence 100 ms after it
     * was due. Clamping such times into the revealing hop moved them by up to 80 ms, outside the ±70 ms a beat is
     * judged by; phase jumps (a tracker re-locking) stay bounded by this.
     */
    public static final double LATE_REVEAL_SECONDS = 0.15;

    private final double hopSeconds;
    private long lastCount;
    private double lastTime = Double.NEGATIVE_INFINITY;
    private int barPosition;

    public BeatEventDetector(double hopSeconds) {
        if (!(hopSeconds > 0)) {
            throw new IllegalArgumentException("hop duration must be > 0, got " + hopSeconds);
        }
        this.hopSeconds = hopSeconds;
    }

    /** Every beat event of a whole stream of states. */
    public static List<BeatEvent> detectAll(Iterable<BeatClockState> states, double hopSeconds) {
        BeatEventDetector detector = new BeatEventDetector(hopSeconds);
        List<BeatEvent> out = new ArrayList<>();
        for (BeatClockState s : states) {
            detector.accept(s, out::add);
        }
        return out;
    }

    /** Feeds the next state; hands each beat it reveals to {@code sink}. */
    public void accept(BeatClockState s, Consumer<BeatEvent> sink) {
        long added = s.beatCount() - lastCount;
        if (added <= 0) {
            lastCount = Math.max(lastCount, s.beatCount());
            return;
        }
        double hopStart = Math.max(0, s.tSec() - hopSeconds);
        double earliest = Math.max(0, s.tSec() - Math.max(hopSeconds, LATE_REVEAL_SECONDS));
        double last = Math.min(s.tSec(), Math.max(earliest, s.tSec() - s.phase() * s.spb()));
        double from = Math.min(hopStart, last);
        for (long k = 0; k < added; k++) {
            double time = added == 1 ? last : from + (last - from) * (k + 1) / added;
            if (time <= lastTime) {
                time = Math.nextUp(lastTime);
            }
            boolean downbeat = k == added - 1 && s.downbeatProb() != null && s.downbeatProb() >= DOWNBEAT_THRESHOLD;
            barPosition = downbeat ? 1 : barPosition == 0 ? 0 : barPosition + 1;
            lastTime = time;
            sink.accept(new BeatEvent(time, lastCount + k + 1, s.bpm(), s.conf(), downbeat, barPosition));
        }
        lastCount = s.beatCount();
    }

    /** Forgets the stream: the next state starts a new one. */
    public void reset() {
        lastCount = 0;
        lastTime = Double.NEGATIVE_INFINITY;
        barPosition = 0;
    }
}
