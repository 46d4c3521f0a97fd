package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioStream;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.clock.BeatGrid;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.LiveDriver;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.OfflinePipeline;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.clock.discovery.SelectionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The beat and structure engine for embedding: feed it audio in any format and buffer size, get beats, section
 * changes, boundary warnings and slow states back through listeners, and (optionally) render-rate visual frames.
 * Providers are chosen by id as on the command line and found through {@code ServiceLoader} on the module path or
 * the plain class path ({@code META-INF/services}). Listeners run on the thread that calls {@link #feed}, one call
 * at a time; a listener that throws is logged and skipped, the engine goes on.
 *
 * <pre>{@code
 * try (FractalSyncEngine engine = FractalSyncEngine.builder()
 *         .onBeat(b -> System.out.println(b.tSec()))
 *         .build()) {
 *     engine.feed(samples, 44_100, 2);
 *     engine.finish();
 * }
 * }</pre>
 */
public final class FractalSyncEngine implements AutoCloseable {
    private final ProviderWiring wiring;
    private final SlowClock slow;
    private final FastClock fast;
    private GuardedProvider<ControllerProvider> controller;
    private FrameComposer composer;
    private final AudioStream audio;
    private final StreamEvents events;
    private final EngineListener listeners;
    /** Where events go: the listeners, and during {@link #analyze} also that call's sink. */
    private EngineListener dispatch;
    /** The offline timeline rendering from this engine's clock, if one is open. */
    private OfflineTimeline timeline;
    private boolean finished;

    private FractalSyncEngine(ProviderWiring wiring, List<EngineListener> listeners, double boundaryThreshold)
            throws ProviderException, SelectionException {
        this(wiring, listeners, boundaryThreshold, false);
    }

    private FractalSyncEngine(ProviderWiring wiring, List<EngineListener> listeners, double boundaryThreshold,
                              boolean live) throws ProviderException, SelectionException {
        this.wiring = wiring;
        ModelContract contract = wiring.contract();
        this.slow = live ? wiring.liveSlowClock() : wiring.slowClock(0);
        this.fast = new FastClock(contract);
        this.listeners = new IsolatedListeners(listeners);
        this.dispatch = this.listeners;
        this.events = new StreamEvents(contract.hopSeconds(), boundaryThreshold);
        slow.addListener(fast::accept);
        slow.addGridListener(fast::acceptGrid);
        slow.addListener(s -> {
            events.accept(s, dispatch);
            if (timeline != null) {
                timeline.published();
            }
        });
        this.audio = new AudioStream(contract.sampleRate(), contract.hop(), (hop, index) -> slow.processHop(hop));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An engine on providers already discovered and checked (the command line's), with no listeners of its own and
     * the default boundary threshold: for hosts that pass their sink to {@link #analyze}.
     *
     * @throws EngineStartException with one line naming the problem, when a provider cannot open
     */
    public static FractalSyncEngine open(ProviderWiring wiring) {
        return Builder.start(() -> new FractalSyncEngine(wiring, List.of(), Builder.DEFAULT_BOUNDARY_THRESHOLD));
    }

    /**
     * An engine for real time, on providers already discovered and checked: each provider call has a budget of
     * {@value ProviderWiring#LIVE_BUDGET_HOPS} hops (a slow call never starves the audio), and the hot paths are warmed
     * up before the first hop. Feed it with {@link #play} or {@link #listen}.
     *
     * @throws EngineStartException with one line naming the problem, when a provider cannot open
     */
    public static FractalSyncEngine openLive(ProviderWiring wiring) {
        return Builder.start(() -> new FractalSyncEngine(wiring, List.of(), Builder.DEFAULT_BOUNDARY_THRESHOLD, true));
    }

    /**
     * Plays {@code audio} in real time, on the sound card when {@code playback} (else paced by the wall clock), and
     * runs each hop through the engine as it is heard; decoded as it plays, so any length fits in a small, fixed
     * amount of memory. What reading throws stops the driver and is its {@link LiveDriver#failure()}.
     *
     * @param avOffsetMs the user's A/V offset (positive: visuals later)
     */
    public LiveDriver play(AudioFileReader audio, boolean playback, double avOffsetMs) {
        ModelContract contract = wiring.contract();
        return LiveDriver.playFile(hopsOf(audio), slow, contract.sampleRate(), contract.hop(), playback, avOffsetMs);
    }

    /**
     * Captures a sound input in real time and runs each hop through the engine.
     *
     * @param device     index or part of the name of a capture device (null: the first one)
     * @param avOffsetMs the user's A/V offset (positive: visuals later)
     */
    public LiveDriver listen(String device, double avOffsetMs) throws AudioInputException {
        ModelContract contract = wiring.contract();
        return LiveDriver.microphone(slow, contract.sampleRate(), contract.hop(), avOffsetMs, device);
    }

    /**
     * Receives every slow state on the thread that publishes it, after the engine's own listeners and not isolated:
     * for a host's own bus or outputs. What it throws reaches the code feeding the engine (a live driver stops with
     * it as its failure).
     */
    public void addStateListener(Consumer<SlowState> listener) {
        slow.addListener(listener);
    }

    /** Receives the onset-aligned beat grid whenever it changes (null: no grid), before the state of its hop. */
    public void addGridListener(Consumer<BeatGrid> listener) {
        slow.addGridListener(listener);
    }

    /** A status line for HUDs: empty while every provider is healthy. */
    public String status() {
        return slow.status();
    }

    /**
     * Analyzes a whole song, from where {@code audio} is to its end, as a new stream (the engine is reset first when
     * it has run before). The same front end and providers as {@link #feed}, on two threads: the reader decodes,
     * resamples and prepares the hops ahead while this thread publishes; every state equals what {@code feed} would
     * publish for the same audio. {@code sink} gets every state and event in stream order, after the engine's own
     * listeners; unlike theirs, what it throws stops the analysis and reaches the caller, as does what reading the
     * audio throws.
     *
     * @param sink     receives the states and events (may be null: the engine's listeners only)
     * @param progress receives the number of hops done after each hop (may be null)
     */
    public SongAnalysis analyze(AudioFileReader audio, EngineListener sink, LongConsumer progress) throws Exception {
        return analyze(audio, sink, progress, false);
    }

    /**
     * {@link #analyze(AudioFileReader, EngineListener, LongConsumer)} on one core: the same states, but the decoding,
     * the front end and the providers take turns instead of overlapping, so the song keeps at most one core busy.
     * For batches that run one song per core ({@code analyze-library --threads N}); a single song finishes sooner
     * with {@link #analyze(AudioFileReader, EngineListener, LongConsumer)}.
     */
    public SongAnalysis analyzeOnOneCore(AudioFileReader audio, EngineListener sink, LongConsumer progress)
            throws Exception {
        return analyze(audio, sink, progress, true);
    }

    private SongAnalysis analyze(AudioFileReader audio, EngineListener sink, LongConsumer progress, boolean oneCore)
            throws Exception {
        startSong();
        ModelContract contract = wiring.contract();
        int rate = contract.sampleRate();
        Loudness loudness = new Loudness(contract.hop());
        OfflinePipeline.Timings timings = new OfflinePipeline.Timings();
        GuardedProvider<?> beat = slow.beatGuard();
        GuardedProvider<?> structure = slow.structureGuard();
        // the guards count from the clock's opening: this song's share is the difference
        long beatBefore = beat.busyNanos();
        long beatWaitBefore = beat.blockWaitNanos();
        long structureBefore = structure.busyNanos();
        long started = System.nanoTime();
        dispatch = sink == null ? listeners : new ListenerPair(listeners, sink);
        long hops;
        try {
            OfflinePipeline.HopSource source = hopsOf(audio);
            OfflinePipeline.HopSource measured = hopSink -> source.hops((buf, index) -> {
                loudness.accept(buf);
                hopSink.accept(buf, index);
            });
            hops = oneCore ? OfflinePipeline.runOnOneCore(measured, slow, progress, timings)
                    : OfflinePipeline.run(measured, slow, progress, timings);
        } finally {
            dispatch = listeners;
            finished = true;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long beatWait = beat.blockWaitNanos() - beatWaitBefore;
        long structureNanos = structure.busyNanos() - structureBefore;
        SongAnalysis.Stages stages = new SongAnalysis.Stages((timings.readerBusyNanos - timings.frontEndNanos) / 1e9,
                timings.frontEndNanos / 1e9, (beat.busyNanos() - beatBefore) / 1e9, structureNanos / 1e9,
                Math.max(0, timings.publishNanos - beatWait - structureNanos) / 1e9, beatWait / 1e9,
                timings.readerWaitNanos / 1e9);
        double duration = Math.round((double) audio.framesRead() * rate / audio.sampleRate()) / (double) rate;
        return new SongAnalysis(hops, duration, beat.current().id(), structure.current().id(),
                beat.fellBack() || structure.fellBack(), slow.status(), loudness.dbfs(), seconds, stages);
    }

    /**
     * A whole song rendered offline and deterministically, frame by frame: for each frame time asked of the timeline
     * the engine has run exactly the hops that have ended by then (the same pipeline as {@link #analyze}), and the
     * fast clock and controller compose the frame, as {@link #frameAt} does. The audio is read only as far as the
     * frames need. A new stream: the engine is reset first when it has run before. Close the timeline before using
     * the engine for anything else.
     *
     * @throws EngineStartException when the controller cannot open
     */
    public OfflineTimeline timeline(AudioFileReader audio) {
        startSong();
        openComposer();
        finished = true;
        timeline = new OfflineTimeline(wiring.contract(), hopsOf(audio), slow, composer);
        return timeline;
    }

    private void closeTimeline() {
        if (timeline != null) {
            timeline.close();
            timeline = null;
        }
    }

    /** The contract hops of {@code audio}, decoded and resampled as they are asked for. */
    private OfflinePipeline.HopSource hopsOf(AudioFileReader audio) {
        ModelContract contract = wiring.contract();
        return sink -> AudioStream.readAll(audio, contract.sampleRate(), contract.hop(), sink);
    }

    /** Before a whole song: a fresh stream when this one has begun, and no timeline left from a previous one. */
    private void startSong() {
        closeTimeline();
        if (finished || slow.hopsProcessed() > 0) {
            reset();
        }
    }

    /** The engine's listeners, then a sink whose exceptions are not caught. */
    private record ListenerPair(EngineListener first, EngineListener second) implements EngineListener {
        @Override
        public void onBeat(BeatEvent beat) {
            first.onBeat(beat);
            second.onBeat(beat);
        }

        @Override
        public void onSectionChange(SectionChange change) {
            first.onSectionChange(change);
            second.onSectionChange(change);
        }

        @Override
        public void onBoundaryAhead(BoundaryWarning warning) {
            first.onBoundaryAhead(warning);
            second.onBoundaryAhead(warning);
        }

        @Override
        public void onSlowState(SlowState state) {
            first.onSlowState(state);
            second.onSlowState(state);
        }
    }

    /**
     * Feeds interleaved samples ({@code channels} per frame, nominally in [-1, 1]) at {@code sampleRate}; any
     * length. Every hop the samples complete runs through the pipeline before this returns.
     *
     * @throws IllegalArgumentException for a rate outside 1000..768000 Hz, 0 or more than 64 channels, or a
     *                                  length that is not a whole number of frames
     */
    public void feed(float[] samples, int sampleRate, int channels) {
        if (finished) {
            throw new IllegalStateException("feed() after finish(); call reset() to start a new stream");
        }
        audio.feed(samples, sampleRate, channels);
    }

    /** End of the stream: runs the last partial hop (zero-padded). */
    public void finish() {
        if (!finished) {
            audio.finish();
            finished = true;
        }
    }

    /** Starts a new stream: providers, clocks and event state back to their initial behaviour. */
    public void reset() {
        closeTimeline();
        audio.reset();
        slow.reset();
        fast.reset();
        events.reset();
        finished = false;
    }

    /**
     * The visual frame at stream time {@code tSec} (fast clock + controller), for hosts that render. The controller
     * opens on the first call, so hosts that only want events need no controller provider.
     *
     * @throws EngineStartException when the controller cannot open
     */
    public VisualFrame frameAt(double tSec) {
        openComposer();
        return composer.compose(tSec);
    }

    private void openComposer() {
        if (composer == null) {
            try {
                controller = wiring.controller(0);
            } catch (ProviderException | SelectionException e) {
                throw new EngineStartException(e.getMessage(), e);
            }
            composer = new FrameComposer(fast, controller, slow::status);
        }
    }

    /** The controller running now (a fallback shows here after a failure), or null before the first frame. */
    public Provider controllerProvider() {
        return controller == null ? null : controller.current();
    }

    /**
     * Publishes {@code tempo}'s beat grid instead of the tracker's from the next hop on, until {@link #releaseTempo()}
     * (any thread: tap tempo, the control page): beats, bars, events, outputs and the picture follow it.
     */
    public void overrideTempo(dev.fractalsync.clock.ManualTempo tempo) {
        slow.overrideTempo(tempo);
    }

    /** Back to the tracker's beat grid from the next hop on; the beat count runs on. */
    public void releaseTempo() {
        slow.releaseTempo();
    }

    /** The hand-set tempo in effect or requested, or null when the tracker's grid is published. */
    public dev.fractalsync.clock.ManualTempo manualTempo() {
        return slow.manualTempo();
    }

    /** "Next section now": the held section moves on to the provider's next-ranked label at the next hop (any thread). */
    public void cue() {
        slow.requestCue();
    }

    /**
     * Publishes beats at {@code level} from the next hop on, without restarting the stream (a host's "half time" key):
     * the beat count runs on, the phase takes the new level's. Any thread.
     */
    public void tempoLevel(TempoLevel level) {
        slow.requestTempoLevel(level);
    }

    /** The tempo level published now (or requested for the next hop). */
    public TempoLevel tempoLevel() {
        return slow.tempoLevel();
    }

    /** Whether half time is published now at {@link TempoLevel#AUTO}, on the beat provider's suggestion. Any thread. */
    public boolean autoHalfTime() {
        return slow.autoHalfTime();
    }

    /** Stream time of the audio fed so far, in seconds (whole hops only). */
    public double streamSeconds() {
        return slow.hopsProcessed() * wiring.contract().hopSeconds();
    }

    /** The newest slow state, or null before the first hop. */
    public SlowState latest() {
        return slow.latest();
    }

    public ModelContract contract() {
        return wiring.contract();
    }

    /** The beat provider running now (a fallback shows here after a failure). */
    public Provider beatProvider() {
        return slow.beatGuard().current();
    }

    /** The structure provider running now (a fallback shows here after a failure). */
    public Provider structureProvider() {
        return slow.structureGuard().current();
    }

    /** Ids of the beat and structure providers running now (a fallback shows here after a failure). */
    public List<String> providerIds() {
        return List.of(slow.beatGuard().current().id(), slow.structureGuard().current().id());
    }

    /** NaN/Inf input samples replaced by silence so far. */
    public long sanitizedSamples() {
        return audio.sanitizedSamples() + slow.sanitizedSamples();
    }

    @Override
    public void close() {
        closeTimeline();
        slow.close();
        if (controller != null) {
            controller.close();
        }
    }

    /** Chooses providers and listeners. Defaults as the command line: beatnet, anticipator, rules, decimation 2. */
    public static final class Builder {
        private EngineSettings settings = EngineSettings.defaults();
        private final Map<String, String> beatOptions = new LinkedHashMap<>();
        private final Map<String, String> structureOptions = new LinkedHashMap<>();
        private final Map<String, String> controllerOptions = new LinkedHashMap<>();
        private final List<EngineListener> listeners = new ArrayList<>();
        static final double DEFAULT_BOUNDARY_THRESHOLD = 0.5;
        private double boundaryThreshold = DEFAULT_BOUNDARY_THRESHOLD;

        private Builder() {
        }

        @FunctionalInterface
        private interface Start {
            FractalSyncEngine start() throws ProviderException, SelectionException;
        }

        private static FractalSyncEngine start(Start start) {
            try {
                return start.start();
            } catch (ProviderException | SelectionException | IllegalArgumentException e) {
                throw new EngineStartException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new EngineStartException(e.getMessage() != null ? e.getMessage() : "the engine could not start: " + e, e);
            }
        }

        /** Starts from complete settings (what the command line parsed); later calls refine them. */
        public Builder settings(EngineSettings s) {
            settings = s;
            beatOptions.putAll(s.beatOptions());
            structureOptions.putAll(s.structureOptions());
            controllerOptions.putAll(s.controllerOptions());
            return this;
        }

        public Builder beat(String id) {
            settings = settings.withProviders(id, settings.structure(), settings.controller());
            return this;
        }

        public Builder structure(String id) {
            settings = settings.withProviders(settings.beat(), id, settings.controller());
            return this;
        }

        public Builder controller(String id) {
            settings = settings.withProviders(settings.beat(), settings.structure(), id);
            return this;
        }

        public Builder beatOption(String key, String value) {
            beatOptions.put(key, value);
            return this;
        }

        public Builder structureOption(String key, String value) {
            structureOptions.put(key, value);
            return this;
        }

        public Builder controllerOption(String key, String value) {
            controllerOptions.put(key, value);
            return this;
        }

        /** Structure provider cadence: every 1, 2 or 4 hops. */
        public Builder decimation(int hops) {
            settings = settings.withDecimation(hops);
            return this;
        }

        public Builder seed(long seed) {
            settings = settings.withSeed(seed);
            return this;
        }

        /**
         * The watchdog's limit per provider call (default 10 s): a provider whose construction, open or step call
         * overruns it is abandoned and the built-in fallback takes over.
         */
        public Builder providerTimeout(java.time.Duration timeout) {
            settings = settings.withProviderTimeout(timeout);
            return this;
        }

        /** A directory of plugin JARs to load providers from, besides the class path. */
        public Builder plugins(Path directory) {
            settings = settings.withPlugins(directory);
            return this;
        }

        /** Hazard level that raises {@link EngineListener#onBoundaryAhead} (default 0.5). */
        public Builder boundaryThreshold(double threshold) {
            boundaryThreshold = threshold;
            return this;
        }

        public Builder listener(EngineListener listener) {
            listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder onBeat(Consumer<BeatEvent> c) {
            return listener(new EngineListener() {
                @Override
                public void onBeat(BeatEvent beat) {
                    c.accept(beat);
                }
            });
        }

        public Builder onSectionChange(Consumer<SectionChange> c) {
            return listener(new EngineListener() {
                @Override
                public void onSectionChange(SectionChange change) {
                    c.accept(change);
                }
            });
        }

        public Builder onBoundaryAhead(Consumer<BoundaryWarning> c) {
            return listener(new EngineListener() {
                @Override
                public void onBoundaryAhead(BoundaryWarning warning) {
                    c.accept(warning);
                }
            });
        }

        public Builder onSlowState(Consumer<SlowState> c) {
            return listener(new EngineListener() {
                @Override
                public void onSlowState(SlowState state) {
                    c.accept(state);
                }
            });
        }

        EngineSettings settings() {
            return settings.withOptions(beatOptions, structureOptions, controllerOptions);
        }

        /**
         * Discovers and opens the providers.
         *
         * @throws EngineStartException with one line naming the problem (unknown id with the valid ones, a provider
         *                              that cannot open, a bad decimation or contract)
         */
        public FractalSyncEngine build() {
            new StreamEvents(1, boundaryThreshold); // validates it before opening providers
            return start(() -> new FractalSyncEngine(new ProviderWiring(settings()), listeners, boundaryThreshold));
        }
    }
}
