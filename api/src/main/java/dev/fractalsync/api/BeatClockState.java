package dev.fractalsync.api;

/**
 * Beat clock at one slow-clock hop.
 *
 * @param tSec         stream time of the hop end in seconds (≥ 0)
 * @param spb          seconds per beat (finite, &gt; 0): the tempo
 * @param phase        position since the last beat as a fraction of the current beat period, in [0,1)
 * @param beatCount    number of beats seen so far; never decreases over a stream (the parity anchor)
 * @param conf         tracker confidence in [0,1]
 * @param downbeatProb probability that the last beat was a downbeat, in [0,1]; {@code null} when not estimated
 */
public record BeatClockState(
        double tSec,
        double spb,
        double phase,
        long beatCount,
        double conf,
        Double downbeatProb) {

    public BeatClockState {
        Checks.finite("t_sec", tSec);
        if (tSec < 0) {
            throw new IllegalArgumentException("t_sec must be >= 0, got " + tSec);
        }
        Checks.finite("spb", spb);
        if (spb <= 0) {
            throw new IllegalArgumentException("spb must be > 0, got " + spb);
        }
        Checks.finite("phase", phase);
        if (phase < 0 || phase >= 1) {
            throw new IllegalArgumentException("phase must be in [0,1), got " + phase);
        }
        if (beatCount < 0) {
            throw new IllegalArgumentException("beat_count must be >= 0, got " + beatCount);
        }
        Checks.inClosed("conf", conf, 0, 1);
        if (downbeatProb != null) {
            Checks.inClosed("downbeat_prob", downbeatProb, 0, 1);
        }
    }

    /** Tempo in beats per minute. */
    public double bpm() {
        return 60.0 / spb;
    }

    /** Wraps a possibly out-of-range phase into [0,1) (guards against 1.0 from rounding). */
    public static double wrapPhase(double phase) {
        double p = phase - Math.floor(phase);
        return p >= 1.0 ? 0.0 : p;
    }
}
