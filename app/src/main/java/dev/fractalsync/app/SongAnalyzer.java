package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.engine.SongAnalysis;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Songs through the engine the way {@code analyze} runs them, one after another on one engine: {@code analyze} and
 * {@code eval-beats} run one song per engine, each worker of {@code analyze-library} runs many. The providers are
 * opened once and reset between songs; an engine whose provider fell back, or that a song left in a failure, is
 * closed and opened afresh, so every song starts from the providers the options select, as a separate
 * {@code analyze} would.
 */
public final class SongAnalyzer implements AutoCloseable {
    private final ProviderWiring wiring;
    private final boolean oneCore;
    private FractalSyncEngine engine;
    private EngineFingerprint fingerprint;

    public SongAnalyzer(ProviderWiring wiring) {
        this(wiring, false);
    }

    /**
     * @param oneCore each song on one core ({@link FractalSyncEngine#analyzeOnOneCore}): for a batch that runs as many
     *                songs at once as it has cores
     */
    public SongAnalyzer(ProviderWiring wiring, boolean oneCore) {
        this.wiring = wiring;
        this.oneCore = oneCore;
    }

    /**
     * What one song gave.
     *
     * @param plain beats and section changes, for the plain outputs
     * @param run   what the engine reports about the song
     */
    public record Song(PlainOutputs plain, SongAnalysis run) {
    }

    /** The engine and models the songs run on: the providers this analyzer opened (it opens them if not yet). */
    EngineFingerprint fingerprint() throws Exception {
        open();
        return fingerprint;
    }

    ModelContract contract() {
        return wiring.contract();
    }

    /**
     * Analyzes {@code audio} to its end: every state goes to {@code states} (may be null) and to the plain outputs'
     * events. What reading or decoding throws reaches the caller; the next song then starts on a fresh engine.
     *
     * @param progress receives the hops done so far (may be null)
     */
    public Song analyze(AudioFileReader audio, Consumer<SlowState> states, LongConsumer progress) throws Exception {
        open();
        PlainOutputs plain = new PlainOutputs(states);
        boolean finished = false;
        try {
            SongAnalysis run = oneCore ? engine.analyzeOnOneCore(audio, plain, progress)
                    : engine.analyze(audio, plain, progress);
            AudioArgument.warnAboutSamples(audio);
            finished = !run.fellBack();
            return new Song(plain, run);
        } finally {
            if (!finished) {
                closeEngine();
            }
        }
    }

    /** Expected hops of {@code audio} at the contract rate, or -1 when its header does not say. */
    long expectedHops(AudioFileReader audio) {
        int rate = wiring.contract().sampleRate();
        return audio.frameLength() < 0 ? -1
                : HopCutter.hopCount(Math.round((double) audio.frameLength() * rate / audio.sampleRate()), wiring.contract().hop());
    }

    private void open() throws Exception {
        if (engine == null) {
            engine = FractalSyncEngine.open(wiring);
            if (fingerprint == null) {
                fingerprint = EngineFingerprint.of(wiring, engine);
            }
        }
    }

    private void closeEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public void close() {
        closeEngine();
    }
}
