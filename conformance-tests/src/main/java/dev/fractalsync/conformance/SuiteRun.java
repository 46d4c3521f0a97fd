package dev.fractalsync.conformance;

import dev.fractalsync.api.stats.Percentile;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One run of the suite against one provider, on one thread (the host's threading contract: every call of an
 * instance comes from the same thread, never concurrently).
 */
final class SuiteRun {
    static final String INSTANTIATE = "instantiate";
    static final String KIND = "kind";
    static final String CONTRACT_MAJOR = "contract-major";
    static final String IDENTITY = "identity";
    static final String OPEN = "open";
    static final String PROCESS = "process";
    static final String LATENCY = "latency";
    static final String DETERMINISM = "determinism";
    static final String RESET = "reset";
    static final String CLOSE = "close-idempotent";
    static final String TIMEOUT = "suite-timeout";
    static final String THREAD_LEAK = "thread-leak";
    static final String BLOCK = "block-equals-stream";
    /**
     * Block sizes (in steps) the block check cycles through: the offline engine's 64, a single step and a size that
     * divides neither; the last block is cut short where the steps run out.
     */
    static final int[] BLOCK_SIZES = {64, 1, 7};
    /** Steps of the demo song the block check replays (about 13 s of beat hops): enough for several size cycles. */
    static final int BLOCK_STEPS = 600;
    static final String BLOCK_HINT = "processBlock must return what process returns hop by hop; if you batch inference, "
            + "carry state across blocks exactly as across calls";
    /** How long the provider's own threads get to end after the last close(). */
    static final long THREAD_GRACE_MS = 2000;

    /** Calls excluded from the latency percentiles (class loading, JIT warm-up). */
    static final int WARMUP_CALLS = 10;
    static final double WARN_FRACTION = 0.25;
    /**
     * Once the latency failure of a too-slow provider is certain (and latency is enforced), every further stream is
     * cut to this many steps so a provider that sleeps cannot make the suite run for minutes.
     */
    static final int SHORT_STEPS = 16;
    private static final Pattern ID = Pattern.compile("[a-z0-9-]+");

    private final ModelContract contract;
    private final SuiteOptions options;
    private final Supplier<? extends Provider> factory;
    private final ProviderKind requestedKind;
    private final List<CheckResult> results = new ArrayList<>();
    private volatile boolean abandoned;
    private volatile String currentStep = "starting";
    volatile ProviderKind kind;
    volatile String id;
    volatile String name;

    SuiteRun(ModelContract contract, SuiteOptions options, Supplier<? extends Provider> factory, ProviderKind kind,
             String fallbackId) {
        this.contract = contract;
        this.options = options;
        this.factory = factory;
        this.requestedKind = kind;
        this.kind = kind;
        this.id = fallbackId;
        this.name = "";
    }

    private void add(CheckResult r) {
        synchronized (results) {
            if (!abandoned) {
                results.add(r);
            }
        }
    }

    /** Stops recording (the caller gave up waiting) and returns what was recorded plus the timeout failure. */
    List<CheckResult> abandon(double seconds) {
        synchronized (results) {
            abandoned = true;
            List<CheckResult> out = new ArrayList<>(results);
            out.add(CheckResult.fail(TIMEOUT, String.format(Locale.ROOT, "the suite completes within %.1f s",
                            options.timeout().toMillis() / 1000.0),
                    String.format(Locale.ROOT, "still running after %.1f s, at %s", seconds, currentStep),
                    "a call blocked or loops; a step call has a budget of one hop (" + budgetMillis() + " ms)"));
            return out;
        }
    }

    /** What the run is doing now, for reports about a run that never finished. */
    String currentStep() {
        return currentStep;
    }

    List<CheckResult> results() {
        synchronized (results) {
            return new ArrayList<>(results);
        }
    }

    private String budgetMillis() {
        return String.format(Locale.ROOT, "%.1f", contract.hopSeconds() * 1000);
    }

    void execute() {
        currentStep = "constructing the provider";
        Provider first;
        try {
            first = Objects.requireNonNull(factory.get(), "the factory returned null");
        } catch (Throwable e) {
            add(CheckResult.fail(INSTANTIATE, "the provider can be constructed", describe(e),
                    "the constructor must be public, take no arguments and be cheap (load models in open())"));
            return;
        }
        if (kind == null) {
            for (ProviderKind k : ProviderKind.values()) {
                if (k.spi().isInstance(first)) {
                    kind = k;
                    break;
                }
            }
        }
        if (kind == null || !kind.spi().isInstance(first)) {
            add(CheckResult.fail(KIND, "implements " + (requestedKind == null ? "BeatClockProvider, StructureProvider or "
                            + "ControllerProvider" : requestedKind.spi().getSimpleName()),
                    first.getClass().getName() + " does not", "implement one of the SPIs in dev.fractalsync.api.spi"));
            return;
        }
        Set<Thread> threadsBefore = liveNonDaemonThreads();
        switch (kind) {
            case BEAT -> runKind(new BeatRules(contract, SignalBank.signals(contract, options)), first);
            case STRUCTURE -> runKind(new StructureRules(contract, SignalBank.signals(contract, options), options.decimation()), first);
            case CONTROLLER -> runKind(new ControllerRules(contract, SignalBank.signals(contract, options),
                    options.randomControllerInputs(), options.seed()), first);
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        currentStep = "waiting for the provider's threads to end";
        add(threadLeaks(threadsBefore));
    }

    private static Set<Thread> liveNonDaemonThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isDaemon()) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Non-daemon threads started while the provider ran that are still alive {@value #THREAD_GRACE_MS} ms after the
     * last close(): they would keep the host's JVM from exiting.
     */
    private CheckResult threadLeaks(Set<Thread> before) {
        String expectation = "no non-daemon thread the provider started is still running after close()";
        long deadline = System.nanoTime() + THREAD_GRACE_MS * 1_000_000L;
        List<String> leaked = new ArrayList<>();
        for (Thread t : liveNonDaemonThreads()) {
            if (before.contains(t)) {
                continue;
            }
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive() && !t.isDaemon()) {
                leaked.add("'" + t.getName() + "'");
            }
        }
        return leaked.isEmpty()
                ? CheckResult.pass(THREAD_LEAK, expectation, "none left running")
                : CheckResult.fail(THREAD_LEAK, expectation, leaked.size() + " still running " + THREAD_GRACE_MS
                        + " ms after close(): " + String.join(", ", leaked),
                "shut executors down in close() (and wait for them), or make helper threads daemons; a live "
                        + "non-daemon thread keeps the host from exiting");
    }

    private ProviderContext context() {
        return new ProviderContext(contract, options.decimation(), options.seed(), Map.of());
    }

    private <P extends Provider, O> void runKind(KindRules<P, O> rules, Provider firstInstance) {
        P a = rules.type().cast(firstInstance);
        describeIdentity(a);
        if (!open(a, OPEN)) {
            closeTwice(List.of(a));
            return;
        }

        // main run: every feed, all outputs judged, latency measured
        Violations v = new Violations();
        List<Feed<P, O>> feeds = rules.feeds();
        long planned = feeds.stream().mapToLong(Feed::length).sum();
        long[] nanos = new long[(int) Math.min(planned, Integer.MAX_VALUE)];
        int calls = 0;
        long overBudget = 0;
        long budgetNanos = Math.round(contract.hopSeconds() * 1e9);
        long certainFail = Math.max(3, (planned - WARMUP_CALLS) / 100);
        boolean tooSlow = false;
        List<O> reference = new ArrayList<>();
        int outputs = 0;
        int referenceLength = 0;
        for (int f = 0; f < feeds.size(); f++) {
            Feed<P, O> feed = feeds.get(f);
            int length = tooSlow ? Math.min(SHORT_STEPS, feed.length()) : feed.length();
            O previous = null;
            for (int s = 0; s < length; s++) {
                String where = feed.where(s);
                currentStep = "process at " + where;
                long t0 = System.nanoTime();
                O out = call(rules, feed, a, s, where, v);
                long dt = System.nanoTime() - t0;
                nanos[calls++] = dt;
                if (calls > WARMUP_CALLS && dt > budgetNanos) {
                    overBudget++;
                }
                if (f == 0) {
                    reference.add(out);
                }
                if (out != null) {
                    outputs++;
                    rules.inspect(out, previous, feed.tSec(s), where, v);
                    previous = out;
                }
                if (!tooSlow && options.enforceLatency() && overBudget > certainFail) { // lenient runs keep full coverage
                    tooSlow = true;
                    length = Math.min(length, s + 1);
                }
            }
            if (f == 0) {
                referenceLength = tooSlow ? Math.min(length, SHORT_STEPS) : length;
            }
        }

        String process = v.describe(PROCESS);
        add(process == null
                ? CheckResult.pass(PROCESS, "every call with valid input returns a non-null output without throwing "
                + "(all calls from one thread)", calls + " calls over " + feeds.size() + " signals")
                : CheckResult.fail(PROCESS, "every call with valid input returns a non-null output without throwing "
                + "(all calls from one thread)", process, "catch model errors inside process and return a safe state; "
                + "the host holds the last state and falls back after repeated failures"));
        for (KindRules.OutputCheck c : rules.outputChecks()) {
            String bad = v.describe(c.name());
            if (bad == null) {
                bad = rules.finish(c.name());
            }
            if (bad == null && outputs == 0) {
                add(CheckResult.warn(c.name(), c.expectation(), "not judged: no call returned an output",
                        "fix the failing checks above first"));
            } else if (bad == null) {
                add(CheckResult.pass(c.name(), c.expectation(), outputs + " outputs conform" + rules.passSummary(c.name())));
            } else {
                add(new CheckResult(c.name(), c.expectation(), bad, c.hint(), c.onViolation()));
            }
        }
        add(latency(Arrays.copyOf(nanos, calls), tooSlow, budgetNanos));

        // determinism: a second fresh instance on the first feed; then reset: the same instance replays its start
        currentStep = "constructing a second instance";
        P b;
        try {
            b = rules.type().cast(Objects.requireNonNull(factory.get(), "the factory returned null"));
        } catch (Throwable e) {
            add(CheckResult.fail(DETERMINISM, "two fresh instances with seed " + options.seed() + " give identical outputs",
                    "second instance: " + describe(e), "the factory must create a new instance on every call"));
            closeTwice(List.of(a));
            return;
        }
        if (b == a) {
            add(CheckResult.fail(DETERMINISM, "two fresh instances with seed " + options.seed() + " give identical outputs",
                    "the factory returned the same instance twice", "return a new instance on every call"));
            closeTwice(List.of(a));
            return;
        }
        String determinismExpectation = "two fresh instances with seed " + options.seed() + " give identical outputs";
        if (open(b, DETERMINISM)) {
            Feed<P, O> replay = rules.feeds().get(0);
            String diff = compare(rules, replay, b, reference, referenceLength, "first instance", "second instance");
            add(diff == null
                    ? CheckResult.pass(DETERMINISM, determinismExpectation, referenceLength + " outputs of " + replay.signal()
                    + " identical")
                    : CheckResult.fail(DETERMINISM, determinismExpectation, diff,
                    "derive all randomness from ProviderContext.seed(); no wall clock, no shared static state"));
            String resetExpectation = "after reset() the first " + options.resetSteps() + " outputs equal those of a fresh run";
            currentStep = "reset()";
            boolean resetRestores = false;
            try {
                b.reset();
                int n = Math.min(options.resetSteps(), referenceLength);
                String resetDiff = compare(rules, rules.feeds().get(0), b, reference, n, "fresh run", "after reset()");
                resetRestores = resetDiff == null;
                add(resetDiff == null
                        ? CheckResult.pass(RESET, resetExpectation, n + " outputs identical")
                        : CheckResult.fail(RESET, resetExpectation, resetDiff,
                        "reset() must clear every piece of stream state (buffers, recurrent state, counters)"));
            } catch (Throwable e) {
                add(CheckResult.fail(RESET, resetExpectation, "reset() threw " + describe(e), "reset() must not throw"));
            }
            String notJudged = diff != null ? "the outputs are not reproducible (see determinism)"
                    : resetRestores ? null : "reset() does not restore a fresh run (see reset)";
            Optional<KindRules.BlockRules<P, O>> block = rules.blockRules();
            if (block.isPresent()) {
                blockEqualsStream(block.get(), b, reference, referenceLength, notJudged);
            }
        }
        closeTwice(List.of(a, b));
    }

    /**
     * Resets {@code provider} and replays the first feed's first {@value #BLOCK_STEPS} steps through its block call in
     * blocks of {@link #BLOCK_SIZES}; every output must match the per-step output of the fresh run in
     * {@code reference}. Not judged when a per-step call in that range failed.
     */
    private <P extends Provider, O> void blockEqualsStream(KindRules.BlockRules<P, O> block, P provider,
                                                           List<O> reference, int referenceLength, String notJudged) {
        String expectation = block.blockExpectation();
        if (notJudged != null) {
            add(CheckResult.warn(BLOCK, expectation, "not judged: " + notJudged, "fix the failing checks above first"));
            return;
        }
        int steps = Math.min(BLOCK_STEPS, referenceLength);
        long failedSteps = reference.subList(0, steps).stream().filter(Objects::isNull).count();
        if (steps == 0 || failedSteps > 0) { // a throw fails the whole block, so such blocks cannot match
            add(CheckResult.warn(BLOCK, expectation, "not judged: " + (steps == 0 ? "the demo song gave no step"
                            : "process failed on " + failedSteps + " of the first " + steps + " steps (see process)"),
                    "fix the failing checks above first"));
            return;
        }
        currentStep = "reset() before processBlock";
        try {
            provider.reset();
        } catch (Throwable e) {
            add(CheckResult.fail(BLOCK, expectation, "reset() threw " + describe(e), "reset() must not throw"));
            return;
        }
        BlockFeed<P, O> feed = block.blockFeed(Arrays.stream(BLOCK_SIZES).max().orElseThrow());
        String firstMismatch = null;
        int mismatches = 0;
        int blocks = 0;
        for (int start = 0; start < steps; blocks++) {
            int size = Math.min(BLOCK_SIZES[blocks % BLOCK_SIZES.length], steps - start);
            currentStep = "processBlock at " + feed.where(start) + " (block of " + size + ")";
            List<O> outs;
            try {
                outs = feed.stepBlock(provider, start, size);
            } catch (Throwable e) {
                add(CheckResult.fail(BLOCK, expectation, feed.where(start) + ": processBlock of a block of " + size
                        + " threw " + describe(e), BLOCK_HINT));
                return;
            }
            for (int i = 0; i < size; i++) {
                O stream = reference.get(start + i);
                O blockOut = outs.get(i);
                String d = blockOut == null ? "processBlock wrote no output (null), process gave " + stream
                        : block.blockDifference(stream, blockOut);
                if (d != null && mismatches++ == 0) {
                    firstMismatch = feed.where(start + i) + ", input " + (i + 1) + " of a block of " + size + ": " + d;
                }
            }
            start += size;
        }
        if (firstMismatch != null) {
            add(CheckResult.fail(BLOCK, expectation, firstMismatch + (mismatches == 1 ? "" : " (and " + (mismatches - 1)
                    + " more)"), BLOCK_HINT));
        } else {
            add(CheckResult.pass(BLOCK, expectation, steps + " outputs of " + feed.signal() + " in " + blocks
                    + " blocks of " + Arrays.toString(BLOCK_SIZES) + " match"));
        }
    }

    private <P extends Provider, O> O call(KindRules<P, O> rules, Feed<P, O> feed, P provider, int step, String where,
                                           Violations v) {
        try {
            O out = feed.step(provider, step);
            if (out == null) {
                v.add(PROCESS, where + ": returned null");
            }
            return out;
        } catch (Throwable e) { // errors included: out of memory and stack overflow are provider failures too
            String[] field = recordField(e);
            String check = field == null ? null : rules.checkForField(field[1]);
            if (check != null) {
                v.add(check, where + ": the provider built an invalid " + field[0] + " (" + e.getMessage() + ")");
            } else {
                v.add(PROCESS, where + ": threw " + describe(e));
            }
            return null;
        }
    }

    /**
     * When {@code e} was thrown by a constructor of an api state record (which validates every field), returns the
     * record's simple name and the field it names; else null.
     */
    static String[] recordField(Throwable e) {
        if (!(e instanceof IllegalArgumentException) || e.getMessage() == null) {
            return null;
        }
        for (StackTraceElement el : e.getStackTrace()) {
            String cls = el.getClassName();
            if (cls.startsWith("dev.fractalsync.api.") && cls.lastIndexOf('.') == "dev.fractalsync.api".length()
                    && el.getMethodName().equals("<init>")) {
                String msg = e.getMessage();
                int end = 0;
                while (end < msg.length() && (Character.isLetterOrDigit(msg.charAt(end)) || msg.charAt(end) == '_')) {
                    end++;
                }
                return new String[]{cls.substring(cls.lastIndexOf('.') + 1), msg.substring(0, end)};
            }
        }
        return null;
    }

    private <P extends Provider, O> String compare(KindRules<P, O> rules, Feed<P, O> feed, P provider, List<O> expected,
                                                   int n, String expectedName, String actualName) {
        for (int s = 0; s < n; s++) {
            String where = feed.where(s);
            currentStep = "process at " + where + " (" + actualName + ")";
            O out;
            try {
                out = feed.step(provider, s);
            } catch (Throwable e) {
                out = null;
            }
            if (!Objects.equals(out, expected.get(s))) {
                return where + ": " + expectedName + " gave " + expected.get(s) + ", " + actualName + " gave " + out;
            }
        }
        return null;
    }

    private CheckResult latency(long[] nanos, boolean tooSlow, long budgetNanos) {
        double budgetMs = budgetNanos / 1e6;
        String expectation = String.format(Locale.ROOT, "p99 per-call latency ≤ %.1f ms (one hop; WARN above %.0f%% = %.1f ms)",
                budgetMs, WARN_FRACTION * 100, budgetMs * WARN_FRACTION);
        long[] measured = nanos.length > WARMUP_CALLS ? Arrays.copyOfRange(nanos, WARMUP_CALLS, nanos.length) : nanos.clone();
        if (measured.length == 0) {
            return CheckResult.warn(LATENCY, expectation, "no calls measured", "");
        }
        Arrays.sort(measured);
        double p50 = Percentile.ofSorted(measured, 0.50) / 1e6;
        double p99 = Percentile.ofSorted(measured, 0.99) / 1e6;
        double max = measured[measured.length - 1] / 1e6;
        String observed = String.format(Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d calls", p50, p99, max,
                measured.length) + (tooSlow ? "; stopped early: over 1% of the calls exceeded the budget, so the "
                + "remaining signals ran " + SHORT_STEPS + " steps each" : "");
        String hint = "move model loading into open(), avoid allocation and locks per call, or use a smaller model";
        if (tooSlow || p99 > budgetMs) {
            return options.enforceLatency()
                    ? CheckResult.fail(LATENCY, expectation, observed, hint)
                    : CheckResult.warn(LATENCY, expectation, observed + " (latency not enforced in this run)", hint);
        }
        if (p99 > budgetMs * WARN_FRACTION) {
            return CheckResult.warn(LATENCY, expectation, observed, hint);
        }
        return CheckResult.pass(LATENCY, expectation, observed);
    }

    private void describeIdentity(Provider p) {
        currentStep = "id(), name(), contractMajor()";
        try {
            int major = p.contractMajor();
            String expectation = "contractMajor() == " + contract.major() + " (the contract " + contract.version() + ")";
            add(major == contract.major()
                    ? CheckResult.pass(CONTRACT_MAJOR, expectation, "declares " + major)
                    : CheckResult.fail(CONTRACT_MAJOR, expectation, "declares contract major " + major,
                    "implement contract " + contract.major() + ".x; the host refuses providers of another major version"));
        } catch (RuntimeException e) {
            add(CheckResult.fail(CONTRACT_MAJOR, "contractMajor() == " + contract.major(), "contractMajor() threw " + describe(e), ""));
        }
        String expectation = "id() matches [a-z0-9-]+ and name() is not empty";
        try {
            String pid = p.id();
            String pname = p.name();
            if (pid != null) {
                id = pid;
            }
            name = pname == null ? "" : pname;
            List<String> problems = new ArrayList<>();
            if (pid == null || !ID.matcher(pid).matches()) {
                problems.add("id '" + pid + "' is not lowercase letters, digits and '-'");
            }
            if (pname == null || pname.isBlank()) {
                problems.add("name is empty");
            }
            add(problems.isEmpty()
                    ? CheckResult.pass(IDENTITY, expectation, "id '" + pid + "', name '" + pname + "'")
                    : CheckResult.fail(IDENTITY, expectation, String.join("; ", problems),
                    "the id is what users type after --" + kind.flag() + "="));
        } catch (RuntimeException e) {
            add(CheckResult.fail(IDENTITY, expectation, "id() or name() threw " + describe(e), ""));
        }
    }

    /** Opens {@code p}; on failure records a FAIL under {@code check} and returns false. */
    private boolean open(Provider p, String check) {
        currentStep = "open()";
        String expectation = "open(ProviderContext) succeeds with the contract, decimation " + options.decimation()
                + ", seed " + options.seed() + " and no options";
        try {
            p.open(context());
            if (check.equals(OPEN)) {
                add(CheckResult.pass(OPEN, expectation, "opened"));
            }
            return true;
        } catch (ProviderException e) {
            add(CheckResult.fail(check, expectation, "open() refused: " + e.getMessage(),
                    "defaults must work without options; ship models inside the JAR"));
        } catch (Throwable e) {
            add(CheckResult.fail(check, expectation, "open() threw " + describe(e),
                    "report expected problems as a ProviderException with a message for the user"));
        }
        return false;
    }

    private void closeTwice(List<Provider> instances) {
        currentStep = "close()";
        String expectation = "close() can be called twice without throwing";
        for (Provider p : instances) {
            for (int i = 1; i <= 2; i++) {
                try {
                    p.close();
                } catch (Throwable e) {
                    add(CheckResult.fail(CLOSE, expectation, (i == 1 ? "first" : "second") + " close() threw " + describe(e),
                            "guard release code with a closed flag"));
                    return;
                }
            }
        }
        add(CheckResult.pass(CLOSE, expectation, instances.size() + " instance(s) closed twice"));
    }

    static String describe(Throwable e) {
        while ((e instanceof java.util.ServiceConfigurationError || e instanceof ExceptionInInitializerError)
                && e.getCause() != null) {
            e = e.getCause(); // what the constructor or static initializer threw is what the author needs
        }
        String msg = e.getMessage();
        if (msg != null) {
            int nl = msg.indexOf('\n');
            msg = nl < 0 ? msg : msg.substring(0, nl);
        }
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
