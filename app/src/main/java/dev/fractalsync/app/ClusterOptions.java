package dev.fractalsync.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Options of the clustered state bus: Vert.x on a Hazelcast cluster joined over TCP/IP (no multicast), so an analysis
 * node and render nodes can run on different machines (or JVMs on one machine).
 */
final class ClusterOptions {
    @Option(names = "--host", description = "Address this node binds and advertises (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Hazelcast member port; the next free port is taken if busy (default: ${DEFAULT-VALUE}).",
            defaultValue = "5701")
    int port;

    @Option(names = "--members", split = ",", description = "Cluster members to join, host or host:port; a bare host is probed on the member port range "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    List<String> members;

    @Option(names = "--cluster-name", description = "Cluster name; nodes with other names ignore each other (default: ${DEFAULT-VALUE}).",
            defaultValue = "fractalsync")
    String clusterName;

    /** Starts a clustered Vert.x (blocks until the node has joined). */
    Vertx start() throws Exception {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // nodes often start at the same moment and each may form its own cluster first: merge within seconds
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "3");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "3");
        // notice a dead analysis or render node within seconds, not the default minute
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "8");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(20);
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(host).setPort(0));
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config))
                .buildClustered().await(60, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return clusterName + "@" + host + ":" + port + " members " + Arrays.toString(members.toArray());
    }
}
