package dev.fractalsync.beat.oscillator;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;

/**
 * A constant-tempo beat clock that ignores the audio: beat 0 at t = 0, then one beat every 60/bpm seconds.
 * Phase and beat count follow stream time exactly, confidence is 1. Options: {@code bpm} (default 120).
 * The host's fallback when no other beat provider works.
 */
public final class PlaceholderOscillator implements BeatClockProvider {
    public static final String ID = "oscillator";
    public static final double DEFAULT_BPM = 120.0;

    private double spb = 60.0 / DEFAULT_BPM;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Placeholder oscillator (constant tempo)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) throws ProviderException {
        double bpm = context.doubleOption("bpm", DEFAULT_BPM);
        if (!(bpm >= context.contract().minBpm() && bpm <= context.contract().maxBpm())) {
            throw new ProviderException("oscillator: bpm=" + bpm + " is outside the contract tempo range ["
                    + context.contract().minBpm() + ", " + context.contract().maxBpm() + "]");
        }
        spb = 60.0 / bpm;
    }

    @Override
    public BeatClockState process(AudioHop hop) {
        return at(hop.tSec());
    }

    /** The clock at stream time {@code tSec}. */
    public BeatClockState at(double tSec) {
        double beats = tSec / spb;
        long count = (long) Math.floor(beats) + 1; // the beat at t = 0 counts
        return new BeatClockState(tSec, spb, BeatClockState.wrapPhase(beats), count, 1.0, null);
    }

    @Override
    public void reset() {
        // stateless: the clock is a pure function of stream time
    }

    @Override
    public void close() {
    }
}
