package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.api.audio.InputLevel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.clock.OfflinePipeline;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.engine.StreamEvents;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Songs through the slow clock the way {@code analyze} runs them, one after another on one clock: {@code analyze}
 * runs one song, each worker of {@code analyze-library} runs many. The providers are opened once and reset between
 * songs; a clock whose provider fell back, or that a song left in a failure, is closed and opened afresh, so every
 * song starts from the providers the options select, as a separate {@code analyze} would.
 */
final class SongAnalyzer implements AutoCloseable {
    private static final double BOUNDARY_THRESHOLD = 0.5;

    private final ProviderWiring wiring;
    private SlowClock clock;
    private boolean used;
    private EngineFingerprint fingerprint;
    /** Where the states of the song being analyzed go: the clock's one listener hands each state here. */
    private Consumer<SlowState> current = s -> {
    };

    SongAnalyzer(ProviderWiring wiring) {
        this.wiring = wiring;
    }

    /**
     * What one song gave.
     *
     * @param plain         beats and section changes, for the plain outputs
     * @param durationSec   the audio's length at the contract rate
     * @param hops          states published
     * @param beatId        the beat provider that finished the song (a fallback shows here)
     * @param structureId   the structure provider that finished the song
     * @param status        the clock's status line, empty while every provider was healthy
     * @param loudnessDbfs  mean power of the hops above the input-level gate, in dBFS (RMS, not K-weighted); NaN when
     *                      no hop was above it
     * @param seconds       wall-clock time of the analysis
     * @param stages        where that time went
     */
    record Song(PlainOutputs plain, double durationSec, long hops, String beatId, String structureId, String status,
                double loudnessDbfs, double seconds, Stages stages) {
    }

    /**
     * Busy time of one song's stages, in seconds, each measured on the thread that runs it (the reader decodes while
     * the beat provider works on the previous block and the calling thread publishes, so they overlap).
     *
     * @param decode    reader thread: decoding and resampling to the contract rate
     * @param features  reader thread: the front end (input level, F_audio features)
     * @param beat      the beat provider's thread: beat tracking
     * @param structure the structure provider's thread (the calling thread waits for it)
     * @param publish   calling thread: the rest of publishing a state (the clock's own work, listeners, events),
     *                  not counting its waits for the beat and structure providers
     */
    record Stages(double decode, double features, double beat, double structure, double publish) {
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
     * events. What reading or decoding throws reaches the caller; the next song then starts on a fresh clock.
     *
     * @param progress receives the hops done so far (may be null)
     */
    Song analyze(AudioFileReader audio, Consumer<SlowState> states, LongConsumer progress) throws Exception {
        open();
        if (used) {
            clock.reset();
        }
        used = true;
        ModelContract contract = wiring.contract();
        int rate = contract.sampleRate();
        int hop = contract.hop();
        PlainOutputs plain = new PlainOutputs();
        StreamEvents events = new StreamEvents(contract.hopSeconds(), BOUNDARY_THRESHOLD);
        current = states == null ? s -> events.accept(s, plain) : s -> {
            states.accept(s);
            events.accept(s, plain);
        };
        Loudness loudness = new Loudness(hop);
        OfflinePipeline.HopSource source = AudioArgument.hops(audio, rate, hop);
        OfflinePipeline.Timings timings = new OfflinePipeline.Timings();
        // the guards count from the clock's opening: this song's share is the difference
        long beatBefore = clock.beatGuard().busyNanos();
        long beatWaitBefore = clock.beatGuard().blockWaitNanos();
        long structureBefore = clock.structureGuard().busyNanos();
        long started = System.nanoTime();
        boolean finished = false;
        try {
            long hops = OfflinePipeline.run(sink -> source.hops((buf, index) -> {
                loudness.accept(buf);
                sink.accept(buf, index);
            }), clock, progress, timings);
            double seconds = (System.nanoTime() - started) / 1e9;
            long beat = clock.beatGuard().busyNanos() - beatBefore;
            long beatWait = clock.beatGuard().blockWaitNanos() - beatWaitBefore;
            long structure = clock.structureGuard().busyNanos() - structureBefore;
            Stages stages = new Stages((timings.readerBusyNanos - timings.frontEndNanos) / 1e9,
                    timings.frontEndNanos / 1e9, beat / 1e9, structure / 1e9,
                    Math.max(0, timings.publishNanos - beatWait - structure) / 1e9);
            AudioArgument.warnAboutSamples(audio);
            double duration = Math.round((double) audio.framesRead() * rate / audio.sampleRate()) / (double) rate;
            Song song = new Song(plain, duration, hops, clock.beatGuard().current().id(),
                    clock.structureGuard().current().id(), clock.status(), loudness.dbfs(), seconds, stages);
            finished = true;
            return song;
        } finally {
            current = s -> {
            };
            if (!finished || clock.beatGuard().fellBack() || clock.structureGuard().fellBack()) {
                closeClock();
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
        if (clock == null) {
            clock = wiring.slowClock(0);
            clock.addListener(s -> current.accept(s));
            used = false;
            if (fingerprint == null) {
                fingerprint = EngineFingerprint.of(wiring, clock);
            }
        }
    }

    private void closeClock() {
        if (clock != null) {
            clock.close();
            clock = null;
        }
    }

    @Override
    public void close() {
        closeClock();
    }

    /** Mean power of the hops above {@link InputLevel#GATE_DBFS}, as the input-level stage gates them. */
    private static final class Loudness {
        private final int hop;
        private final double gate = Math.pow(10, InputLevel.GATE_DBFS / 10);
        private double sum;
        private long counted;

        Loudness(int hop) {
            this.hop = hop;
        }

        void accept(float[] buf) {
            double power = 0;
            for (int i = 0; i < hop; i++) {
                power += (double) buf[i] * buf[i];
            }
            power /= hop;
            if (power > gate && Double.isFinite(power)) {
                sum += power;
                counted++;
            }
        }

        double dbfs() {
            return counted == 0 ? Double.NaN : 10 * Math.log10(sum / counted);
        }
    }
}
