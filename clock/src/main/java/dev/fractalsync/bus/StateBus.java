package dev.fractalsync.bus;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.EventJson;
import dev.fractalsync.api.stats.Percentile;
import dev.fractalsync.clock.BeatGrid;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The state bus on a Vert.x event bus. The slow clock {@link #publish}es from the audio thread without blocking:
 * the state goes into a one-slot hand-off and a drain is scheduled on the Vert.x context; if the consumer side lags,
 * a newer state replaces the waiting one (newest wins, counted in {@link #superseded()}).
 * Addresses: {@value #SLOW_STATE} (SlowState, published every hop), {@value #BEAT} (one {@link BeatEvent} per
 * beat), {@value #SECTION} ({@link SectionChange} and {@link BoundaryWarning}) and {@value #BEAT_GRID} (the aligned
 * {@link BeatGrid}, {@link BeatGridJson}); events travel as their JSON wire form
 * ({@link EventJson}) in process and across JVMs alike: a few messages a second need no binary codec.
 */
public final class StateBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateBus.class);
    public static final String SLOW_STATE = "fractalsync.slow-state";
    public static final String BEAT = "fractalsync.beat";
    public static final String SECTION = "fractalsync.section";
    /**
     * The onset-aligned beat grid the engine's fast clock fires accents from ({@link BeatGridJson}), whenever it
     * changes (about once a beat), sent before the state of its hop; a render node predicts from it as the local
     * window does. A node older than this one neither sends nor reads it (its render nodes predict from the states).
     */
    public static final String BEAT_GRID = "fractalsync.beat-grid";
    public static final String CONTRACT_HEADER = "contract-version";
    /** Wall-clock publish instant in epoch microseconds, for hop-to-receive latency across JVMs on one host. */
    public static final String SENT_AT_HEADER = "sent-at-us";
    private static final int LATENCY_SAMPLES = 8192;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final DeliveryOptions delivery;
    private final AtomicReference<SlowState> slot = new AtomicReference<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final double[] latenciesMs = new double[LATENCY_SAMPLES];
    private long latencyCount;
    private final String contractVersion;
    /** Seals every message on a cluster with a shared secret; null in process. */
    private final BusSeal seal;
    private final AtomicLong unsealed = new AtomicLong();
    /** Every message this bus drops is logged here: one line at most every 10 s, never a stack trace. */
    private final DropLog drops;
    private final SlowStateCodec codec = new SlowStateCodec();

    /** A bus on its own in-process Vert.x instance. */
    public static StateBus local(String contractVersion) {
        return new StateBus(Vertx.vertx(), true, contractVersion, null, new DropLog(LOG));
    }

    /** A bus on an existing (possibly clustered) Vert.x instance. */
    public static StateBus on(Vertx vertx, String contractVersion) {
        return new StateBus(vertx, false, contractVersion, null, new DropLog(LOG));
    }

    /**
     * A bus on a clustered Vert.x whose messages are sealed with {@code seal} (the cluster's shared secret): only
     * holders of the secret can read what it publishes, and it takes only messages sealed by them (others are
     * refused, counted in {@link #unsealed()} and logged at most once every 10 s).
     */
    public static StateBus on(Vertx vertx, String contractVersion, BusSeal seal) {
        return new StateBus(vertx, false, contractVersion, seal, new DropLog(LOG));
    }

    /**
     * As {@link #on(Vertx, String, BusSeal)}, logging the messages it drops in {@code drops}, which a node shares
     * with whatever else drops messages of its event bus (one line every 10 s for all of them).
     */
    public static StateBus on(Vertx vertx, String contractVersion, BusSeal seal, DropLog drops) {
        return new StateBus(vertx, false, contractVersion, seal, drops);
    }

    private StateBus(Vertx vertx, boolean ownsVertx, String contractVersion, BusSeal seal, DropLog drops) {
        this.vertx = vertx;
        this.seal = seal;
        this.drops = drops;
        this.ownsVertx = ownsVertx;
        try {
            vertx.eventBus().registerDefaultCodec(SlowState.class, new SlowStateCodec());
        } catch (IllegalStateException alreadyRegistered) {
            // a second bus on the same Vert.x instance shares the codec
        }
        this.contractVersion = contractVersion;
        this.delivery = new DeliveryOptions().addHeader(CONTRACT_HEADER, contractVersion);
    }

    /** Hands a state to the bus; never blocks. */
    public void publish(SlowState state) {
        if (slot.getAndSet(state) != null) {
            superseded.incrementAndGet();
        }
        if (drainScheduled.compareAndSet(false, true)) {
            vertx.runOnContext(v -> drain());
        }
    }

    private void drain() {
        drainScheduled.set(false);
        SlowState s = slot.getAndSet(null);
        if (s != null) {
            DeliveryOptions options = new DeliveryOptions(delivery).addHeader(SENT_AT_HEADER, Long.toString(epochMicros()));
            Object body;
            if (seal != null) {
                Buffer wire = Buffer.buffer();
                codec.encodeToWire(wire, s);
                body = seal.seal(SLOW_STATE, contractVersion, wire.getBytes());
            } else {
                body = s;
            }
            if (send(SLOW_STATE, body, options)) {
                published.incrementAndGet();
            }
        }
    }

    /**
     * Calls {@code handler} on a Vert.x thread for every state delivered; returns the consumer to unregister.
     * States from a peer on another contract major version are refused (counted in {@link #refused()}); malformed
     * ones are dropped (counted in {@link #malformed()}); both are logged at most once every 10 s, without a trace.
     */
    public MessageConsumer<Object> subscribe(Consumer<SlowState> handler) {
        BusSeal.Window window = seal == null ? null : seal.newWindow();
        return vertx.eventBus().consumer(SLOW_STATE, msg -> {
            Received received = received(SLOW_STATE, msg);
            if (received == null || !acceptable(received.version, SLOW_STATE)) {
                return;
            }
            SlowState state;
            if (seal != null) {
                byte[] plain = opened(SLOW_STATE, received.version, received.body, window);
                if (plain == null) {
                    return;
                }
                try {
                    state = codec.decodeFromWire(0, Buffer.buffer(plain));
                } catch (RuntimeException e) { // sealed by a holder of the secret, and still not a state
                    malformed(SLOW_STATE, e);
                    return;
                }
            } else if (received.body instanceof SlowState s) {
                state = s;
            } else {
                refuseUnsealed(SLOW_STATE, "sealed, or not a SlowState, and this node has no cluster secret");
                return;
            }
            String sentAt = received.sentAt;
            if (sentAt != null) {
                try {
                    recordLatency((epochMicros() - Long.parseLong(sentAt)) / 1000.0);
                } catch (NumberFormatException ignored) {
                    // a peer's malformed header costs only the latency sample
                }
            }
            handler.accept(state);
        });
    }

    /** Publishes one beat on {@value #BEAT}. */
    public void publishBeat(BeatEvent beat) {
        publishEvent(BEAT, EventJson.write(beat));
    }

    /** Publishes the newest aligned beat grid (null: none) on {@value #BEAT_GRID}; never blocks. */
    public void publishGrid(BeatGrid grid) {
        publishEvent(BEAT_GRID, BeatGridJson.write(grid));
    }

    /**
     * The beat grids of peers on this contract major version, null for "no grid"; a grid of another wire version or a
     * malformed one is dropped (logged at most every 10 s, in one line).
     */
    public MessageConsumer<Object> subscribeGrid(Consumer<BeatGrid> handler) {
        return subscribeEvents(BEAT_GRID, BeatGridJson::read, handler);
    }

    private void publishEvent(String address, String json) {
        send(address, seal != null ? seal.seal(address, contractVersion, json.getBytes(StandardCharsets.UTF_8)) : json,
                delivery);
    }

    /** Publishes; false when Vert.x threw (counted in {@link #sendFailures()}). */
    private boolean send(String address, Object body, DeliveryOptions options) {
        try {
            vertx.eventBus().publish(address, body, options);
            return true;
        } catch (RuntimeException e) {
            sendFailures.incrementAndGet();
            if (isLeavingMemberRace(e)) {
                LOG.debug("could not publish on {} to a member that is leaving", address, e);
            } else {
                drops.drop("an outgoing " + address + " message", e);
            }
            return false;
        }
    }

    /**
     * Vert.x 5.0.7's clustered event bus completes a write's promise twice when the connection to a member fails
     * while a message is being written (a killed render node; about 2 in 5 kills here), and throws
     * {@code IllegalStateException: Promise already completed} from OutboundConnection, inside publish or later on the
     * event loop (fixed upstream in vert.x pull request 6170/6211). The member is leaving, which the membership line
     * says already: callers log this at debug level only.
     */
    public static boolean isLeavingMemberRace(Throwable e) {
        if (!(e instanceof IllegalStateException) || !"Promise already completed".equals(e.getMessage())) {
            return false;
        }
        // thrown later on the event loop, the trace may hold only Vert.x's promise and Netty frames, not the
        // clustered event bus's: a double completion none of our code is part of is that race too
        boolean vertx = false;
        for (StackTraceElement frame : e.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("io.vertx.core.eventbus.impl.clustered.")) {
                return true;
            }
            if (c.startsWith("dev.fractalsync.")) {
                return false;
            }
            vertx |= c.startsWith("io.vertx.");
        }
        return vertx;
    }

    /** What a consumer needs of a message, decoded once; its headers and body come from the peer as bytes. */
    private record Received(String version, String sentAt, Object body) {
    }

    /**
     * The headers and body of a message, or null after counting and logging it as malformed: across JVMs Vert.x
     * decodes both lazily, so a peer's bad bytes throw here, inside the consumer, and must not reach Vert.x as an
     * unhandled exception (a stack trace per message).
     */
    private Received received(String address, io.vertx.core.eventbus.Message<Object> msg) {
        try {
            return new Received(msg.headers().get(CONTRACT_HEADER), msg.headers().get(SENT_AT_HEADER), msg.body());
        } catch (RuntimeException e) {
            malformed(address, e);
            return null;
        }
    }

    private void malformed(String address, Throwable e) {
        malformed.incrementAndGet();
        drops.drop("a malformed " + address + " message", e);
    }

    /** The plain bytes of a sealed message, or null after counting (and logging, rate-limited) a refusal. */
    private byte[] opened(String address, String version, Object body, BusSeal.Window window) {
        try {
            return seal.open(address, version, body, window);
        } catch (BusSeal.Refused e) {
            refuseUnsealed(address, e.getMessage());
            return null;
        }
    }

    private void refuseUnsealed(String address, String why) {
        unsealed.incrementAndGet();
        drops.drop("a " + address + " message", why + " (from a process outside the cluster, or a node with another "
                + "secret?)");
    }

    /** The body of an event message as JSON text, or null when it was refused. */
    private String eventText(String address, String version, Object body, BusSeal.Window window) {
        if (seal != null) {
            byte[] plain = opened(address, version, body, window);
            return plain == null ? null : new String(plain, StandardCharsets.UTF_8);
        }
        if (body instanceof String text) {
            return text;
        }
        refuseUnsealed(address, "sealed, and this node has no cluster secret");
        return null;
    }

    /** Publishes a section change on {@value #SECTION}. */
    public void publishSection(SectionChange change) {
        publishEvent(SECTION, EventJson.write(change));
    }

    /** Publishes a boundary warning on {@value #SECTION}. */
    public void publishBoundary(BoundaryWarning warning) {
        publishEvent(SECTION, EventJson.write(warning));
    }

    /** The beats of peers on this contract major version; malformed messages are dropped (logged at most every 10 s). */
    public MessageConsumer<Object> subscribeBeats(Consumer<BeatEvent> handler) {
        return subscribeEvents(BEAT, EventJson::readBeat, handler);
    }

    /** Section changes and boundary warnings of peers on this contract major version. */
    public MessageConsumer<Object> subscribeSections(Consumer<SectionChange> changes, Consumer<BoundaryWarning> warnings) {
        return subscribeEvents(SECTION, EventJson::readSection, r -> {
            if (r instanceof SectionChange c) {
                changes.accept(c);
            } else if (r instanceof BoundaryWarning w) {
                warnings.accept(w);
            }
        });
    }

    /**
     * Hands {@code handler} the events on {@code address} from peers on this contract major version, as
     * {@code parser} reads them; the rest (another major version, a seal that does not open, malformed) are dropped.
     */
    private <T> MessageConsumer<Object> subscribeEvents(String address, java.util.function.Function<String, T> parser,
                                                        Consumer<T> handler) {
        BusSeal.Window window = seal == null ? null : seal.newWindow();
        return vertx.eventBus().consumer(address, msg -> {
            Received received = received(address, msg);
            String text = received != null && acceptable(received.version, address)
                    ? eventText(address, received.version, received.body, window) : null;
            if (text != null) {
                parsed(address, text, parser, handler);
            }
        });
    }

    private boolean acceptable(String version, String address) {
        if (sameMajor(version)) {
            return true;
        }
        refused.incrementAndGet();
        drops.drop("a " + address + " message", "from a peer on contract version " + version + " (this node uses "
                + contractVersion + ")");
        return false;
    }

    private <T> void parsed(String address, String body, java.util.function.Function<String, T> parser,
                            Consumer<T> handler) {
        T value;
        try {
            value = parser.apply(body);
        } catch (RuntimeException e) {
            malformed(address, e);
            return;
        }
        handler.accept(value);
    }

    private static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private synchronized void recordLatency(double ms) {
        latenciesMs[(int) (latencyCount++ % LATENCY_SAMPLES)] = ms;
    }

    /** Forgets the latency samples so far (e.g. the burst while a cluster forms). */
    public synchronized void clearLatencies() {
        latencyCount = 0;
    }

    /**
     * Percentile {@code p} in [0, 100] of the publish-to-receive latency, in milliseconds, over the last
     * {@value #LATENCY_SAMPLES} states received by this bus's subscribers (NaN before the first).
     */
    public synchronized double latencyPercentileMs(double p) {
        int n = (int) Math.min(latencyCount, LATENCY_SAMPLES);
        if (n == 0) {
            return Double.NaN;
        }
        double[] sorted = java.util.Arrays.copyOf(latenciesMs, n);
        java.util.Arrays.sort(sorted);
        return Percentile.ofSorted(sorted, p / 100);
    }

    private boolean sameMajor(String version) {
        if (version == null) {
            return false;
        }
        int dot = version.indexOf('.');
        int ours = contractVersion.indexOf('.');
        return dot > 0 && ours > 0 && version.substring(0, dot).equals(contractVersion.substring(0, ours));
    }

    /** Messages refused because they were not sealed with this bus's cluster secret (or were replayed). */
    public long unsealed() {
        return unsealed.get();
    }

    /** Messages this bus could not publish because Vert.x threw (see {@link #send}). */
    public long sendFailures() {
        return sendFailures.get();
    }

    /** Messages dropped because their headers or body could not be decoded. */
    public long malformed() {
        return malformed.get();
    }

    /** Messages refused because of a contract version mismatch. */
    public long refused() {
        return refused.get();
    }

    /** States replaced in the hand-off before delivery because a newer one arrived. */
    public long superseded() {
        return superseded.get();
    }

    /** States actually published on the event bus. */
    public long published() {
        return published.get();
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        drops.close();
        if (ownsVertx) {
            try {
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down: nothing left to do with a slow close
            }
        }
    }
}
