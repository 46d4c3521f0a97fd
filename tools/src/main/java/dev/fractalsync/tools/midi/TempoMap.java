package dev.fractalsync.tools.midi;

import java.util.ArrayList;
import java.util.List;

/**
 * A MIDI tempo map: tempo changes (tick, microseconds per quarter note) at a fixed PPQ. The same integer values are
 * written as Set Tempo meta events and used for the truth, so truth times follow the file's tempo map exactly.
 */
public final class TempoMap {
    private final int ppq;
    private final List<long[]> changes = new ArrayList<>(); // {tick, usPerQuarter}

    public TempoMap(int ppq, int initialUsPerQuarter) {
        this.ppq = ppq;
        changes.add(new long[] {0, initialUsPerQuarter});
    }

    /** Adds a tempo change at {@code tick} (ticks must not decrease; a change at the last tick replaces it). */
    public void set(long tick, int usPerQuarter) {
        long[] last = changes.get(changes.size() - 1);
        if (tick < last[0]) {
            throw new IllegalArgumentException("tempo changes must be added in tick order");
        }
        if (usPerQuarter <= 0) {
            throw new IllegalArgumentException("tempo must be positive");
        }
        if (tick == last[0]) {
            last[1] = usPerQuarter;
        } else if (last[1] != usPerQuarter) {
            changes.add(new long[] {tick, usPerQuarter});
        }
    }

    /** Microseconds per quarter in force at {@code tick}. */
    public int usPerQuarterAt(long tick) {
        long us = changes.get(0)[1];
        for (long[] c : changes) {
            if (c[0] > tick) {
                break;
            }
            us = c[1];
        }
        return (int) us;
    }

    /** Seconds from tick 0 to {@code tick}. */
    public double seconds(long tick) {
        double s = 0;
        for (int i = 0; i < changes.size(); i++) {
            long start = changes.get(i)[0];
            if (start >= tick) {
                break;
            }
            long end = i + 1 < changes.size() ? Math.min(changes.get(i + 1)[0], tick) : tick;
            s += (end - start) * (changes.get(i)[1] / 1e6) / ppq;
        }
        return s;
    }

    /** The tick at (or just before) {@code seconds}. */
    public long tickAt(double seconds) {
        long lo = 0;
        long hi = 1;
        while (this.seconds(hi) < seconds) {
            hi *= 2;
        }
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (this.seconds(mid) <= seconds) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The changes as {tick, usPerQuarter} pairs, in tick order. */
    public List<long[]> changes() {
        List<long[]> copy = new ArrayList<>();
        for (long[] c : changes) {
            copy.add(c.clone());
        }
        return copy;
    }

    public int ppq() {
        return ppq;
    }
}
