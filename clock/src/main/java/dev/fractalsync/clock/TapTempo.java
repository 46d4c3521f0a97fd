package dev.fractalsync.clock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Tap tempo: taps on a key, a page button or a MIDI note become a {@link ManualTempo}. The tempo comes from the
 * intervals between the taps as the tapping device timed them (a browser's or the window system's event time), so the
 * network's or the event queue's delay does not enter it; where the beats fall comes from the song time each tap
 * arrived at, averaged over the taps, so that delay's jitter averages out. The first tap of a run is a downbeat.
 * <p>
 * A run of taps ends after a gap of {@value #MAX_GAP_SEC} s; the tempo is the least-squares slope over the last
 * {@value #WINDOW} taps of the run, from the {@value #MIN_TAPS}th tap on. Not thread-safe.
 */
public final class TapTempo {
    public static final int MIN_TAPS = 4;
    public static final int WINDOW = 16;
    public static final double MAX_GAP_SEC = 2.0;

    private record Tap(long index, double deviceSec, double songSec) {
    }

    private final Deque<Tap> taps = new ArrayDeque<>();
    private long runLength;

    /**
     * One tap.
     *
     * @param deviceSec the tap's time on the tapping device's clock, seconds (any origin)
     * @param songSec   the song time being heard when the tap arrived (stream seconds)
     * @return the tempo the run of taps gives, once it has {@value #MIN_TAPS} taps within the override's range
     */
    public Optional<ManualTempo> tap(double deviceSec, double songSec) {
        Tap last = taps.peekLast();
        if (last != null && (deviceSec <= last.deviceSec || deviceSec - last.deviceSec > MAX_GAP_SEC)) {
            taps.clear();
            runLength = 0;
        }
        taps.addLast(new Tap(runLength++, deviceSec, songSec));
        while (taps.size() > WINDOW) {
            taps.removeFirst();
        }
        if (taps.size() < MIN_TAPS) {
            return Optional.empty();
        }
        // device time = a + spb * index
        double n = taps.size();
        double meanI = 0;
        double meanT = 0;
        for (Tap t : taps) {
            meanI += t.index / n;
            meanT += t.deviceSec / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (Tap t : taps) {
            sxy += (t.index - meanI) * (t.deviceSec - meanT);
            sxx += (t.index - meanI) * (t.index - meanI);
        }
        double spb = sxy / sxx;
        double bpm = 60.0 / spb;
        if (!(bpm >= ManualTempo.MIN_BPM && bpm <= ManualTempo.MAX_BPM)) {
            return Optional.empty();
        }
        // the song time of the run's first tap, from every tap's arrival
        double anchor = 0;
        for (Tap t : taps) {
            anchor += (t.songSec - spb * t.index) / n;
        }
        return Optional.of(new ManualTempo(spb, anchor));
    }

    /** Taps in the current run (0 after a gap). */
    public long taps() {
        return runLength;
    }

    /** Forgets the run: the next tap starts a new one. */
    public void clear() {
        taps.clear();
        runLength = 0;
    }
}
