package dev.fractalsync.conformance;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.clock.discovery.UnidentifiedProvider;
import dev.fractalsync.json.ContractFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the suite on each provider of a plugin JAR in a child JVM of its own, so that whatever the provider does
 * (call {@code System.exit}, hang, exhaust the heap, overflow the stack, leave threads running) ends in a report
 * with a failing check instead of ending or hanging the caller. The child runs on the same module or class path as
 * this JVM, loads the JAR exactly as discovery does, and hands its report back as JSON in a file.
 */
public final class IsolatedConformance {
    /** The check that fails when the child JVM ended before the suite finished. */
    public static final String JVM_EXIT = "jvm-exit";
    /** Time a child JVM gets beyond the suite timeout to start and build its signals. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What a child JVM hands back: the report, and whether the suite finished (else it was at {@code step}). */
    record Outcome(boolean complete, String step, ConformanceReport report) {
    }

    private final SuiteOptions options;
    private final Path contract;
    private final PrintStream log;

    /**
     * @param contract the contract file the children load (null: the bundled v1)
     * @param log      receives what the child JVMs print (their progress and whatever the providers print)
     */
    public IsolatedConformance(SuiteOptions options, Path contract, PrintStream log) {
        this.options = options;
        this.contract = contract;
        this.log = log;
    }

    /** Checks one discovered provider of {@code jar} in a child JVM. */
    public ConformanceReport check(Path jar, DiscoveredProvider provider) {
        return check(jar, provider.kind(), provider.id(), provider.id(), provider.origin());
    }

    /** Checks a provider whose id is unknown (see {@link ProviderRegistry#unidentified()}) in a child JVM. */
    public ConformanceReport check(Path jar, UnidentifiedProvider provider) {
        return check(jar, provider.kind(), "@" + provider.className(), provider.className(), provider.origin());
    }

    private ConformanceReport check(Path jar, ProviderKind kind, String selector, String id, String origin) {
        long started = System.nanoTime();
        Path results;
        try {
            results = Files.createTempFile("fractalsync-conformance", ".json");
        } catch (IOException e) {
            return failed(kind, id, origin, started, JVM_EXIT, "a child JVM can be started",
                    "cannot create a temporary file: " + e.getMessage(), "");
        }
        Deque<String> tail = new ArrayDeque<>();
        try {
            List<String> cmd = childCommand();
            cmd.addAll(List.of(jar.toString(), kind.name(), selector, results.toString(),
                    contract == null ? "-" : contract.toAbsolutePath().toString(), Double.toString(options.demoSeconds()),
                    Double.toString(options.edgeSeconds()), Boolean.toString(options.enforceLatency()),
                    Long.toString(options.timeout().toMillis()), Double.toString(options.longSeconds())));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            Thread pump = new Thread(() -> pump(p, tail), "fractalsync-conformance-output");
            pump.setDaemon(true);
            pump.start();
            long limit = options.timeout().plus(STARTUP_GRACE).toMillis();
            if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                Optional<Outcome> partial = read(results);
                return failed(kind, id, origin, started, SuiteRun.TIMEOUT,
                        String.format(Locale.ROOT, "the suite completes within %.0f s", limit / 1000.0),
                        String.format(Locale.ROOT, "no report after %.0f s: the provider's JVM was killed", limit / 1000.0)
                                + partial.map(o -> ", at " + o.step()).orElse(""), "a call blocked or loops");
            }
            pump.join(2000);
            int status = p.exitValue();
            Optional<Outcome> outcome = read(results);
            if (outcome.isPresent() && outcome.get().complete()) {
                return outcome.get().report();
            }
            String last;
            synchronized (tail) {
                last = tail.isEmpty() ? "no output" : "last output: " + String.join(" | ", tail);
            }
            String observed = "the provider's JVM ended with exit status " + status + " before the suite finished"
                    + outcome.map(o -> ", during " + o.step()).orElse(" (no shutdown hook ran: a crash or Runtime.halt)")
                    + "; " + last;
            List<CheckResult> before = outcome.map(o -> o.report().results()).orElse(List.of());
            List<CheckResult> rows = new ArrayList<>(before);
            rows.add(CheckResult.fail(JVM_EXIT, "the provider never ends or crashes the JVM", observed,
                    "a provider must not call System.exit or Runtime.halt; report problems by throwing ProviderException"));
            ConformanceReport r = outcome.map(Outcome::report).orElse(null);
            return new ConformanceReport(r == null ? kind : r.kind(), r == null ? id : r.id(), r == null ? "" : r.name(),
                    origin, rows, (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
            return failed(kind, id, origin, started, JVM_EXIT, "a child JVM can be started", e.getMessage(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(kind, id, origin, started, SuiteRun.TIMEOUT, "the suite completes", "interrupted", "");
        } finally {
            try {
                Files.deleteIfExists(results);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    private void pump(Process p, Deque<String> tail) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.println(line);
                synchronized (tail) {
                    tail.addLast(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                    if (tail.size() > 3) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private static Optional<Outcome> read(Path results) {
        try {
            if (Files.size(results) == 0) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(results.toFile(), Outcome.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ConformanceReport failed(ProviderKind kind, String id, String origin, long started, String check,
                                            String expectation, String observed, String hint) {
        return new ConformanceReport(kind, id, "", origin, List.of(CheckResult.fail(check, expectation, observed, hint)),
                (System.nanoTime() - started) / 1e9);
    }

    /** {@code java} with this JVM's module path (or class path) and heap limit, and this class as the entry point. */
    private static List<String> childCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + Math.max(256, Runtime.getRuntime().maxMemory() / (1024 * 1024)) + "m");
        cmd.add("-Djava.awt.headless=true");
        Module self = IsolatedConformance.class.getModule();
        String modulePath = System.getProperty("jdk.module.path");
        if (self.isNamed() && modulePath != null) {
            cmd.addAll(List.of("-p", modulePath, "--add-modules", "ALL-MODULE-PATH", "-m",
                    self.getName() + "/" + IsolatedConformance.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), IsolatedConformance.class.getName()));
        }
        return cmd;
    }

    /**
     * The child: {@code JAR KIND SELECTOR RESULTS CONTRACT DEMO_SECONDS EDGE_SECONDS ENFORCE_LATENCY TIMEOUT_MS
     * LONG_SECONDS}, where
     * SELECTOR is a provider id or {@code @class.Name}. Writes an {@link Outcome} to RESULTS, also when a provider
     * calls System.exit (from a shutdown hook).
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 10) {
            System.err.println("usage: IsolatedConformance JAR KIND SELECTOR RESULTS CONTRACT DEMO_S EDGE_S ENFORCE TIMEOUT_MS LONG_S");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        ProviderKind kind = ProviderKind.valueOf(args[1]);
        String selector = args[2];
        Path results = Path.of(args[3]);
        ModelContract c = args[4].equals("-") ? ContractFiles.v1() : ContractFiles.load(Path.of(args[4]));
        SuiteOptions options = SuiteOptions.defaults().withDemoSeconds(Double.parseDouble(args[5]))
                .withEdgeSeconds(Double.parseDouble(args[6])).withLatencyEnforced(Boolean.parseBoolean(args[7]))
                .withTimeout(Duration.ofMillis(Long.parseLong(args[8]))).withLongSeconds(Double.parseDouble(args[9]));

        ProviderRegistry registry = ProviderRegistry.ofPlugin(jar, c.major());
        Supplier<? extends Provider> factory;
        String id;
        String origin = jar.toString();
        if (selector.startsWith("@")) {
            String cls = selector.substring(1);
            UnidentifiedProvider u = registry.unidentified().stream().filter(x -> x.className().equals(cls)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(cls + " is not a provider of " + jar));
            factory = u.factory();
            id = cls;
            origin = u.origin();
        } else {
            DiscoveredProvider d = registry.find(kind, selector)
                    .orElseThrow(() -> new IllegalArgumentException(selector + " is not a provider of " + jar));
            factory = d.factory();
            id = d.id();
            origin = d.origin();
        }
        SuiteRun run = new SuiteRun(c, options, factory, kind, id);
        String reportOrigin = origin;
        long started = System.nanoTime();
        boolean[] done = {false};
        Thread hook = new Thread(() -> {
            synchronized (done) {
                if (!done[0]) { // the JVM is ending inside the suite: a provider called System.exit
                    write(results, new Outcome(false, run.currentStep(), new ConformanceReport(run.kind, run.id, run.name,
                            reportOrigin, run.results(), (System.nanoTime() - started) / 1e9)));
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("checking " + kind.flag() + " provider '" + id + "' in a child JVM ...");
        ConformanceReport report = new ConformanceSuite(c, options).run(run, origin);
        synchronized (done) {
            write(results, new Outcome(true, "done", report));
            done[0] = true;
        }
        System.exit(0); // a provider's leftover non-daemon threads must not keep this JVM alive
    }

    private static void write(Path results, Outcome outcome) {
        try {
            Path tmp = results.resolveSibling(results.getFileName() + ".part");
            JSON.writeValue(tmp.toFile(), outcome);
            Files.move(tmp, results, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("cannot write the conformance results: " + e.getMessage());
        }
    }
}
