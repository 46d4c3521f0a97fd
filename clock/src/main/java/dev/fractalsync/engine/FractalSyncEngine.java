package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.audio.AudioStream;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.clock.discovery.SelectionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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
    private boolean finished;

    private FractalSyncEngine(Builder b) throws ProviderException, SelectionException {
        this.wiring = new ProviderWiring(b.settings());
        ModelContract contract = wiring.contract();
        this.slow = wiring.slowClock(0);
        this.fast = new FastClock(contract);
        this.listeners = new IsolatedListeners(b.listeners);
        this.events = new StreamEvents(contract.hopSeconds(), b.boundaryThreshold);
        slow.addListener(fast::accept);
        slow.addGridListener(fast::acceptGrid);
        slow.addListener(s -> events.accept(s, listeners));
        this.audio = new AudioStream(contract.sampleRate(), contract.hop(), (hop, index) -> slow.processHop(hop));
    }

    public static Builder builder() {
        return new Builder();
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
        if (composer == null) {
            try {
                controller = wiring.controller(0);
            } catch (ProviderException | SelectionException e) {
                throw new EngineStartException(e.getMessage(), e);
            }
            composer = new FrameComposer(fast, controller, slow::status);
        }
        return composer.compose(tSec);
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
        private double boundaryThreshold = 0.5;

        private Builder() {
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
            try {
                return new FractalSyncEngine(this);
            } catch (ProviderException | SelectionException | IllegalArgumentException e) {
                throw new EngineStartException(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new EngineStartException(e.getMessage() != null ? e.getMessage() : "the engine could not start: " + e, e);
            }
        }
    }
}
