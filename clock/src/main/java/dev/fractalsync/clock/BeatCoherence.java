package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;

import java.util.Locale;

/**
 * Whether a beat provider's clock is physically possible, state after state: the tempo within the contract's range
 * (40–240 BPM in v1), the beat count never going back, and the count advancing no faster than the fastest tempo
 * allows over the stream time that passed, with a burst of {@value #BURST_BEATS} beats for a tracker that reveals
 * beats late. The count is held to a token bucket: credit accrues at the fastest tempo (4 beats a second at 240 BPM),
 * up to {@value #BURST_BEATS}; each beat spends one, so over any stretch of {@code d} seconds the count can rise by
 * at most {@code d · maxBpm / 60 + 4}.
 * <p>
 * A count that outruns the bucket by a little (at most {@value #BURST_BEATS} beats more than the credit) is a real
 * tracker declaring a flurry of beats, not a broken clock: BeatNet's particle filter re-locking on an acoustic song
 * declared 10 beats in 1.9 s while reporting 215 BPM. Those extra beats are held back ({@link #heldBack()}; the
 * published count runs that much behind the provider's) and the provider stays. It is replaced by the fallback at
 * once ({@link GuardedProvider.Coherence}) when it jumps further in one state, or when it keeps outrunning the bucket:
 * more than {@value #SUSTAINED_EXCESS} beats held back within about {@value #EXCESS_SECONDS} s. Its beats would
 * otherwise flood every beat output (a count growing by 1000 a hop wrote 3.7 million beat times for a 79 s song),
 * while replacing a good tracker for one flurry left the rest of the song to the fixed-tempo oscillator.
 * <p>
 * A state the provider could not even build counts as incoherent too: {@link BeatClockState}'s constructor throws
 * for a tempo that is 0, negative or NaN, and that exception, thrown inside the provider's call, names no provider.
 */
public final class BeatCoherence implements GuardedProvider.Coherence<BeatClockState> {
    /** Beats the count may run ahead of the fastest tempo. */
    public static final int BURST_BEATS = 4;
    /** Beats held back, decaying over {@link #EXCESS_SECONDS}, beyond which the clock counts as broken. */
    public static final double SUSTAINED_EXCESS = 8;
    public static final double EXCESS_SECONDS = 10;
    /** Rounding slack on the tempo range (a tracker at exactly 240 BPM may report 240.0000001). */
    private static final double TOLERANCE = 1e-9;

    private final double minBpm;
    private final double maxBpm;
    private final double maxBeatsPerSecond;
    private boolean anchored;
    private long lastCount;
    private double lastTime;
    private double credit;
    private double now;
    private long heldBack;
    private double recentExcess;

    public BeatCoherence(ModelContract contract) {
        this(contract.minBpm(), contract.maxBpm());
    }

    public BeatCoherence(double minBpm, double maxBpm) {
        if (!(minBpm > 0 && maxBpm > minBpm && Double.isFinite(maxBpm))) {
            throw new IllegalArgumentException("need 0 < min BPM < max BPM, got " + minBpm + ", " + maxBpm);
        }
        this.minBpm = minBpm;
        this.maxBpm = maxBpm;
        this.maxBeatsPerSecond = maxBpm / 60.0;
        startStream();
    }

    /** A new stream: the count starts from 0 at stream time 0. */
    public void startStream() {
        anchored = true;
        lastCount = 0;
        lastTime = 0;
        credit = BURST_BEATS;
        heldBack = 0;
        recentExcess = 0;
    }

    /** Beats held back since the provider started (the published count is this much behind the provider's). */
    public long heldBack() {
        return heldBack;
    }

    /**
     * A provider that takes over mid-stream (the fallback): its first state is taken as it is (its count is its own;
     * the published count is offset to continue), the rule applies from then on.
     */
    public void startProvider() {
        anchored = false;
        heldBack = 0;
        recentExcess = 0;
    }

    /** The stream time of the hop whose state is checked next (the provider's own {@code tSec} is not trusted). */
    public void at(double tSec) {
        this.now = tSec;
    }

    /** Null when {@code s}, at the time given to {@link #at}, is coherent (and then it is the new reference). */
    @Override
    public String incoherence(BeatClockState s) {
        double bpm = s.bpm();
        if (!(bpm >= minBpm * (1 - TOLERANCE) && bpm <= maxBpm * (1 + TOLERANCE))) {
            return String.format(Locale.ROOT, "reported a tempo of %s BPM (spb %s s), outside the physical %s–%s BPM",
                    number(bpm), number(s.spb()), number(minBpm), number(maxBpm));
        }
        long count = s.beatCount();
        if (!anchored) {
            anchored = true;
            credit = BURST_BEATS;
        } else {
            if (count < lastCount) {
                return "moved its beat count back from " + lastCount + " to " + count;
            }
            double elapsed = Math.max(0, now - lastTime);
            double available = Math.min(BURST_BEATS, credit + elapsed * maxBeatsPerSecond);
            long added = count - lastCount;
            if (added > available + BURST_BEATS + TOLERANCE) {
                return String.format(Locale.ROOT, "advanced its beat count from %d to %d in %.3f s, more than %s BPM allows",
                        lastCount, count, elapsed, number(maxBpm));
            }
            long allowed = Math.min(added, (long) Math.floor(available + TOLERANCE));
            double excess = recentExcess * Math.exp(-elapsed / EXCESS_SECONDS) + (added - allowed);
            if (excess > SUSTAINED_EXCESS + TOLERANCE) {
                return String.format(Locale.ROOT, "kept declaring beats faster than %s BPM allows (%.0f more within about %s s)",
                        number(maxBpm), excess, number(EXCESS_SECONDS));
            }
            // like the credit and the reference, the excess only moves on a state that is accepted
            recentExcess = excess;
            heldBack += added - allowed;
            credit = available - allowed;
        }
        lastCount = count;
        lastTime = now;
        return null;
    }

    /** A beat state the provider failed to build ({@link BeatClockState}'s constructor threw): what it tried. */
    @Override
    public String incoherence(Throwable thrown) {
        if (thrown instanceof IllegalArgumentException) {
            StackTraceElement[] trace = thrown.getStackTrace();
            for (int i = 0; i < Math.min(4, trace.length); i++) {
                if (trace[i].getClassName().equals(BeatClockState.class.getName()) && trace[i].getMethodName().equals("<init>")) {
                    return "built an invalid beat state (" + thrown.getMessage() + ")";
                }
            }
        }
        return null;
    }

    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
