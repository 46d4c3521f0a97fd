package dev.fractalsync.engine;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.clock.GuardedBeatClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.clock.ProviderThread;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.clock.discovery.SelectionException;
import dev.fractalsync.features.FftThreads;
import dev.fractalsync.json.ContractFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires discovery, provider selection, opening and guarding into a slow clock (and a guarded controller): the one
 * place that turns {@link EngineSettings} into running providers, for the command line and for embedders alike.
 */
public final class ProviderWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderWiring.class);
    public static final String DEFAULT_BEAT = "beatnet";
    public static final String DEFAULT_STRUCTURE = "anticipator";
    public static final String FALLBACK_BEAT = "oscillator";
    public static final String FALLBACK_CONTROLLER = "rules";
    /** Consecutive failures before a guard switches to the fallback provider. */
    public static final int MAX_CONSECUTIVE_FAILURES = 8;

    private final ModelContract contract;
    private final ProviderRegistry registry;
    private final EngineSettings settings;

    public ProviderWiring(EngineSettings settings) {
        this(settings, settings.plugins() == null ? List.of() : List.of(settings.plugins()));
    }

    /**
     * Wiring whose plugins come from each of {@code pluginDirs} in order (missing ones skipped) instead of
     * {@link EngineSettings#plugins()} alone: the command line's search path (installation, user config directory).
     */
    public ProviderWiring(EngineSettings settings, List<Path> pluginDirs) {
        FftThreads.useDaemonPool();
        this.settings = settings;
        this.contract = settings.contract() == null ? ContractFiles.v1() : ContractFiles.load(settings.contract());
        this.registry = ProviderRegistry.discoverAll(pluginDirs, contract.major());
        for (String problem : registry.problems()) {
            LOG.warn("plugin skipped: {}", problem);
        }
        if (!contract.decimations().contains(settings.decimation())) {
            throw new IllegalArgumentException("--decimation " + settings.decimation() + " is not allowed; choose one of "
                    + contract.decimations());
        }
    }

    /**
     * Checks that every provider id the settings name exists, without constructing or opening anything known: a
     * mistyped id fails here, before the input is read, rather than when the clock is built.
     */
    public void checkSelection() throws SelectionException {
        if (settings.beat() != null) {
            registry.require(ProviderKind.BEAT, settings.beat());
        }
        if (settings.structure() != null) {
            registry.require(ProviderKind.STRUCTURE, settings.structure());
        }
        if (settings.controller() != null) {
            registry.require(ProviderKind.CONTROLLER, settings.controller());
        }
    }

    public ModelContract contract() {
        return contract;
    }

    public ProviderRegistry registry() {
        return registry;
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Live mode: a provider call may take up to this many hops before it is abandoned (the audio thread has
     * 8 hops of sound-card buffer, so a slow call never starves playback; a hung one cannot stall it).
     */
    public static final int LIVE_BUDGET_HOPS = 4;
    /** Hops of warm-up (about 5 s of audio) run before a live stream so the JIT has compiled the hot paths. */
    public static final int WARM_UP_HOPS = 250;

    /** The slow clock for real-time use: per-call budget of {@value #LIVE_BUDGET_HOPS} hops, warmed up. */
    public SlowClock liveSlowClock() throws ProviderException, SelectionException {
        SlowClock clock = slowClock((long) (LIVE_BUDGET_HOPS * contract.hopSeconds() * 1e9));
        clock.warmUp(WARM_UP_HOPS);
        return clock;
    }

    /**
     * Builds the slow clock. {@code budgetNanos} 0 = offline (deterministic), else live per-call budget. Either way
     * each provider runs on its own thread under the watchdog ({@link EngineSettings#providerTimeout()}).
     */
    public SlowClock slowClock(long budgetNanos) throws ProviderException, SelectionException {
        Opened<BeatClockProvider> beat = openSelected(ProviderKind.BEAT, settings.beat(), beatOptions(), DEFAULT_BEAT,
                FALLBACK_BEAT);
        Opened<StructureProvider> structure;
        try {
            structure = openSelected(ProviderKind.STRUCTURE, settings.structure(), settings.structureOptions(),
                    DEFAULT_STRUCTURE, "novelty", NeutralStructureProvider.ID);
        } catch (ProviderException | SelectionException | RuntimeException e) {
            new GuardedProvider<>("beat", beat.provider(), null, null, 0, 1, beat.thread(), settings.providerTimeout()).close();
            throw e;
        }
        ProviderContext ctx = context(Map.of());
        GuardedProvider<BeatClockProvider> beatGuard = new GuardedProvider<>("beat", beat.provider(), ctx,
                () -> fallback(ProviderKind.BEAT, FALLBACK_BEAT, beatOptions()), budgetNanos, MAX_CONSECUTIVE_FAILURES,
                beat.thread(), settings.providerTimeout());
        GuardedProvider<StructureProvider> structureGuard = new GuardedProvider<>("structure", structure.provider(), ctx,
                () -> fallback(ProviderKind.STRUCTURE, NeutralStructureProvider.ID, Map.of()), budgetNanos,
                MAX_CONSECUTIVE_FAILURES, structure.thread(), settings.providerTimeout());
        SlowClock clock = new SlowClock(contract, beatGuard, structureGuard, settings.decimation());
        clock.setTempoLevel(settings.tempoLevel());
        return clock;
    }

    /**
     * The selected beat provider (default: beatnet, else the oscillator), opened under the watchdog and guarded as in
     * the slow clock ({@link GuardedBeatClock}: offline, an incoherent clock or repeated failures switch to the
     * oscillator, logged in one line); the caller steps it hop by hop and closes it.
     */
    public BeatClockProvider openBeat() throws ProviderException, SelectionException {
        Opened<BeatClockProvider> o = openSelected(ProviderKind.BEAT, settings.beat(), beatOptions(), DEFAULT_BEAT, FALLBACK_BEAT);
        GuardedProvider<BeatClockProvider> guard = new GuardedProvider<>("beat", o.provider(), context(Map.of()),
                () -> fallback(ProviderKind.BEAT, FALLBACK_BEAT, beatOptions()), 0, MAX_CONSECUTIVE_FAILURES,
                o.thread(), settings.providerTimeout());
        GuardedBeatClock clock = new GuardedBeatClock(guard, contract);
        clock.setTempoLevel(settings.tempoLevel());
        return clock.asProvider();
    }

    /**
     * The selected beat provider opened under the watchdog but then unguarded: the caller calls it on its own thread
     * and closes it. Only for measuring the provider's own speed ({@code bench-beat}); what it throws reaches the caller.
     */
    public BeatClockProvider openBeatUnguarded() throws ProviderException, SelectionException {
        Opened<BeatClockProvider> o = openSelected(ProviderKind.BEAT, settings.beat(), beatOptions(), DEFAULT_BEAT, FALLBACK_BEAT);
        o.thread().shutdown();
        return o.provider();
    }

    /** Structure provider {@code id}, opened (with the --structure-opt settings when it is the selected or default one). */
    public StructureProvider openStructure(String id) throws ProviderException, SelectionException {
        String selected = settings.structure() != null ? settings.structure() : DEFAULT_STRUCTURE;
        Map<String, String> opts = id.equals(selected) ? settings.structureOptions() : Map.of();
        Opened<StructureProvider> o = openSelected(ProviderKind.STRUCTURE, id, opts);
        o.thread().shutdown();
        return o.provider();
    }

    /** The guarded controller, falling back to the rule-based one. */
    public GuardedProvider<ControllerProvider> controller(long budgetNanos) throws ProviderException, SelectionException {
        Opened<ControllerProvider> c = openSelected(ProviderKind.CONTROLLER, settings.controller(),
                settings.controllerOptions(), FALLBACK_CONTROLLER);
        return new GuardedProvider<>("controller", c.provider(), context(settings.controllerOptions()),
                () -> fallback(ProviderKind.CONTROLLER, FALLBACK_CONTROLLER, Map.of()), budgetNanos,
                MAX_CONSECUTIVE_FAILURES, c.thread(), settings.providerTimeout());
    }

    private Map<String, String> beatOptions() {
        Map<String, String> m = new HashMap<>(settings.beatOptions());
        if (settings.bpm() != null) {
            m.putIfAbsent("bpm", String.valueOf(settings.bpm()));
        }
        return m;
    }

    private ProviderContext context(Map<String, String> providerOptions) {
        return new ProviderContext(contract, settings.decimation(), settings.seed(), providerOptions);
    }

    /** An opened provider and the thread it was constructed and opened on (its later calls belong there too). */
    private record Opened<P extends Provider>(P provider, ProviderThread thread) {
    }

    /**
     * Constructs and opens the provider the user named, or the first available default, on a fresh provider thread
     * under the watchdog. A named provider that fails is an error; a default that fails is skipped with a warning.
     */
    @SuppressWarnings("unchecked")
    private <P extends Provider> Opened<P> openSelected(ProviderKind kind, String requested, Map<String, String> providerOptions,
                                                        String... defaults) throws ProviderException, SelectionException {
        ProviderContext ctx = context(providerOptions);
        if (requested != null) {
            DiscoveredProvider d = registry.require(kind, requested);
            try {
                return (Opened<P>) openOn(d, ctx);
            } catch (ProviderTimeoutException e) {
                String fallbackId = fallbackId(kind);
                if (fallbackId.equals(requested) || registry.find(kind, fallbackId).isEmpty()) {
                    throw e;
                }
                LOG.warn("{}; using the fallback {} provider '{}'", e.getMessage(), kind.flag(), fallbackId);
                return (Opened<P>) openOn(registry.find(kind, fallbackId).get(), context(Map.of()));
            }
        }
        ProviderException last = null;
        for (String id : defaults) {
            Optional<DiscoveredProvider> d = registry.find(kind, id);
            if (d.isEmpty()) {
                continue;
            }
            try {
                return (Opened<P>) openOn(d.get(), ctx);
            } catch (ProviderException e) {
                LOG.warn("default {} provider '{}' could not open ({}); trying the next", kind.flag(), id, e.getMessage());
                last = e;
            }
        }
        if (kind == ProviderKind.STRUCTURE) {
            return new Opened<>((P) new NeutralStructureProvider(), new ProviderThread(kind.flag()));
        }
        if (last != null) {
            throw last;
        }
        throw new SelectionException("no " + kind.flag() + " provider is installed: embedding from Maven, depend on "
                + "dev.fractalsync:fractalsync-engine (type pom: the engine with the shipped providers), or put a "
                + kind.flag() + " provider JAR on the class path or in the plugins directory");
    }

    private static String fallbackId(ProviderKind kind) {
        return switch (kind) {
            case BEAT -> FALLBACK_BEAT;
            case STRUCTURE -> NeutralStructureProvider.ID;
            case CONTROLLER -> FALLBACK_CONTROLLER;
        };
    }

    /** Thrown when construction or open overran the provider timeout (the host then falls back). */
    private static final class ProviderTimeoutException extends ProviderException {
        ProviderTimeoutException(String message) {
            super(message);
        }
    }

    private Opened<Provider> openOn(DiscoveredProvider d, ProviderContext ctx) throws ProviderException {
        ProviderThread thread = new ProviderThread(d.kind().flag());
        try {
            Provider p = GuardedProvider.open(d::newInstance, ctx, thread, settings.providerTimeout(),
                    d.kind().flag() + " provider '" + d.id() + "'");
            return new Opened<>(p, thread);
        } catch (ProviderException e) {
            boolean timedOut = thread.abandoned();
            thread.abandon();
            throw timedOut ? new ProviderTimeoutException(e.getMessage()) : e;
        }
    }

    @SuppressWarnings("unchecked")
    private <P extends Provider> P fallback(ProviderKind kind, String id, Map<String, String> providerOptions) {
        Optional<DiscoveredProvider> d = registry.find(kind, id);
        if (d.isEmpty()) {
            return kind == ProviderKind.STRUCTURE ? (P) new NeutralStructureProvider() : null;
        }
        try {
            return (P) GuardedProvider.open(d.get().newInstance(), context(providerOptions));
        } catch (ProviderException e) {
            LOG.warn("fallback {} provider '{}' could not open: {}", kind.flag(), id, e.getMessage());
            return null;
        }
    }
}
