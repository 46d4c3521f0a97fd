package dev.fractalsync.render;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's threads: {@code threads - 1} daemon workers and the calling thread, which all run the same task once
 * per frame ({@link #runOnAll}). What a task reads was written by the caller before {@link #runOnAll}: the volatile
 * generation bump under the lock orders those writes before the workers' reads.
 */
final class WorkerPool implements AutoCloseable {
    /** One thread's share of a frame; thread 0 is the caller, 1 and up the workers. */
    interface Task {
        void run(int thread);
    }

    /** How long workers woken by {@link #prepare()} wait running for the frame. */
    private static final long PREPARED_SPIN_NANOS = 6_000_000L;

    private final Thread[] workers;
    private final Object lock = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    /** Bumped (under the lock) for each frame; volatile so that workers woken by prepare() can spin on it. */
    private volatile long generation;
    /** Bumped (under the lock) by each prepare(). */
    private long prepareCalls;
    private volatile boolean closed;
    /** The frame's task, written before the generation bump. */
    private Task task;

    WorkerPool(int threads, String namePrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int thread = i + 1;
            Thread t = new Thread(() -> workerLoop(thread), namePrefix + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** Number of threads that run a task (workers plus the caller). */
    int threads() {
        return workers.length + 1;
    }

    /** Runs {@code task} on every thread, the caller's included, and returns when all are done. */
    void runOnAll(Task task) {
        this.task = task;
        pending.set(workers.length);
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
        task.run(0);
        if (workers.length > 0) {
            synchronized (lock) {
                while (pending.get() > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while rendering", e);
                    }
                }
            }
        }
        this.task = null;
    }

    private void workerLoop(int thread) {
        long seen = 0;
        long seenPrepare = 0;
        while (true) {
            synchronized (lock) {
                while (generation == seen && prepareCalls == seenPrepare && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                seenPrepare = prepareCalls;
            }
            if (generation == seen) {
                // woken by prepare(): the frame is due shortly, wait for it running
                long until = System.nanoTime() + PREPARED_SPIN_NANOS;
                while (generation == seen && !closed && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (generation == seen) {
                    continue;
                }
            }
            // the task and what it reads were written before the volatile generation was bumped
            seen = generation;
            task.run(thread);
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * A task will be run within a few milliseconds: wakes the workers, which then wait running for at most a few
     * milliseconds (see {@link JuliaKernel#prepare()}).
     */
    void prepare() {
        if (workers.length == 0) {
            return;
        }
        synchronized (lock) {
            prepareCalls++;
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
