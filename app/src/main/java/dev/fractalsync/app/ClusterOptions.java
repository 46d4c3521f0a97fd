package dev.fractalsync.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.SocketInterceptorConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.DefaultNodeExtension;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.instance.impl.NodeExtension;
import com.hazelcast.nio.MemberSocketInterceptor;
import dev.fractalsync.bus.BusSeal;
import dev.fractalsync.bus.DropLog;
import dev.fractalsync.bus.StateBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;

/**
 * Options of the clustered state bus: Vert.x on a Hazelcast cluster joined over TCP/IP (no multicast), so an analysis
 * node and render nodes can run on different machines (or JVMs on one machine).
 */
final class ClusterOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterOptions.class);

    @Option(names = "--host", description = "Address this node binds and advertises (default: ${DEFAULT-VALUE}).",
            defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", description = "Hazelcast member port; the next free port is taken if busy (default: ${DEFAULT-VALUE}).",
            defaultValue = "5701")
    int port;

    @Option(names = "--members", split = ",", description = "Cluster members to join, host or host:port; a bare host is probed on the member port range "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "127.0.0.1")
    List<String> members;

    @Option(names = "--cluster-name", description = "Cluster name; nodes with other names ignore each other (default: ${DEFAULT-VALUE}; for "
            + "analyze-library and library-member: " + BatchMembers.CLUSTER_NAME + ").",
            defaultValue = "fractalsync")
    String clusterName;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the cluster secret (its first line; at least " + ClusterAuth.MIN_SECRET_LENGTH
                    + " characters, e.g. made by `openssl rand -hex 32`), the same on every node: a member that cannot "
                    + "prove it is refused. Default: $FRACTALSYNC_CLUSTER_SECRET, else "
                    + "$XDG_CONFIG_HOME/fractalsync/cluster-secret (~/.config/fractalsync/cluster-secret) when it exists.")
    Path secretFile;

    static final String SECRET_ENV = "FRACTALSYNC_CLUSTER_SECRET";
    /** A member silent this long is dropped from the cluster (Hazelcast's default is a minute). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 8;

    /**
     * A clustered Vert.x and the Hazelcast member under it; closing leaves the cluster. {@code drops} logs every
     * message its event bus drops, whether a {@link StateBus} refused it or Vert.x could not parse it.
     */
    record Node(Vertx vertx, HazelcastInstance hazelcast, ClusterAuth auth, DropLog drops) implements AutoCloseable {
        /** A seal of the bus's messages with this cluster's secret (one per bus: each is a sender of its own). */
        BusSeal seal() {
            return new BusSeal(auth.key());
        }

        /** The state bus on this node: sealed with the cluster's secret, its dropped messages logged in {@link #drops}. */
        StateBus bus(String contractVersion) {
            return StateBus.on(vertx, contractVersion, seal(), drops);
        }

        @Override
        public void close() {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leaving anyway
            } finally {
                drops.close();
                hazelcast.shutdown();
            }
        }
    }

    /** The secret: --secret-file, else the environment, else the user's config file; none is a usage error. */
    char[] secret() throws IOException {
        return secret(secretFile, System.getenv(SECRET_ENV), PluginsDirectory.configDirectory());
    }

    static char[] secret(Path file, String env, Path configDir) throws IOException {
        String value;
        String source;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("--secret-file " + file + ": no such file; create one with `openssl rand -hex 32 > "
                        + file + "` and give every node a copy");
            }
            value = firstLine(file);
            source = "--secret-file " + file;
        } else if (env != null && !env.isEmpty()) {
            value = env.strip();
            source = SECRET_ENV;
        } else {
            Path fallback = configDir == null ? null : configDir.resolve("fractalsync").resolve("cluster-secret");
            if (fallback == null || !Files.isRegularFile(fallback)) {
                throw new UsageException("the cluster needs a shared secret: create one with `openssl rand -hex 32 > "
                        + "secret` and pass --secret-file secret (or set " + SECRET_ENV + ") on every node");
            }
            value = firstLine(fallback);
            source = fallback.toString();
            file = fallback;
        }
        if (value.length() < ClusterAuth.MIN_SECRET_LENGTH) {
            throw new UsageException(source + ": the cluster secret has " + value.length() + " characters, fewer than "
                    + ClusterAuth.MIN_SECRET_LENGTH + "; make a strong one with `openssl rand -hex 32`");
        }
        if (file != null) {
            warnIfReadableByOthers(file);
        }
        return value.toCharArray();
    }

    private static String firstLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ)) {
                LOG.warn("{} can be read by other users; chmod 600 {}", file, file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX: nothing to say
        }
    }

    /** The mistakes found before joining: an address not of this machine, no usable secret. */
    void check() throws IOException {
        checkHost();
        Arrays.fill(secret(), '\0');
    }

    /**
     * A Hazelcast member with Jet on ({@code analyze-library --cluster}, {@code library-member}): the same TCP/IP join,
     * address and authentication as the bus nodes, without Vert.x; blocks until it has joined.
     *
     * @param submitting the member of the command that submits a job: it joins the members already running at once
     */
    HazelcastInstance startJetMember(boolean submitting) throws IOException {
        checkHost();
        ClusterAuth auth = auth();
        Config config = memberConfig(new Config(), auth);
        // a library job waits for its join: Hazelcast's default pause of 5 s before joining was most of the cost of a
        // small job on two members (a one-track job took 11.1 s instead of 4.7 s alone); a library-member waits 1 s
        // for members started beside it, the submitting side joins those running without a pause (a one-track job on
        // two members: member start 2.4 -> 1.3 s). Should it meet one starting at the same moment and form a cluster
        // of its own, the two merge within seconds (above), and Jet runs the job again on both.
        config.setProperty("hazelcast.wait.seconds.before.join", submitting ? "0" : "1");
        // a member that is asked to let another join waits for more joiners first, by the pause above, during its
        // first 20 s: the submitting member joining a library-member waited its 1 s pause (member start 2.7-2.9 ->
        // 1.8-1.9 s, two members on one core each); joins are taken as they come
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        BatchJob.configureJet(config);
        return startMember(config, auth);
    }

    private ClusterAuth auth() throws IOException {
        char[] secret = secret();
        ClusterAuth auth = new ClusterAuth(secret, clusterName);
        Arrays.fill(secret, '\0');
        return auth;
    }

    /** {@code config} with this node's cluster name, address, TCP/IP join and authentication. */
    private Config memberConfig(Config config, ClusterAuth auth) {
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // nodes often start at the same moment and each may form its own cluster first: merge within seconds
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "3");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "3");
        // notice a dead analysis or render node within seconds, not the default minute
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(20);
        // listen on --host only: with interfaces alone Hazelcast still binds the wildcard address (*:5701) and only
        // advertises --host; its outgoing member connections leave from --host too
        network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.socket.client.bind.any", "false");
        // every member connection runs ClusterAuth's handshake first (the node extension below supplies it)
        network.setSocketInterceptorConfig(new SocketInterceptorConfig().setEnabled(true).setImplementation(auth));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        return config;
    }

    /** Starts the member; refuses to go on alone when the members it was given hold another secret. */
    private HazelcastInstance startMember(Config config, ClusterAuth auth) {
        HazelcastInstance hazelcast = HazelcastInstanceFactory.newHazelcastInstance(config, null, new DefaultNodeContext() {
            @Override
            public NodeExtension createNodeExtension(com.hazelcast.instance.impl.Node node) {
                return new AuthenticatingNodeExtension(node, auth);
            }
        });
        hazelcast.getCluster().addMembershipListener(new MembershipLog());
        if (auth.outboundRefusals() > 0 && hazelcast.getCluster().getMembers().size() == 1) {
            hazelcast.shutdown();
            // it could not join the members it was given because they hold another secret: alone is not what was asked
            throw new IllegalStateException(auth.lastOutboundRefusal());
        }
        return hazelcast;
    }

    /** Starts a clustered Vert.x (blocks until the node has joined); members must prove the shared secret. */
    Node start() throws Exception {
        checkHost();
        ClusterAuth auth = auth();
        Config config = memberConfig(ConfigUtil.loadConfig(), auth);
        String nodeId = UUID.randomUUID().toString();
        config.getMemberAttributeConfig().setAttribute(VERTX_NODE_ID, nodeId);
        HazelcastInstance hazelcast = startMember(config, auth);
        try {
            VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(host).setPort(0));
            Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
                    .buildClustered().await(60, TimeUnit.SECONDS);
            DropLog drops = new DropLog(LoggerFactory.getLogger(StateBus.class));
            // anyone who reaches the event-bus port can send frames Vert.x cannot parse (an unknown codec id, lengths
            // past the end): Vert.x reports each as an unhandled exception, a stack trace per frame; here they become
            // dropped messages, one line every 10 s (the trace only at debug level)
            vertx.exceptionHandler(e -> {
                if (!StateBus.isLeavingMemberRace(e)) {
                    drops.drop("an event-bus message or connection", e);
                }
                LOG.debug("event-bus exception", e);
            });
            return new Node(vertx, hazelcast, auth, drops);
        } catch (Exception | Error e) {
            hazelcast.shutdown();
            throw e;
        }
    }

    /**
     * One line when a member joins or leaves. A render node that is killed is otherwise seen only through the event
     * bus's failed reconnections to it, a stack trace each until Hazelcast drops the member (those loggers are quiet
     * in simplelogger.properties).
     */
    private static final class MembershipLog implements MembershipListener {
        @Override
        public void memberAdded(MembershipEvent event) {
            LOG.info("cluster member {} joined; {} in the cluster", name(event.getMember()), count(event));
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            LOG.info("cluster member {} left (it stopped, or was lost: no heartbeat for {} s); {} in the cluster",
                    name(event.getMember()), MAX_NO_HEARTBEAT_SECONDS, count(event));
        }

        private static String name(Member member) {
            return member.getAddress().getHost() + ":" + member.getAddress().getPort();
        }

        private static String count(MembershipEvent event) {
            int n = event.getMembers().size();
            return n + (n == 1 ? " member" : " members");
        }
    }

    /** Vert.x's member attribute naming its node (set by us, since we create the Hazelcast member ourselves). */
    private static final String VERTX_NODE_ID = "__vertx.nodeId";

    /**
     * Hazelcast's open-source node extension, except that it hands out {@link ClusterAuth} as the member socket
     * interceptor (the stock one returns none and only logs that interceptors are an Enterprise feature).
     */
    private static final class AuthenticatingNodeExtension extends DefaultNodeExtension {
        private final ClusterAuth auth;

        AuthenticatingNodeExtension(com.hazelcast.instance.impl.Node node, ClusterAuth auth) {
            super(node);
            this.auth = auth;
        }

        @Override
        public MemberSocketInterceptor getSocketInterceptor(EndpointQualifier endpointQualifier) {
            return auth;
        }
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
