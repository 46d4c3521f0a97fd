package dev.fractalsync.clock;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs one provider so that it cannot stop the clock that calls it. Everything it throws ({@link Error}s such as
 * {@code StackOverflowError} and {@code OutOfMemoryError} included) and invalid outputs are caught, the previous
 * output is held, every failure is counted and each kind of failure is logged once, in one line. Every call runs on
 * the provider's own {@link ProviderThread}:
 * <ul>
 *   <li>with a budget (live mode) a call that overruns it is left running: the clock moves on with the held output,
 *       and until that call returns the provider is skipped (it is never called concurrently). Such a call is late,
 *       not failed: on a busy machine a cheap provider's thread may simply not be scheduled in time. Lateness is
 *       logged once, shows in {@link #status()} only while more than {@value #LATE_STATUS_SHARE_PERCENT} % of the
 *       recent calls are late, and switches to the fallback only after a run of late calls and only to a provider
 *       of another kind (never {@code rules} for {@code rules});</li>
 *   <li>without a budget (offline mode) the caller waits for each call, so results are deterministic;</li>
 *   <li>in both modes a watchdog ({@link #DEFAULT_TIMEOUT} unless set) abandons a call that has not returned in
 *       time: that instance is never called again and the guard switches to the fallback at once.</li>
 * </ul>
 * A provider that throws a {@link VirtualMachineError} (out of memory, stack overflow) is replaced at once as well;
 * otherwise the guard switches, once, after {@code maxConsecutiveFailures} failures in a row.
 */
public final class GuardedProvider<P extends Provider> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedProvider.class);
    /** The watchdog's default limit per provider call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final String FALLBACK_ID = "\u0000fallback\u0000";

    /**
     * Whether a provider's outputs hang together over time (a beat clock that is physically possible): an output
     * that does not is replaced by the fallback at once, in one line naming the provider and what it did.
     */
    public interface Coherence<O> {
        /** Null when {@code output} is coherent with those before it (it then becomes the reference), else what the provider did. */
        String incoherence(O output);

        /** When what the provider threw shows an incoherent output (a state it could not build): what it did; else null. */
        default String incoherence(Throwable thrown) {
            return null;
        }
    }

    private final String role;
    private final ProviderContext context;
    private final Supplier<? extends P> fallback;
    private volatile long budgetNanos;
    private final long timeoutNanos;
    private final int maxConsecutiveFailures;
    private final Set<String> loggedKinds = new HashSet<>();
    private P provider;
    private ProviderThread thread;
    private boolean abandoned;
    private int consecutiveFailures;
    private long failures;
    private long calls;
    /** Time spent inside the provider's calls and blocks, on its thread (written there, read after a hand-back). */
    private long blockWaitNanos;
    private final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();
    private boolean fellBack;
    private String status = "";
    /** A call in {@value #LATE_WINDOW_CALLS} is weighed in the share of late calls the status shows. */
    private static final int LATE_WINDOW_CALLS = 100;
    static final int LATE_STATUS_SHARE_PERCENT = 5;
    private long lateCalls;
    private int consecutiveLate;
    private double lateShare;
    private boolean lateLogged;
    /** A switch for lateness found the fallback to be the same kind of provider: not tried again. */
    private boolean lateSwitchRefused;

    /**
     * A guard with the default watchdog and a fresh provider thread.
     *
     * @param role     what the provider does, for messages ("beat", "structure", "controller")
     * @param provider the opened provider to guard
     * @param fallback opened replacement used after repeated failure (may be null: then the output is held forever)
     * @param budgetNanos per-call budget; 0 waits for every call (offline, deterministic)
     */
    public GuardedProvider(String role, P provider, ProviderContext context, Supplier<? extends P> fallback,
                           long budgetNanos, int maxConsecutiveFailures) {
        this(role, provider, context, fallback, budgetNanos, maxConsecutiveFailures, new ProviderThread(role),
                DEFAULT_TIMEOUT);
    }

    /**
     * @param thread  the thread the provider was opened on (every later call runs there too)
     * @param timeout the watchdog's limit per call
     */
    public GuardedProvider(String role, P provider, ProviderContext context, Supplier<? extends P> fallback,
                           long budgetNanos, int maxConsecutiveFailures, ProviderThread thread, Duration timeout) {
        if (!(timeout.toNanos() > 0)) {
            throw new IllegalArgumentException("the provider timeout must be > 0, got " + timeout);
        }
        this.role = role;
        this.provider = provider;
        this.context = context;
        this.fallback = fallback;
        this.budgetNanos = budgetNanos;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.thread = thread;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Opens {@code provider} with {@code context} on the caller's thread; any failure is a one-line ProviderException. */
    public static <P extends Provider> P open(P provider, ProviderContext context) throws ProviderException {
        try {
            provider.open(context);
            return provider;
        } catch (ProviderException e) {
            throw e;
        } catch (Throwable e) {
            throw new ProviderException(safeId(provider) + ": failed to open (" + describe(e) + ")", e);
        }
    }

    /**
     * Constructs a provider with {@code factory} and opens it, both on {@code thread} within {@code timeout}; any
     * failure (including a timeout, after which the thread is abandoned) is a one-line ProviderException.
     *
     * @param what names the provider in messages when construction fails ("beat provider 'x'")
     */
    public static <P extends Provider> P open(Supplier<? extends P> factory, ProviderContext context, ProviderThread thread,
                                              Duration timeout, String what) throws ProviderException {
        try {
            return thread.call(() -> {
                P p;
                try {
                    p = factory.get();
                } catch (Throwable e) {
                    Throwable cause = e;
                    while ((cause instanceof java.util.ServiceConfigurationError
                            || cause instanceof ExceptionInInitializerError) && cause.getCause() != null) {
                        cause = cause.getCause(); // what the constructor or static initializer threw
                    }
                    throw new ProviderException(what + " could not be constructed (" + describe(cause) + ")", e);
                }
                return open(p, context);
            }, timeout.toNanos());
        } catch (TimeoutException e) {
            thread.abandon();
            throw new ProviderException(what + " did not finish constructing and opening within "
                    + seconds(timeout.toNanos()) + "; abandoned");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException pe) {
                throw pe;
            }
            throw new ProviderException(what + ": failed to open (" + describe(e.getCause()) + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(what + ": interrupted while opening");
        }
    }

    /**
     * Calls the provider. Returns its output when it is valid, otherwise {@code held}.
     *
     * @param valid checks the output (e.g. beat count monotonic); a rejected output counts as a failure
     */
    public <O> O call(Function<P, O> step, Predicate<O> valid, O held) {
        return call(step, valid, null, held);
    }

    /**
     * Calls the provider. Returns its output when it is coherent, otherwise {@code held}; an incoherent output (or a
     * throw that {@code coherence} recognises as one) replaces the provider by the fallback at once.
     */
    public <O> O callCoherent(Function<P, O> step, Coherence<O> coherence, O held) {
        return call(step, o -> true, coherence, held);
    }

    private <O> O call(Function<P, O> step, Predicate<O> valid, Coherence<O> coherence, O held) {
        calls++;
        if (abandoned) {
            return held; // stuck and no fallback: hold for good
        }
        if (thread.busy()) {
            if (thread.busyNanos() > timeoutNanos) {
                abandon("a call");
            }
            return held; // an earlier call overran its budget and still runs: skip, keep the state
        }
        P p = provider;
        O out;
        try {
            out = run(() -> {
                long started = System.nanoTime();
                try {
                    return step.apply(p);
                } finally {
                    busyNanos.addAndGet(System.nanoTime() - started);
                }
            }, budgetNanos > 0 ? Math.min(budgetNanos, timeoutNanos) : timeoutNanos);
        } catch (TimeoutException e) {
            if (budgetNanos > 0 && budgetNanos < timeoutNanos) {
                late();
            } else {
                abandon("a call");
            }
            return held;
        } catch (ExecutionException e) {
            onTime();
            failWith(e.getCause(), "", coherence);
            return held;
        }
        onTime();
        return checked(out, valid, coherence, held);
    }

    /** A live call overran its budget: its output is held, and a long run of such calls tries a faster fallback. */
    private void late() {
        lateCalls++;
        consecutiveLate++;
        lateShare += (1 - lateShare) / LATE_WINDOW_CALLS;
        if (!lateLogged) {
            lateLogged = true;
            LOG.info("{} provider '{}' ran over its {} ms budget (a busy machine?); its last output is held until it "
                    + "catches up", role, provider.id(), budgetMillis());
        }
        if (consecutiveLate >= maxConsecutiveFailures && !fellBack && !lateSwitchRefused && fallback != null) {
            consecutiveLate = 0;
            if (!switchToFallback("too slow", role + " provider '" + provider.id() + "' is too slow for live use: "
                    + maxConsecutiveFailures + " calls in a row over its " + budgetMillis() + " ms budget; switched to "
                    + "fallback '" + FALLBACK_ID + "'")) {
                lateSwitchRefused = true;
            }
        }
    }

    private void onTime() {
        consecutiveLate = 0;
        lateShare -= lateShare / LATE_WINDOW_CALLS;
    }

    private String budgetMillis() {
        return String.format(java.util.Locale.ROOT, "%.0f", budgetNanos / 1e6);
    }

    /** Live calls that overran the budget (their output held), counted apart from failures. */
    public long lateCalls() {
        return lateCalls;
    }

    /**
     * Steps a provider runs in one hand-off to its thread, submitted with {@link #submitBlock} and read hop by hop
     * with {@link #accept}: offline the provider works on the next block while the caller publishes this one, and
     * may batch its work across the block.
     */
    public static final class Block<O> {
        private final Provider provider;
        private final Future<?> future;
        private final O[] outputs;
        private final long timeoutNanos;
        private boolean awaited;
        private boolean timedOut;
        private Throwable failure;

        private Block(Provider provider, Future<?> future, O[] outputs, long timeoutNanos) {
            this.provider = provider;
            this.future = future;
            this.outputs = outputs;
            this.timeoutNanos = timeoutNanos;
        }

        /** The provider instance that runs the block. */
        public Provider provider() {
            return provider;
        }
    }

    /** Whether {@link #submitBlock} may be used now: offline (no budget) and not given up on. */
    public boolean acceptsBlocks() {
        return budgetNanos == 0 && !abandoned;
    }

    /**
     * Offline only: queues {@code step}, which must fill {@code outputs[0..count)} for {@code count} consecutive hops,
     * on the provider thread and returns at once. Blocks run in submission order. The watchdog allows a block the
     * per-call limit (a provider needing longer for 64 hops would be several times slower than real time); a throw
     * fails every hop of the block.
     */
    public <O> Block<O> submitBlock(int count, java.util.function.BiConsumer<P, O[]> step, O[] outputs) {
        if (!acceptsBlocks()) {
            throw new IllegalStateException(role + ": blocks are for offline use with a working provider");
        }
        P p = provider;
        Future<?> f = thread.submit(() -> {
            long started = System.nanoTime();
            try {
                step.accept(p, outputs);
            } finally {
                busyNanos.addAndGet(System.nanoTime() - started);
            }
            return null;
        });
        return new Block<>(p, f, outputs, timeoutNanos);
    }

    /**
     * Hop {@code i} of {@code block}, accounted as {@link #call} accounts one call: the output when valid, otherwise
     * {@code held} (a failure is counted, logged once per kind, and may switch to the fallback). Waits for the block
     * first; a block that outlives the watchdog abandons the provider.
     */
    public <O> O accept(Block<O> block, int i, Predicate<O> valid, O held) {
        return accept(block, i, valid, null, held);
    }

    /** {@link #accept(Block, int, Predicate, Object)} with the outputs held to {@code coherence}, as {@link #callCoherent}. */
    public <O> O acceptCoherent(Block<O> block, int i, Coherence<O> coherence, O held) {
        return accept(block, i, o -> true, coherence, held);
    }

    private <O> O accept(Block<O> block, int i, Predicate<O> valid, Coherence<O> coherence, O held) {
        await(block);
        calls++;
        if (block.timedOut || abandoned || block.provider != provider) {
            return held;
        }
        if (block.failure != null) {
            failWith(block.failure, "", coherence);
            return held;
        }
        return checked(block.outputs[i], valid, coherence, held);
    }

    /** A returned output: itself when valid (the failure run ends), else {@code held} with the failure counted. */
    private <O> O checked(O out, Predicate<O> valid, Coherence<O> coherence, O held) {
        if (out == null) {
            fail("null output", "returned null");
            return held;
        }
        if (!valid.test(out)) {
            fail("invalid output", "returned an invalid value: " + out);
            return held;
        }
        String incoherent = coherence == null ? null : coherence.incoherence(out);
        if (incoherent != null) {
            incoherent(incoherent);
            return held;
        }
        consecutiveFailures = 0;
        return out;
    }

    /**
     * The provider's output is incoherent ({@code what} it did): replaced by the fallback at once, in one line; the
     * fallback itself (or a guard without one) is held to its last state instead, as for an invalid output.
     */
    private void incoherent(String what) {
        failures++;
        if (!fellBack && fallback != null && switchToFallback("incoherent", role + " provider '" + safeId(provider)
                + "' is incoherent: it " + what + "; switched to fallback '" + FALLBACK_ID + "' at once")) {
            return;
        }
        failures--;
        fail("incoherent", what);
    }

    /** Waits for {@code block} (within the watchdog's limit); later {@link #accept}s return at once. */
    void await(Block<?> block) {
        if (block.awaited) {
            return;
        }
        block.awaited = true;
        long started = System.nanoTime();
        try {
            block.future.get(block.timeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            block.timedOut = true;
            if (block.provider == provider && !abandoned) {
                abandon("a call"); // the user sees calls, whatever the engine batched
            }
        } catch (ExecutionException e) {
            block.failure = e.getCause();
        } catch (java.util.concurrent.CancellationException e) {
            block.failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            block.failure = e;
        } finally {
            blockWaitNanos += System.nanoTime() - started;
        }
    }

    /** Nanoseconds the caller has waited for blocks ({@link #accept}) so far. */
    public long blockWaitNanos() {
        return blockWaitNanos;
    }

    private <T> T run(Callable<T> task, long deadlineNanos) throws TimeoutException, ExecutionException {
        try {
            return thread.call(task, deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    private void failWith(Throwable cause, String during, Coherence<?> coherence) {
        String incoherent = coherence == null ? null : coherence.incoherence(cause);
        if (incoherent != null) {
            incoherent(incoherent);
            return;
        }
        failWith(cause, during);
    }

    private void failWith(Throwable cause, String during) {
        String kind = cause.getClass().getSimpleName();
        if (cause instanceof VirtualMachineError && !fellBack && fallback != null) {
            failures++; // its memory or stack state cannot be trusted: replaced at once
            if (switchToFallback(kind, role + " provider '" + provider.id() + "' failed: " + during
                    + describe(cause) + "; switched to fallback '" + FALLBACK_ID + "' at once")) {
                return;
            }
            failures--;
        }
        fail(kind, during + describe(cause));
    }

    /** The watchdog fired: this instance is never called again. */
    private void abandon(String what) {
        String kind = "no return within " + seconds(timeoutNanos);
        failures++;
        thread.abandon();
        if (fellBack || fallback == null || !switchToFallback(kind, role + " provider '" + provider.id() + "': " + what
                + " did not return within " + seconds(timeoutNanos) + "; abandoned it and switched to fallback '"
                + FALLBACK_ID + "' (--provider-timeout)")) {
            LOG.warn("{} provider '{}': {} did not return within {}; abandoned it, holding the last state from now on",
                    role, provider.id(), what, seconds(timeoutNanos));
            status = role + ": " + provider.id() + " stuck (" + kind + ")";
            abandoned = true;
        }
    }

    private void fail(String kind, String detail) {
        failures++;
        consecutiveFailures++;
        if (loggedKinds.add(kind)) {
            LOG.warn("{} provider '{}' failed ({}): {}; holding the last state", role, provider.id(), kind, detail);
        }
        status = role + ": " + provider.id() + " failing (" + kind + ")";
        if (consecutiveFailures >= maxConsecutiveFailures && !fellBack && fallback != null) {
            switchToFallback(kind, null);
        }
    }

    /**
     * Replaces the provider with the fallback and logs one line: {@code announcement} with {@link #FALLBACK_ID} for
     * the fallback's id, or (null) the count of failures in a row.
     */
    private boolean switchToFallback(String kind, String announcement) {
        P failed = provider;
        P replacement;
        try {
            replacement = fallback.get();
        } catch (RuntimeException e) {
            LOG.warn("fallback {} provider failed to start: {}", role, describe(e));
            replacement = null;
        }
        if (replacement == null) {
            return false;
        }
        if (kind.equals("too slow") && replacement.id().equals(failed.id())) {
            try { // the same kind of provider would be no faster: keep the one running
                replacement.close();
            } catch (Exception | LinkageError e) {
                LOG.debug("closing an unused fallback {} provider failed: {}", role, describe(e));
            }
            return false;
        }
        fellBack = true;
        if (announcement == null) {
            LOG.warn("{} provider '{}' failed {} times in a row (last: {}); switching to fallback '{}'",
                    role, failed.id(), consecutiveFailures, kind, replacement.id());
        } else {
            LOG.warn("{}", announcement.replace(FALLBACK_ID, replacement.id()));
        }
        status = role + ": fallback to " + replacement.id() + " (" + failed.id()
                + (kind.equals("too slow") ? " too slow" : " failed: " + kind) + ")";
        if (thread.busy()) {
            thread.abandon(); // a hung call keeps its own thread; the replacement gets a fresh one
        } else {
            closeQuietly(failed);
            thread.shutdown();
        }
        thread = new ProviderThread(role);
        provider = replacement;
        consecutiveFailures = 0;
        loggedKinds.clear();
        return true;
    }

    /** Closes {@code p} on its thread; a close that throws or hangs must not fail the host. */
    private void closeQuietly(P p) {
        try {
            thread.call(() -> {
                p.close();
                return null;
            }, timeoutNanos);
        } catch (TimeoutException e) {
            thread.abandon();
            LOG.warn("{} provider '{}': close() did not return within {}; abandoned it", role, safeId(p), seconds(timeoutNanos));
        } catch (ExecutionException | IllegalStateException e) {
            // closing a failed provider must not fail the host
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        if (msg != null) {
            int nl = msg.indexOf('\n');
            msg = nl < 0 ? msg : msg.substring(0, nl);
        }
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    private static String safeId(Provider p) {
        try {
            return p.id();
        } catch (Throwable e) {
            return p.getClass().getName();
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    public long budgetNanos() {
        return budgetNanos;
    }

    /** Sets the per-call budget (0 = wait for every call, only the watchdog limits it). */
    public void setBudgetNanos(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** The watchdog's limit per call. */
    public Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    /** Forgets failures counted so far (after a warm-up pass); does not undo a switch to the fallback. */
    public void clearFailures() {
        failures = 0;
        consecutiveFailures = 0;
        loggedKinds.clear();
        lateCalls = 0;
        consecutiveLate = 0;
        lateShare = 0;
        lateLogged = false;
        status = fellBack || abandoned ? status : "";
    }

    /** The provider currently in use (the fallback after a switch). */
    public P current() {
        return provider;
    }

    public boolean fellBack() {
        return fellBack;
    }

    public long failures() {
        return failures;
    }

    public long calls() {
        return calls;
    }

    /** Nanoseconds the provider has spent in step calls and blocks so far, measured on its own thread. */
    public long busyNanos() {
        return busyNanos.get();
    }

    /** A short human-readable status for HUDs and logs; empty while healthy. */
    public String status() {
        if (!status.isEmpty() || lateShare * 100 <= LATE_STATUS_SHARE_PERCENT) {
            return status;
        }
        return String.format(java.util.Locale.ROOT, "%s: %s late (%.0f %% of recent calls over the %s ms budget)",
                role, provider.id(), lateShare * 100, budgetMillis());
    }

    public ProviderContext context() {
        return context;
    }

    /** Resets the provider (guarded: a failing reset counts as a failure, a hanging one trips the watchdog). */
    public void reset() {
        if (abandoned || thread.busy()) {
            return;
        }
        P p = provider;
        try {
            run(() -> {
                p.reset();
                return null;
            }, timeoutNanos);
        } catch (TimeoutException e) {
            abandon("reset()");
        } catch (ExecutionException e) {
            failWith(e.getCause(), "reset failed: ");
        }
    }

    @Override
    public void close() {
        if (!abandoned && !thread.busy()) {
            closeQuietly(provider);
        }
        thread.abandon();
    }
}
