package dev.fractalsync.app;

import com.hazelcast.core.HazelcastInstance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.List;

/**
 * Where a batch job ({@code analyze-library}, {@code dataset}) runs: an embedded member alone on this machine's cores,
 * or with {@code --cluster} a member that joins the {@code library-member} processes given by {@code --members}
 * (TCP/IP, authenticated with the cluster secret, as {@code analyze-node}) and shares the items with them.
 */
public final class BatchMembers {
    /** The batch jobs' own default cluster name: a bus node and a library member never join by mistake. */
    static final String CLUSTER_NAME = "fractalsync-library";

    @Option(names = "--cluster", description = "Run the job on a cluster: join the library-member processes given by "
            + "--members (TCP/IP, authenticated with the cluster secret) and share the work among them and this one. "
            + "Every member must read the inputs and write the output directory at the same paths (a shared directory).")
    boolean clustered;

    @Mixin
    ClusterOptions cluster;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Whether the job runs on a cluster. */
    public boolean clustered() {
        return clustered;
    }

    /** Refuses cluster options without --cluster; call before any work. */
    public void check() {
        check(command, cluster, clustered);
    }

    /** Starts this side's member: an embedded one alone, or one that joins the cluster (it blocks until joined). */
    public HazelcastInstance start() throws IOException {
        return clustered ? cluster.startJetMember(true) : BatchJob.localMember();
    }

    /**
     * Cluster options only with --cluster (or on library-member); the cluster name defaults to {@value #CLUSTER_NAME}.
     */
    static void check(CommandSpec spec, ClusterOptions cluster, boolean clustered) {
        var parsed = spec.commandLine().getParseResult();
        if (!clustered) {
            for (String option : List.of("--host", "--port", "--members", "--cluster-name", "--secret-file")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new UsageException(option + " goes with --cluster: give --cluster to run on several machines");
                }
            }
            return;
        }
        if (!parsed.hasMatchedOption("--cluster-name")) {
            cluster.clusterName = CLUSTER_NAME;
        }
    }
}
