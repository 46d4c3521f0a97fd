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

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
        checkHost();
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

    /** A node can only bind an address of its own machine: say so in one line rather than deep inside Hazelcast. */
    private void checkHost() {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException("--host " + host + ": unknown host");
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                List<String> local = new ArrayList<>();
                for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(n.getInetAddresses())) {
                        if (a instanceof Inet4Address) {
                            local.add(a.getHostAddress());
                        }
                    }
                }
                throw new UsageException("--host " + host + " is not an address of this machine; it has "
                        + String.join(", ", local) + " (--members lists the other machines)");
            }
        } catch (SocketException e) {
            throw new UsageException("--host " + host + ": cannot list this machine's network interfaces ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return clusterName + "@" + host + ":" + port + " members " + Arrays.toString(members.toArray());
    }
}
