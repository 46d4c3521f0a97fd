package dev.fractalsync.features;

import pl.edu.icm.jlargearrays.ConcurrencyUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JTransforms runs some FFTs (BeatNet's 1411-point Bluestein transform) on the shared JLargeArrays pool, whose
 * default threads are not daemons: a host that embeds the engine would then wait 60 s for the idle threads before
 * its JVM can exit. The engine swaps that pool once for one with daemon threads.
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
        installed = true;
    }
}
