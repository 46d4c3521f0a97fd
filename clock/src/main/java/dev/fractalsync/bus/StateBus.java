package dev.fractalsync.bus;

import dev.fractalsync.api.SlowState;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The state bus on a Vert.x event bus. The slow clock {@link #publish}es from the audio thread without blocking:
 * the state goes into a one-slot hand-off and a drain is scheduled on the Vert.x context; if the consumer side lags,
 * a newer state replaces the waiting one (newest wins, counted in {@link #superseded()}).
 * Addresses: {@value #SLOW_STATE} (SlowState, published every hop).
 */
public final class StateBus implements AutoCloseable {
    public static final String SLOW_STATE = "fractalsync.slow-state";
    public static final String CONTRACT_HEADER = "contract-version";

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final DeliveryOptions delivery;
    private final AtomicReference<SlowState> slot = new AtomicReference<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong superseded = new AtomicLong();
    private final AtomicLong published = new AtomicLong();

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
            vertx.eventBus().publish(SLOW_STATE, s, delivery);
            published.incrementAndGet();
        }
    }

    /** Calls {@code handler} on a Vert.x thread for every state delivered; returns the consumer to unregister. */
    public MessageConsumer<SlowState> subscribe(Consumer<SlowState> handler) {
        MessageConsumer<SlowState> c = vertx.eventBus().consumer(SLOW_STATE, msg -> handler.accept(msg.body()));
        return c;
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
