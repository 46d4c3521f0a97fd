package dev.fractalsync.app;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "library-member", description = "Join a cluster as a worker of 'analyze-library --cluster' (and, started by "
        + "fractalsync-tools, of 'dataset --cluster') and stay until stopped (Ctrl-C leaves the cluster; a killed member's unfinished tracks are redone by the others). "
        + "It must read the libraries and write the output directory at the same paths as the other members.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync library-member --host 10.0.0.2 --members 10.0.0.1,10.0.0.3 --secret-file secret",
                "  fractalsync analyze-library /mnt/music --out /mnt/analysis --cluster --host 10.0.0.1 "
                        + "--members 10.0.0.2,10.0.0.3 --secret-file secret"})
public final class LibraryMemberCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(LibraryMemberCommand.class);

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BatchMembers.check(spec, cluster, true);
        cluster.check();
        HazelcastInstance member = cluster.startJetMember(false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.shutdown();
            stopped.countDown();
        }, "library-member-shutdown"));
        Address a = member.getCluster().getLocalMember().getAddress();
        int n = member.getCluster().getMembers().size();
        LOG.info("library member {}:{} of cluster '{}' ready; {} in the cluster", a.getHost(), a.getPort(),
                cluster.clusterName, n + (n == 1 ? " member" : " members"));
        stopped.await();
        return 0;
    }
}
