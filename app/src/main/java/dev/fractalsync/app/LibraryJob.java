package dev.fractalsync.app;

import com.hazelcast.collection.IList;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.Sinks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * {@code analyze-library} as a Hazelcast Jet batch job: {@code --threads} source processors on every member, each one
 * worker holding one {@link LibraryWorker} (providers opened once per worker; Jet runs such sources on threads of their
 * own, they are not cooperative). A worker takes the next track from the shared list ({@link Feed}) only when it has
 * finished the previous one and emits that track's library line, so no track waits in a queue behind another while a
 * worker elsewhere is idle (an analysis stage behind a source could be handed tracks ahead
 * through the queues between them). The lines go to a result IList that the submitting side
 * reads as it fills, for the progress display.
 */
final class LibraryJob {
    /** How often the submitting side looks for new results. */
    private static final long POLL_MILLIS = 200;

    private LibraryJob() {
    }

    /**
     * An embedded member alone in a cluster of its own: a unique cluster name, no multicast or TCP/IP join, bound to
     * 127.0.0.1 only, Hazelcast's logging quiet (slf4j, errors only) and no phone-home.
     */
    static HazelcastInstance localMember() {
        Config config = new Config();
        config.setClusterName("fractalsync-library-" + UUID.randomUUID());
        config.setInstanceName(config.getClusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.partition.count", "7");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(5701).setPortAutoIncrement(true).setPortCount(200);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        configureJet(config);
        return Hazelcast.newHazelcastInstance(config);
    }

    /** Jet on, no code upload (every member runs the same installation). */
    static void configureJet(Config config) {
        config.getJetConfig().setEnabled(true).setResourceUploadEnabled(false);
    }

    /**
     * Where a worker's source gets its next track: one index shared by every source of every member, taken one at a
     * time, so a track goes to whichever worker asks next (pull, not dealt out in advance). Each run of the job counts
     * from 0 under its own execution id: when Jet runs the job again after losing a member, every track is offered
     * again (those done are then skipped), so none that the lost member had taken is missed.
     */
    private static final class Feed {
        private final IList<LibraryWorker.Track> tracks;
        private final IMap<Long, Long> counters;
        private final long execution;
        private final int total;

        Feed(HazelcastInstance member, String tracksName, String countersName, long execution, int total) {
            this.tracks = member.getList(tracksName);
            this.counters = member.getMap(countersName);
            this.execution = execution;
            this.total = total;
        }

        /** The next track, or null when every track has been taken. */
        LibraryWorker.Track next() {
            long i = counters.executeOnKey(execution, (EntryProcessor<Long, Long, Long>) entry -> {
                long taken = entry.getValue() == null ? 0 : entry.getValue();
                entry.setValue(taken + 1);
                return taken;
            });
            return i < total ? tracks.get((int) i) : null;
        }
    }

    /** One worker: takes a track only when it has finished the previous one, so no track waits behind another. */
    private record FeedingWorker(Feed feed, LibraryWorker worker) {
        void close() {
            worker.close();
        }
    }

    private static String memberName(com.hazelcast.jet.core.Processor.Context context) {
        com.hazelcast.cluster.Address a = context.hazelcastInstance().getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /**
     * Runs the job on {@code member}'s cluster and returns every track's library line (in the order they finished),
     * handing each to {@code onLine} as it arrives. When a member is lost, Jet runs the job again on the members
     * left: the tracks done before are then skipped (their summaries are complete), and a track can have two lines.
     *
     * @param threads the analysis stage's parallelism per member
     */
    static List<String> run(HazelcastInstance member, LibraryWorker.Job job, List<LibraryWorker.Track> tracks,
                            int threads, Consumer<String> onLine) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String tracksName = "fractalsync-library-tracks-" + id;
        String countersName = "fractalsync-library-next-" + id;
        IList<LibraryWorker.Track> input = member.getList(tracksName);
        IList<String> results = member.getList("fractalsync-library-results-" + id);
        IMap<Long, Long> counters = member.getMap(countersName);
        try {
            input.addAll(tracks);
            int total = tracks.size();
            BatchSource<String> workers = SourceBuilder
                    .batch("analyze", context -> new FeedingWorker(
                            new Feed(context.hazelcastInstance(), tracksName, countersName, context.executionId(), total),
                            new LibraryWorker(job, job.cluster() ? memberName(context) : null)))
                    .<String>fillBufferFn((worker, buffer) -> {
                        LibraryWorker.Track next = worker.feed().next();
                        if (next == null) {
                            buffer.close();
                        } else {
                            buffer.add(worker.worker().process(next));
                        }
                    })
                    .destroyFn(FeedingWorker::close)
                    .distributed(threads)
                    .build();
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(workers).writeTo(Sinks.list(results));
            Job running = member.getJet().newJob(pipeline, new JobConfig().setName("analyze-library " + id));
            List<String> lines = new ArrayList<>();
            while (true) {
                boolean finished = running.getFuture().isDone();
                int size = results.size();
                if (size > lines.size()) {
                    for (String line : results.subList(lines.size(), size)) {
                        lines.add(line);
                        onLine.accept(line);
                    }
                }
                if (finished) {
                    break;
                }
                Thread.sleep(POLL_MILLIS);
            }
            try {
                running.getFuture().get();
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("the library job failed: " + LibraryWorker.oneLine(cause), cause);
            }
            return lines;
        } finally {
            input.destroy();
            results.destroy();
            counters.destroy();
        }
    }
}
