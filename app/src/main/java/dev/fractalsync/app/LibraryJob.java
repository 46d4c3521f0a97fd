package dev.fractalsync.app;

import com.hazelcast.collection.IList;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.EdgeConfig;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.ServiceFactories;
import com.hazelcast.jet.pipeline.ServiceFactory;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.Sources;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * {@code analyze-library} as a Hazelcast Jet batch job: the tracks (an IList) flow to an analysis stage whose
 * processors each hold one {@link LibraryWorker} (providers opened once per worker, {@code --threads} of them per
 * member, on their own threads: the stage is not cooperative), and each track's library line flows to a result IList
 * that the submitting side reads as it fills, for the progress display.
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

    /**
     * Jet on, no code upload (every member runs the same installation). Queues between stages of one item: a track
     * waits in front of the worker that is free next instead of being dealt out to all workers at the start, where a
     * worker with long tracks would still be busy when the others have finished.
     */
    static void configureJet(Config config) {
        config.getJetConfig().setEnabled(true).setResourceUploadEnabled(false)
                .setDefaultEdgeConfig(new EdgeConfig().setQueueSize(1));
    }

    /**
     * Runs the job on {@code member}'s cluster and returns every track's library line (in the order they finished),
     * handing each to {@code onLine} as it arrives.
     *
     * @param threads the analysis stage's parallelism per member
     */
    static List<String> run(HazelcastInstance member, LibraryWorker.Job job, List<LibraryWorker.Track> tracks,
                            int threads, Consumer<String> onLine) throws InterruptedException {
        String id = UUID.randomUUID().toString();
        IList<LibraryWorker.Track> input = member.getList("fractalsync-library-tracks-" + id);
        IList<String> results = member.getList("fractalsync-library-results-" + id);
        try {
            input.addAll(tracks);
            ServiceFactory<?, LibraryWorker> workers = ServiceFactories
                    .nonSharedService(context -> new LibraryWorker(job), LibraryWorker::close)
                    .toNonCooperative();
            Pipeline pipeline = Pipeline.create();
            pipeline.readFrom(Sources.list(input))
                    .mapUsingService(workers, LibraryWorker::process).setLocalParallelism(threads)
                    .setName("analyze")
                    .writeTo(Sinks.list(results));
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
        }
    }
}
