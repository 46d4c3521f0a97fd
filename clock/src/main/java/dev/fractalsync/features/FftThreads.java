package dev.fractalsync.features;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JTransforms runs some FFTs (BeatNet's 1411-point Bluestein transform) on the shared JLargeArrays pool, whose
 * default threads are not daemons: a host that embeds the engine would then wait 60 s for the idle threads before
 * its JVM can exit. The engine swaps that pool once for one with daemon threads.
 * <p>
 * It also limits JTransforms to one thread: our transforms are small (at most a few thousand points, once per
 * 20 ms frame), where handing each one to a pool thread and waiting for it cost more than the transform itself
 * (the pool's hand-offs took 12 % of an offline analysis's CPU time and as much again in the kernel's scheduler).
 * Split or not, the transform computes the same butterflies, so the output is unchanged.
 */
public final class FftThreads {
    private static boolean installed;

    private FftThreads() {
    }

    public static synchronized void useDaemonPool() {
        if (installed) {
            return;
        }
        ExecutorService old = ConcurrencyUtils.getThreadPool();
        ConcurrencyUtils.setThreadPool(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fractalsync-fft");
            t.setDaemon(true);
            return t;
        }));
        old.shutdown();
        ConcurrencyUtils.setNumberOfThreads(1);
        installed = true;
    }
}
