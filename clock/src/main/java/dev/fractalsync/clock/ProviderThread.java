package dev.fractalsync.clock;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one daemon thread that calls one provider instance, so that every call can have a deadline. A call that
 * overruns keeps running here (Java cannot stop a thread safely); the caller either waits for it to finish (a live
 * budget) or abandons the thread and never uses it, or that instance, again (the watchdog). Being a daemon, an
 * abandoned thread cannot keep the JVM alive.
 */
public final class ProviderThread {
    private final ExecutorService executor;
    private Future<?> last;
    private volatile long lastStarted;
    private boolean abandoned;

    public ProviderThread(String role) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fractalsync-" + role + "-provider");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code task} here and waits at most {@code timeoutNanos} for it. On a timeout the task keeps running:
     * {@link #busy()} says so until it ends.
     *
     * @throws ExecutionException with whatever the task threw, {@link Error}s included
     */
    public <T> T call(Callable<T> task, long timeoutNanos) throws TimeoutException, ExecutionException, InterruptedException {
        if (abandoned) {
            throw new IllegalStateException("this provider thread was abandoned");
        }
        if (busy()) {
            throw new IllegalStateException("a call is still running on this provider thread");
        }
        Future<T> f = executor.submit(task);
        last = f;
        lastStarted = System.nanoTime();
        return f.get(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Queues {@code task} behind any earlier one and returns at once (offline blocks: the provider works on the next
     * block while the caller publishes the previous one); {@link #busy()} is true until it ends.
     */
    public <T> Future<T> submit(Callable<T> task) {
        if (abandoned) {
            throw new IllegalStateException("this provider thread was abandoned");
        }
        Future<T> f = executor.submit(() -> {
            lastStarted = System.nanoTime();
            return task.call();
        });
        last = f;
        lastStarted = System.nanoTime();
        return f;
    }

    /** True while a call that overran its deadline (or a submitted task) is still running. */
    public boolean busy() {
        return last != null && !last.isDone();
    }

    /** Nanoseconds since the last call started (meaningful while {@link #busy()}). */
    public long busyNanos() {
        return System.nanoTime() - lastStarted;
    }

    /** Gives the thread up: it is interrupted, and it ends once a stuck call returns (if it ever does). */
    public void abandon() {
        abandoned = true;
        executor.shutdownNow();
    }

    /** True once {@link #abandon()} was called (a call overran its deadline). */
    public boolean abandoned() {
        return abandoned;
    }

    /** Ends the thread once idle. */
    public void shutdown() {
        executor.shutdown();
    }
}
