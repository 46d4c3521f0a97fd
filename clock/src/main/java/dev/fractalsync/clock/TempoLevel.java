package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;

import java.util.Locale;

/**
 * The metrical level the host publishes: auto (the tracker's beats, or half time where the beat provider suggests it),
 * or chosen by the user over the tracker's: as tracked, half (every other beat, pairs starting on the tracker's
 * downbeats) or double (a beat between every two). Applied to the guarded clock's
 * states, so beats, bars, the structure provider's beat features, events, outputs and the picture all follow it.
 * A {@link Map} holds the state of one stream.
 */
public enum TempoLevel {
    /**
     * As tracked, or half when the beat provider's evidence says its pulse is the subdivision of the beat
     * ({@link dev.fractalsync.api.spi.BeatClockProvider#suggestsHalfTime}); the default.
     */
    AUTO,
    /** The provider's beats, whatever it suggests. */
    AS_TRACKED,
    HALF,
    DOUBLE;

    /** The command line's name: {@code auto}, {@code as-tracked}, {@code half}, {@code double}. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The level the window's T key goes to from this one: auto, half, double, as tracked, auto again. */
    public TempoLevel next() {
        return switch (this) {
            case AUTO -> HALF;
            case HALF -> DOUBLE;
            case DOUBLE -> AS_TRACKED;
            case AS_TRACKED -> AUTO;
        };
    }

    public static TempoLevel ofFlag(String flag) {
        for (TempoLevel l : values()) {
            if (l.flag().equals(flag)) {
                return l;
            }
        }
        throw new IllegalArgumentException("--tempo-level takes auto, half, double or as-tracked, got '" + flag + "'");
    }

    /** A fresh mapping for one stream. */
    public Map map() {
        return new Map(this);
    }

    /**
     * Maps the tracker's states of one stream to this level. The published position (count + phase) never goes back:
     * at half time the pairing of beats follows the tracker's downbeats, and a change of pairing only ever moves it
     * forward, by half a published beat, after two downbeats in a row disagree with the current pairing.
     */
    public static final class Map {
        private final TempoLevel level;
        /** Half time: tracker beats before the pairing's first beat (even offsets pair beats 0-1, 2-3, ...). */
        private long offset;
        private int disagreeing;
        private long lastTrackerCount = Long.MIN_VALUE;
        private long lastPublishedCount = Long.MIN_VALUE;
        private Double downbeatOfPublishedBeat;

        private Map(TempoLevel level) {
            this.level = level;
        }

        public BeatClockState apply(BeatClockState s) {
            return switch (level) {
                case AUTO, AS_TRACKED -> s;
                case DOUBLE -> twice(s);
                case HALF -> half(s);
            };
        }

        private BeatClockState twice(BeatClockState s) {
            double position = 2 * (s.beatCount() + s.phase());
            long count = (long) Math.floor(position);
            // the tracker's beat is the first of its two; the one between is never a downbeat
            Double downbeat = s.downbeatProb() == null ? null : count % 2 == 0 ? s.downbeatProb() : 0.0;
            return new BeatClockState(s.tSec(), s.spb() / 2, BeatClockState.wrapPhase(position - count), count, s.conf(),
                    downbeat);
        }

        private BeatClockState half(BeatClockState s) {
            long trackerCount = s.beatCount();
            boolean newTrackerBeat = trackerCount != lastTrackerCount;
            lastTrackerCount = trackerCount;
            if (newTrackerBeat && s.downbeatProb() != null && s.downbeatProb() >= 0.5 && trackerCount > 0) {
                if (Math.floorMod(trackerCount - offset, 2) != 0) {
                    if (++disagreeing >= 2) {
                        offset -= 1; // forward: the published position rises by half a beat, never falls
                        disagreeing = 0;
                    }
                } else {
                    disagreeing = 0;
                }
            }
            double position = Math.max(0, (trackerCount - offset + s.phase()) / 2);
            long count = (long) Math.floor(position);
            if (count != lastPublishedCount) {
                lastPublishedCount = count;
                downbeatOfPublishedBeat = s.downbeatProb();
            }
            return new BeatClockState(s.tSec(), s.spb() * 2, BeatClockState.wrapPhase(position - count), count, s.conf(),
                    s.downbeatProb() == null ? null : downbeatOfPublishedBeat);
        }
    }
}
