package dev.fractalsync.conformance;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.features.FftThreads;
import dev.fractalsync.json.ContractFiles;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The provider conformance suite: runs a provider through the contract's checks and returns one
 * {@link CheckResult} per check.
 * <p>
 * Every provider is checked for: {@code contract-major}, {@code identity} (id matches [a-z0-9-]+, name not empty),
 * {@code open}, {@code process} (no exception and no null on valid input, all calls from one thread),
 * {@code latency} (p50/p99/max per call against the hop budget 1024/48000 s ≈ 21.3 ms: WARN when p99 is above 25% of
 * it, FAIL above 100%; the first {@value SuiteRun#WARMUP_CALLS} calls are not counted), {@code determinism} (two
 * fresh instances with the same seed give identical outputs on the demo song), {@code reset} (after
 * {@code reset()} the first outputs equal a fresh run's), {@code close-idempotent} and {@code thread-leak} (no
 * non-daemon thread the provider started still runs 2 s after close()). Beat and structure providers are also checked
 * for {@code block-equals-stream}: after {@code reset()}, the first {@value SuiteRun#BLOCK_STEPS} steps of the demo
 * song go through {@code processBlock} in blocks of 64, 1 and 7 and must give what {@code process} gave step by step
 * (not judged, WARN, when determinism or reset failed). Per kind:
 * <ul>
 *   <li>beat — over the demo song, five edge signals and a long stream (the song looped, 5 minutes by default),
 *       hop by hop: {@code beat-state-ranges}, {@code tempo-range} (60/spb within the contract's tempo range),
 *       {@code beat-count-monotonic}, {@code beat-clock-coherent} (count + phase advance by elapsed/spb),
 *       {@code time-stamp} (WARN);</li>
 *   <li>structure — over realistic [T_slow, 22] audio and [T_slow, 5] beat windows every {@code decimation} hops:
 *       {@code section-probs}, {@code hazard-probs}, {@code hazard-monotonic}, {@code macro-embedding};</li>
 *   <li>controller — over fast-clock frames at 60 FPS and random valid inputs: {@code control-bounds}.</li>
 * </ul>
 * A provider whose output the api records refuse (they validate ranges) is charged to the check of the refused
 * field, e.g. a hazard vector of 4 entries fails {@code hazard-probs}.
 * <p>
 * Each provider runs on its own thread; a provider that hangs fails {@code suite-timeout} instead of hanging the
 * caller. A provider from a plugin JAR whose id a shipped provider already has gets a WARN {@code id-unique} (the
 * host would ignore it). {@link IsolatedConformance} runs the suite in a child JVM, for providers that may end or
 * wreck the JVM.
 */
public final class ConformanceSuite {
    static final String ID_UNIQUE = "id-unique";
    private final ModelContract contract;
    private final SuiteOptions options;

    public ConformanceSuite(ModelContract contract, SuiteOptions options) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.options = Objects.requireNonNull(options, "options");
        // the host's environment (ProviderWiring does the same): the shared FFT pool's threads belong to no provider
        FftThreads.useDaemonPool();
    }

    /** The bundled v1 contract with {@link SuiteOptions#defaults()}. */
    public static ConformanceSuite standard() {
        return new ConformanceSuite(ContractFiles.v1(), SuiteOptions.defaults());
    }

    public ModelContract contract() {
        return contract;
    }

    public SuiteOptions options() {
        return options;
    }

    /**
     * Checks the provider {@code factory} makes. The factory must return a new, unopened instance on every call (the
     * suite needs two). The kind is the first SPI the instance implements.
     */
    public ConformanceReport run(Supplier<? extends Provider> factory) {
        return run(factory, null, "factory", "unknown");
    }

    /** Checks a provider found by {@link dev.fractalsync.clock.discovery.ProviderRegistry}. */
    public ConformanceReport run(DiscoveredProvider provider) {
        return run(provider.factory(), provider.kind(), provider.origin(), provider.id());
    }

    /**
     * Checks the provider {@code factory} makes as a provider of {@code kind} (null: inferred).
     *
     * @param origin where it came from, for the report
     */
    public ConformanceReport run(Supplier<? extends Provider> factory, ProviderKind kind, String origin, String fallbackId) {
        return run(new SuiteRun(contract, options, factory, kind, fallbackId), origin);
    }

    /** Runs a prepared {@link SuiteRun} (the child JVM of {@link IsolatedConformance} keeps it to report an exit). */
    ConformanceReport run(SuiteRun run, String origin) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fractalsync-conformance");
            t.setDaemon(true); // a provider stuck in a call must not keep the JVM alive
            return t;
        });
        long started = System.nanoTime();
        List<CheckResult> results;
        List<java.nio.file.Path> own = origin != null && origin.endsWith(".jar") ? List.of(java.nio.file.Path.of(origin)) : List.of();
        try (ActivityWatch watch = ActivityWatch.start(own)) {
            Future<?> done = thread.submit(run::execute);
            try {
                done.get(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
                results = run.results();
                results.addAll(watch.finish());
            } catch (TimeoutException e) {
                results = run.abandon((System.nanoTime() - started) / 1e9); // before the interrupt moves it on
                done.cancel(true);
            } catch (ExecutionException e) {
                results = run.results();
                results.add(CheckResult.fail(SuiteRun.PROCESS, "the provider can be exercised",
                        "the suite stopped: " + SuiteRun.describe(e.getCause()), "a provider error escaped the suite's guards"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                results = run.abandon((System.nanoTime() - started) / 1e9);
                done.cancel(true);
            }
        } finally {
            thread.shutdownNow();
        }
        if (origin != null && origin.endsWith(".jar") && run.kind != null && run.id != null) {
            results.add(idUnique(run.kind, run.id));
        }
        return new ConformanceReport(run.kind, run.id, run.name, origin, results, (System.nanoTime() - started) / 1e9);
    }

    /** A plugin whose id a built-in provider already has is ignored by the host: worth a warning before installing. */
    private CheckResult idUnique(ProviderKind kind, String id) {
        String expectation = "the id is not already taken by a provider the host ships";
        return ProviderRegistry.discover(null, contract.major()).find(kind, id)
                .map(d -> CheckResult.warn(ID_UNIQUE, expectation, kind.flag() + " id '" + id + "' is already provided by "
                        + d.origin() + " (" + d.name() + "): the host ignores this plugin's provider",
                        "choose another id, for example with your project's name as a prefix"))
                .orElseGet(() -> CheckResult.pass(ID_UNIQUE, expectation, "no shipped " + kind.flag() + " provider has id '" + id + "'"));
    }
}
