package dev.fractalsync.api.spi;

/**
 * Common life cycle of every provider.
 * <p>
 * Threading: the host calls one instance from exactly one thread at a time (open, every step call, reset and close
 * happen on the same caller thread, never concurrently). Providers need no locking but must not start work on
 * other threads that outlives a call.
 * <p>
 * Latency: a step call has one hop of the contract clock as its budget (1024 / 48000 s ≈ 21.3 ms), and should
 * use a small fraction of it: the host abandons over-budget calls, holds the last state and, after repeated
 * failures, falls back to a built-in provider.
 * <p>
 * Implementations need a public no-argument constructor (or a {@code provider()} method) for
 * {@link java.util.ServiceLoader}; the constructor must be cheap: load models in {@link #open}.
 */
public interface Provider extends AutoCloseable {
    /** Stable machine id used for selection ({@code --beat=ID}); lowercase, [a-z0-9-]. */
    String id();

    /** Human-readable name. */
    String name();

    /** Major version of the model contract this provider implements; the host refuses a mismatch. */
    int contractMajor();

    /** Prepares the provider (load models, allocate buffers). Called once before the first step. */
    void open(ProviderContext context) throws ProviderException;

    /** Returns to the state right after {@link #open}: the next steps behave as on a fresh stream. */
    void reset();

    /**
     * Optional diagnostics for {@code bench}: nanoseconds spent so far in the provider's own stages (e.g. features,
     * inference, decoding), by stage name in the order they run. Empty by default.
     */
    default java.util.Map<String, Long> stageNanos() {
        return java.util.Map.of();
    }

    /** Releases resources. Idempotent. */
    @Override
    void close();
}
