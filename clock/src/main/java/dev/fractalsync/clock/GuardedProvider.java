package dev.fractalsync.clock;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs one provider so that it cannot stop the clock that calls it. Exceptions and invalid outputs are caught, the
 * previous output is held, every failure is counted and each kind of failure is logged once. With a budget (live
 * mode) each call runs on the provider's own thread and a call that overruns is abandoned: the clock moves on with
 * the held output, and until that call returns the provider is skipped (it is never called concurrently). After
 * {@code maxConsecutiveFailures} failures in a row the guard switches, once, to the fallback provider and says so.
 * Without a budget (offline mode) calls run on the caller's thread, so results are deterministic.
 */
public final class GuardedProvider<P extends Provider> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedProvider.class);

    private final String role;
    private final ProviderContext context;
    private final Supplier<? extends P> fallback;
    private volatile long budgetNanos;
    private final int maxConsecutiveFailures;
    private final Set<String> loggedKinds = new HashSet<>();
    private P provider;
    private ExecutorService executor;
    private Future<?> pending;
    private int consecutiveFailures;
    private long failures;
    private long calls;
    private boolean fellBack;
    private String status = "";

    /**
     * @param role     what the provider does, for messages ("beat", "structure", "controller")
     * @param provider the opened provider to guard
     * @param fallback opened replacement used after repeated failure (may be null: then the output is held forever)
     * @param budgetNanos per-call budget; 0 runs calls on the caller's thread without a deadline
     */
    public GuardedProvider(String role, P provider, ProviderContext context, Supplier<? extends P> fallback,
                           long budgetNanos, int maxConsecutiveFailures) {
        this.role = role;
        this.provider = provider;
        this.context = context;
        this.fallback = fallback;
        this.budgetNanos = budgetNanos;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Opens {@code provider} with {@code context}; a failure to open is reported as a ProviderException. */
    public static <P extends Provider> P open(P provider, ProviderContext context) throws ProviderException {
        try {
            provider.open(context);
            return provider;
        } catch (ProviderException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ProviderException(provider.id() + ": failed to open (" + e + ")", e);
        }
    }

    /**
     * Calls the provider. Returns its output when it is valid, otherwise {@code held}.
     *
     * @param valid checks the output (e.g. beat count monotonic); a rejected output counts as a failure
     */
    public <O> O call(Function<P, O> step, Predicate<O> valid, O held) {
        calls++;
        if (pending != null) {
            if (!pending.isDone()) {
                return held; // the abandoned call is still running: skip, keep the state
            }
            pending = null;
        }
        O out;
        try {
            out = budgetNanos > 0 ? callWithBudget(step) : step.apply(provider);
        } catch (TimeoutException e) {
            fail("over budget", "call exceeded its budget of " + budgetNanos / 1_000_000.0 + " ms");
            return held;
        } catch (RuntimeException | LinkageError | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            fail(cause.getClass().getSimpleName(), String.valueOf(cause.getMessage()));
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return held;
        }
        if (out == null) {
            fail("null output", "returned null");
            return held;
        }
        if (!valid.test(out)) {
            fail("invalid output", "returned an invalid value: " + out);
            return held;
        }
        consecutiveFailures = 0;
        return out;
    }

    private <O> O callWithBudget(Function<P, O> step) throws TimeoutException, ExecutionException, InterruptedException {
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fractalsync-" + role + "-provider");
                t.setDaemon(true);
                return t;
            });
        }
        P p = provider;
        Future<O> f = executor.submit(() -> step.apply(p));
        try {
            return f.get(budgetNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending = f;
            throw e;
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
            switchToFallback(kind);
        }
    }

    private void switchToFallback(String kind) {
        P failed = provider;
        P replacement = fallback.get();
        if (replacement == null) {
            return;
        }
        fellBack = true;
        LOG.warn("{} provider '{}' failed {} times in a row (last: {}); switching to fallback '{}'",
                role, failed.id(), consecutiveFailures, kind, replacement.id());
        status = role + ": fallback to " + replacement.id() + " (" + failed.id() + " failed: " + kind + ")";
        if (pending == null) {
            closeQuietly(failed);
        }
        if (executor != null) {
            executor.shutdownNow(); // a hung call keeps its own thread; the replacement gets a fresh one
            executor = null;
        }
        pending = null;
        provider = replacement;
        consecutiveFailures = 0;
        loggedKinds.clear();
    }

    private static void closeQuietly(Provider p) {
        try {
            p.close();
        } catch (RuntimeException ignored) {
            // closing a failed provider must not fail the host
        }
    }

    public long budgetNanos() {
        return budgetNanos;
    }

    /** Sets the per-call budget (0 = no deadline, calls on the caller's thread). */
    public void setBudgetNanos(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** Forgets failures counted so far (after a warm-up pass); does not undo a switch to the fallback. */
    public void clearFailures() {
        failures = 0;
        consecutiveFailures = 0;
        loggedKinds.clear();
        status = fellBack ? status : "";
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

    /** A short human-readable status for HUDs and logs; empty while healthy. */
    public String status() {
        return status;
    }

    public ProviderContext context() {
        return context;
    }

    /** Resets the provider (guarded: a failing reset counts as a failure). */
    public void reset() {
        try {
            provider.reset();
        } catch (RuntimeException e) {
            fail(e.getClass().getSimpleName(), "reset failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (pending == null || pending.isDone()) {
            closeQuietly(provider);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
