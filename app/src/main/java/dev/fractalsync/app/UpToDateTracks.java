package dev.fractalsync.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The submitting side's look at the library before a job on this machine starts: the tracks whose outputs are up to
 * date get their {@code skipped} line here, hashed on this machine's cores, and only the others go to the Jet job. A rerun with
 * nothing left to do then starts no cluster member and opens no providers on workers; the workers still check
 * each track they are given, because a job run again after a lost member meets tracks done since.
 *
 * @param skipped the lines of the tracks that are up to date
 * @param todo    the tracks the job has to analyze (or report as failed), in listing order
 */
record UpToDateTracks(List<String> skipped, List<LibraryWorker.Track> todo) {

    /**
     * Checks every track on {@code threads} threads. All of them go to {@code todo} with --force, and on a cluster,
     * whose workers check their tracks on every machine: hashing a large library on the submitting machine alone
     * (each track is read whole) would take longer than the cluster takes to skip it.
     */
    static UpToDateTracks of(LibraryWorker.Job job, List<LibraryWorker.Track> tracks, int threads)
            throws InterruptedException {
        if (job.force() || job.cluster()) {
            return new UpToDateTracks(List.of(), tracks);
        }
        String[] lines = new String[tracks.size()];
        AtomicInteger next = new AtomicInteger();
        int checkers = Math.max(1, Math.min(threads, tracks.size()));
        try (Fingerprint engine = new Fingerprint(job)) {
            ExecutorService pool = Executors.newFixedThreadPool(checkers, r -> {
                Thread t = new Thread(r, "library-check");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> checks = new ArrayList<>();
                for (int w = 0; w < checkers; w++) {
                    checks.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < tracks.size(); i = next.getAndIncrement()) {
                            try {
                                lines[i] = LibraryWorker.skippedLine(job, tracks.get(i), engine);
                            } catch (Exception e) {
                                lines[i] = null; // unreadable or not ours: the job analyzes it and reports why it fails
                            }
                        }
                    }));
                }
                for (Future<?> f : checks) {
                    f.get();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("checking the library's outputs failed: "
                        + BatchJob.oneLine(e.getCause()), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        List<String> skipped = new ArrayList<>();
        List<LibraryWorker.Track> todo = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i] == null) {
                todo.add(tracks.get(i));
            } else {
                skipped.add(lines[i]);
            }
        }
        return new UpToDateTracks(skipped, todo);
    }

    /** The job's engine fingerprint, from one analyzer opened on first need (the providers load their models). */
    private static final class Fingerprint implements LibraryWorker.FingerprintSource, AutoCloseable {
        private final LibraryWorker.Job job;
        private SongAnalyzer analyzer;

        Fingerprint(LibraryWorker.Job job) {
            this.job = job;
        }

        @Override
        public synchronized EngineFingerprint fingerprint() throws Exception {
            if (analyzer == null) {
                analyzer = new SongAnalyzer(job.engine().wiring(), true);
            }
            return analyzer.fingerprint();
        }

        @Override
        public synchronized void close() {
            if (analyzer != null) {
                analyzer.close();
            }
        }
    }
}
