package dev.fractalsync.app;

import com.hazelcast.cluster.Address;
import com.hazelcast.collection.IList;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A Hazelcast Jet batch job over a list of items, each turned into one line by a worker: {@code threads} source
 * processors on every member, each holding one {@link Worker} (its providers opened once and reused; Jet runs such
 * sources on threads of their own, they are not cooperative). A worker takes the next item from the shared list only
 * when it has finished the previous one and emits that item's line, so no item waits in a queue behind another while
 * a worker elsewhere is idle (an analysis stage behind a source could be handed items ahead through the queues between
 * them). The lines go to a result list that the submitting side reads as it fills, for its progress display.
 * {@code analyze-library} and {@code dataset} run on it.
 */
public final class BatchJob {
    /** How often the submitting side looks for new results. */
    private static final long POLL_MILLIS = 200;

    private BatchJob() {
    }

    /** One worker of a job: turns items into lines, one after another, on one thread. */
    public interface Worker<T> extends AutoCloseable {
        /** The item's line; a failure of the item belongs in its line, not thrown (a throw fails the whole job). */
        String process(T item);

        @Override
        void close();
    }

    /**
     * Makes a worker on the member that runs it; sent to every member with the job, so it must serialize (every member
     * runs the same installation: no code is uploaded).
     */
    @FunctionalInterface
    public interface WorkerFactory<T> extends Serializable {
        /** @param member the member the worker runs on, as host:port */
        Worker<T> create(String member) throws Exception;
    }

    /**
     * A member alone in a cluster of its own, for a job on this machine's cores: a unique cluster name, no multicast or TCP/IP join, bound to
     * 127.0.0.1 only, Hazelcast's logging quiet (slf4j, errors only) and no phone-home.
     */
    public static HazelcastInstance localMember() {
        Config config = new Config();
        config.setClusterName("fractalsync-batch-" + UUID.randomUUID());
        config.setInstanceName(config.getClusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
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

    /**
     * Jet on, no code upload (every member runs the same installation). The cooperative threads stay at one per core:
     * with one, two workers ran no faster than one (40 tracks: 48-54 s against 48-52 s, and 28.9 s with the default).
     */
    static void configureJet(Config config) {
        // a job's data is a list of items, one counter and its lines: 7 partitions instead of 271, so a member leaving
        // after a job hands few over (the submitting member's shutdown on two members: 0.5 -> 0.1 s)
        config.setProperty("hazelcast.partition.count", "7");
        config.getJetConfig().setEnabled(true).setResourceUploadEnabled(false);
    }

    /**
     * Where a worker's source gets its next item: one index shared by every source of every member, taken one at a
     * time, so an item goes to whichever worker asks next (pull, not dealt out in advance). Each run of the job counts
     * from 0 under its own execution id: when Jet runs the job again after losing a member, every item is offered
     * again, so none that the lost member had taken is missed (the workers skip what is already done).
     */
    private static final class Feed<T> {
        private final IList<T> items;
        private final IMap<Long, Long> counters;
        private final long execution;
        private final int total;

        Feed(HazelcastInstance member, String itemsName, String countersName, long execution, int total) {
            this.items = member.getList(itemsName);
            this.counters = member.getMap(countersName);
            this.execution = execution;
            this.total = total;
        }

        /** The next item, or null when every item has been taken. */
        T next() {
            long i = counters.executeOnKey(execution, (EntryProcessor<Long, Long, Long>) entry -> {
                long taken = entry.getValue() == null ? 0 : entry.getValue();
                entry.setValue(taken + 1);
                return taken;
            });
            return i < total ? items.get((int) i) : null;
        }
    }

    /** One worker and where it takes its items from. */
    private record FeedingWorker<T>(Feed<T> feed, Worker<T> worker) {
        void close() {
            worker.close();
        }
    }

    private static String memberName(Processor.Context context) {
        Address a = context.hazelcastInstance().getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    /**
     * Runs the job on {@code member}'s cluster and returns every item's line (in the order they finished), handing
     * each to {@code onLine} as it arrives. When a member is lost, Jet runs the job again on the members left, and an
     * item can then have two lines.
     *
     * @param name    the job's name, as Jet's logs and management show it
     * @param threads workers per member
     * @throws IllegalStateException when the job failed (a worker threw, or could not be created)
     */
    public static <T extends Serializable> List<String> run(HazelcastInstance member, String name, List<T> items,
                                                            int threads, WorkerFactory<T> workers,
                                                            Consumer<String> onLine) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String itemsName = "fractalsync-batch-items-" + id;
        String countersName = "fractalsync-batch-next-" + id;
        IList<T> input = member.getList(itemsName);
        IList<String> results = member.getList("fractalsync-batch-results-" + id);
        IMap<Long, Long> counters = member.getMap(countersName);
        try {
            input.addAll(items);
            int total = items.size();
            BatchSource<String> source = SourceBuilder
                    .batch(name, context -> new FeedingWorker<>(
                            new Feed<T>(context.hazelcastInstance(), itemsName, countersName, context.executionId(), total),
                            workers.create(memberName(context))))
                    .<String>fillBufferFn((worker, buffer) -> {
                        T next = worker.feed().next();
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
            pipeline.readFrom(source).writeTo(Sinks.list(results));
            Job running = member.getJet().newJob(pipeline, new JobConfig().setName(name + " " + id));
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
                throw new IllegalStateException("the " + name + " job failed: " + oneLine(cause), cause);
            }
            return lines;
        } finally {
            input.destroy();
            results.destroy();
            counters.destroy();
        }
    }

    /** The exception's message on one line (the file's own messages already name it), for an item's failed line. */
    public static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
