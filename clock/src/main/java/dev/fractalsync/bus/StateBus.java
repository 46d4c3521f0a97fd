package dev.fractalsync.bus;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.json.EventJson;
import dev.fractalsync.api.stats.Percentile;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The state bus on a Vert.x event bus. The slow clock {@link #publish}es from the audio thread without blocking:
 * the state goes into a one-slot hand-off and a drain is scheduled on the Vert.x context; if the consumer side lags,
 * a newer state replaces the waiting one (newest wins, counted in {@link #superseded()}).
 * Addresses: {@value #SLOW_STATE} (SlowState, published every hop), {@value #BEAT} (one {@link BeatEvent} per beat)
 * and {@value #SECTION} ({@link SectionChange} and {@link BoundaryWarning}); events travel as their JSON wire form
 * ({@link EventJson}) in process and across JVMs alike: a few messages a second need no binary codec.
 */
public final class StateBus implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateBus.class);
    public static final String SLOW_STATE = "fractalsync.slow-state";
    public static final String BEAT = "fractalsync.beat";
    public static final String SECTION = "fractalsync.section";
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
    private final double[] latenciesMs = new double[LATENCY_SAMPLES];
    private long latencyCount;
    private final String contractVersion;

    /** A bus on its own in-process Vert.x instance. */
    public static StateBus local(String contractVersion) {
        return new StateBus(Vertx.vertx(), true, contractVersion);
    }

    /** A bus on an existing (possibly clustered) Vert.x instance. */
    public static StateBus on(Vertx vertx, String contractVersion) {
        return new StateBus(vertx, false, contractVersion);
    }

    private StateBus(Vertx vertx, boolean ownsVertx, String contractVersion) {
        this.vertx = vertx;
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
            vertx.eventBus().publish(SLOW_STATE, s, new DeliveryOptions(delivery).addHeader(SENT_AT_HEADER,
                    Long.toString(epochMicros())));
            published.incrementAndGet();
        }
    }

    /**
     * Calls {@code handler} on a Vert.x thread for every state delivered; returns the consumer to unregister.
     * States from a peer on another contract major version are refused (logged once, counted in {@link #refused()}).
     */
    public MessageConsumer<SlowState> subscribe(Consumer<SlowState> handler) {
        return vertx.eventBus().consumer(SLOW_STATE, msg -> {
            String version = msg.headers().get(CONTRACT_HEADER);
            if (!sameMajor(version)) {
                if (refused.getAndIncrement() == 0) {
                    LOG.warn("refusing SlowState messages from a peer on contract version {} (this node uses {})",
                            version, contractVersion);
                }
                return;
            }
            String sentAt = msg.headers().get(SENT_AT_HEADER);
            if (sentAt != null) {
                recordLatency((epochMicros() - Long.parseLong(sentAt)) / 1000.0);
            }
            handler.accept(msg.body());
        });
    }

    /** Publishes one beat on {@value #BEAT}. */
    public void publishBeat(BeatEvent beat) {
        vertx.eventBus().publish(BEAT, EventJson.write(beat), delivery);
    }

    /** Publishes a section change on {@value #SECTION}. */
    public void publishSection(SectionChange change) {
        vertx.eventBus().publish(SECTION, EventJson.write(change), delivery);
    }

    /** Publishes a boundary warning on {@value #SECTION}. */
    public void publishBoundary(BoundaryWarning warning) {
        vertx.eventBus().publish(SECTION, EventJson.write(warning), delivery);
    }

    /** The beats of peers on this contract major version; malformed messages are logged once and skipped. */
    public MessageConsumer<String> subscribeBeats(Consumer<BeatEvent> handler) {
        return vertx.eventBus().consumer(BEAT, msg -> {
            if (acceptable(msg.headers().get(CONTRACT_HEADER), BEAT)) {
                parsed(msg.body(), EventJson::readBeat, handler);
            }
        });
    }

    /** Section changes and boundary warnings of peers on this contract major version. */
    public MessageConsumer<String> subscribeSections(Consumer<SectionChange> changes, Consumer<BoundaryWarning> warnings) {
        return vertx.eventBus().consumer(SECTION, msg -> {
            if (acceptable(msg.headers().get(CONTRACT_HEADER), SECTION)) {
                parsed(msg.body(), EventJson::readSection, r -> {
                    if (r instanceof SectionChange c) {
                        changes.accept(c);
                    } else if (r instanceof BoundaryWarning w) {
                        warnings.accept(w);
                    }
                });
            }
        });
    }

    private boolean acceptable(String version, String address) {
        if (sameMajor(version)) {
            return true;
        }
        if (refused.getAndIncrement() == 0) {
            LOG.warn("refusing {} messages from a peer on contract version {} (this node uses {})", address, version,
                    contractVersion);
        }
        return false;
    }

    private <T> void parsed(String body, java.util.function.Function<String, T> parser, Consumer<T> handler) {
        T value;
        try {
            value = parser.apply(body);
        } catch (IllegalArgumentException e) {
            if (malformed.getAndIncrement() == 0) {
                LOG.warn("skipping a malformed event message: {} (further ones counted, not logged)", e.getMessage());
            }
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
        if (ownsVertx) {
            try {
                vertx.close().await(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // shutting down: nothing left to do with a slow close
            }
        }
    }
}
