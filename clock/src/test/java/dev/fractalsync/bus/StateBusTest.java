package dev.fractalsync.bus;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateBusTest {
    private static SlowState state(long hop) {
        return new SlowState(hop, new BeatClockState(hop * 0.02, 0.5, 0.25, hop / 20, 0.9, 0.1),
                StructureState.neutral(), SectionLabel.SILENCE, new float[]{hop, 0.5f});
    }

    @Test
    void statesArriveInOrderNewestWinsAndLocalDeliveryDoesNotCopy() throws Exception {
        try (StateBus bus = StateBus.local("1.0.0")) {
            List<SlowState> got = new CopyOnWriteArrayList<>();
            CountDownLatch last = new CountDownLatch(1);
            bus.subscribe(s -> {
                got.add(s);
                if (s.hopIndex() == 499) {
                    last.countDown();
                }
            });
            Thread.sleep(100); // let the consumer registration settle
            SlowState[] sent = new SlowState[500];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = state(i);
                bus.publish(sent[i]);
            }
            assertTrue(last.await(5, TimeUnit.SECONDS), "the newest state is always delivered");
            for (int i = 1; i < got.size(); i++) {
                assertTrue(got.get(i).hopIndex() > got.get(i - 1).hopIndex(), "order preserved");
            }
            assertSame(sent[499], got.get(got.size() - 1), "in-process delivery passes the record itself");
            assertEquals(500, bus.published() + bus.superseded());
        }
    }

    @Test
    void statesFromAnotherContractMajorAreRefused() throws Exception {
        try (StateBus ours = StateBus.local("1.2.0")) {
            StateBus theirs = StateBus.on(ours.vertx(), "2.0.0");
            List<SlowState> got = new CopyOnWriteArrayList<>();
            ours.subscribe(got::add);
            Thread.sleep(100);
            theirs.publish(state(1));
            StateBus sameMajor = StateBus.on(ours.vertx(), "1.0.3");
            sameMajor.publish(state(2));
            long deadline = System.currentTimeMillis() + 5000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(1, got.size());
            assertEquals(2, got.get(0).hopIndex());
            assertEquals(1, ours.refused());
        }
    }

    /** Issue 35: on a cluster with a secret, only messages sealed by holders of the secret are taken. */
    @Test
    void aSealedBusTakesOnlyMessagesSealedWithItsSecretAndNoReplay() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        try (StateBus sender = StateBus.local("1.0.0")) {
            io.vertx.core.Vertx vertx = sender.vertx();
            StateBus ours = StateBus.on(vertx, "1.0.0", new BusSeal(key));
            StateBus sealedSender = StateBus.on(vertx, "1.0.0", new BusSeal(key));
            StateBus otherSecret = StateBus.on(vertx, "1.0.0", new BusSeal("another secret, another key!!!!!".getBytes()));
            List<SlowState> got = new CopyOnWriteArrayList<>();
            List<BeatEvent> beats = new CopyOnWriteArrayList<>();
            List<Object> wire = new CopyOnWriteArrayList<>();
            ours.subscribe(got::add);
            ours.subscribeBeats(beats::add);
            vertx.eventBus().consumer(StateBus.SLOW_STATE, m -> wire.add(m.body())); // what an eavesdropper sees
            Thread.sleep(100);
            sealedSender.publish(state(7));
            sealedSender.publishBeat(new BeatEvent(1.5, 3, 120.0, 0.9, true, 1));
            awaitSize(got, 1);
            awaitSize(beats, 1);
            assertEquals(7, got.get(0).hopIndex());
            assertEquals(3, beats.get(0).beatCount());
            Buffer sealed = (Buffer) wire.get(0);
            assertTrue(!sealed.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains("\"hop\""),
                    "the state is not readable on the wire");

            sender.publish(state(8)); // unsealed: a process that reached the bus without the secret
            otherSecret.publish(state(9)); // sealed with another secret
            vertx.eventBus().publish(StateBus.SLOW_STATE, sealed, new io.vertx.core.eventbus.DeliveryOptions()
                    .addHeader(StateBus.CONTRACT_HEADER, "1.0.0")); // a recorded message played again
            Buffer tampered = sealed.copy();
            tampered.setByte(tampered.length() - 20, (byte) (tampered.getByte(tampered.length() - 20) ^ 1));
            vertx.eventBus().publish(StateBus.SLOW_STATE, tampered, new io.vertx.core.eventbus.DeliveryOptions()
                    .addHeader(StateBus.CONTRACT_HEADER, "1.0.0"));
            long deadline = System.currentTimeMillis() + 5000;
            while (ours.unsealed() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(1, got.size(), "only the sealed state: " + got);
            assertEquals(4, ours.unsealed());
            sealedSender.publish(state(10));
            awaitSize(got, 2);
            assertEquals(10, got.get(1).hopIndex());
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size(), list.toString());
    }

    @Test
    void wireCodecRoundTripsJson() {
        SlowStateCodec codec = new SlowStateCodec();
        Buffer buf = Buffer.buffer();
        buf.appendString("xx");
        codec.encodeToWire(buf, state(42));
        assertEquals(state(42), codec.decodeFromWire(2, buf));
    }

    /** Issue 36: a declared length the bytes do not back is refused before anything is allocated. */
    @Test
    void wireCodecChecksTheDeclaredLengthBeforeAllocating() {
        SlowStateCodec codec = new SlowStateCodec();
        for (int declared : new int[]{1 << 30, Integer.MAX_VALUE - 16, Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 9}) {
            Buffer wire = Buffer.buffer().appendString("xx").appendInt(declared).appendString("{\"hop\":1}");
            long before = allocatedBytes();
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> codec.decodeFromWire(2, wire));
            long allocated = allocatedBytes() - before;
            assertTrue(allocated < 1 << 20, declared + ": " + allocated + " bytes allocated");
            assertTrue(e.getMessage().startsWith(declared == 9 ? "invalid SlowState JSON" : "a SlowState message declares "
                    + declared + " bytes of JSON and carries 9"), e.getMessage());
        }
        for (int pos : new int[]{-1, 3, 100}) {
            Buffer wire = Buffer.buffer().appendString("xxxxx");
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> codec.decodeFromWire(pos, wire));
        }
    }

    /** Bytes this thread has allocated (com.sun.management, reached reflectively: the module does not read it). */
    private static long allocatedBytes() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            return (long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class)
                    .invoke(threads, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issue 36: foreign, replayed, malformed and wrong-version messages on every address are dropped and counted,
     * logged as one line however many arrive within 10 s; a good state still gets through after them.
     */
    @Test
    void aFloodOfBadMessagesIsOneLogLine() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        List<String> lines = new CopyOnWriteArrayList<>();
        DropLog drops = new DropLog(lines::add, System::nanoTime, 10_000_000_000L);
        try (StateBus plain = StateBus.local("1.0.0")) {
            io.vertx.core.Vertx vertx = plain.vertx();
            StateBus ours = StateBus.on(vertx, "1.0.0", new BusSeal(key), drops);
            List<Object> got = new CopyOnWriteArrayList<>();
            ours.subscribe(got::add);
            ours.subscribeBeats(got::add);
            ours.subscribeSections(got::add, got::add);
            Thread.sleep(100);
            BusSeal holder = new BusSeal(key);
            io.vertx.core.eventbus.DeliveryOptions v1 = new io.vertx.core.eventbus.DeliveryOptions()
                    .addHeader(StateBus.CONTRACT_HEADER, "1.0.0");
            io.vertx.core.eventbus.DeliveryOptions v9 = new io.vertx.core.eventbus.DeliveryOptions()
                    .addHeader(StateBus.CONTRACT_HEADER, "9.0.0");
            int sent = 0;
            for (int i = 0; i < 50; i++) {
                for (String address : List.of(StateBus.SLOW_STATE, StateBus.BEAT, StateBus.SECTION)) {
                    vertx.eventBus().publish(address, Buffer.buffer("garbage " + i), v1); // not sealed
                    vertx.eventBus().publish(address, i, v1); // not even a buffer
                    vertx.eventBus().publish(address, "{}", v9); // another contract major
                    vertx.eventBus().publish(address, "{}"); // no contract header
                    // sealed by a holder of the secret, and still not a state or event
                    vertx.eventBus().publish(address, holder.seal(address, "1.0.0", new byte[]{0, 0, 0, 100, '{'}), v1);
                    sent += 5;
                }
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (drops.total() < sent && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(sent, drops.total());
            assertEquals(sent, ours.unsealed() + ours.refused() + ours.malformed());
            assertEquals(150, ours.malformed());
            assertEquals(300, ours.refused());
            assertEquals(List.of(), got);
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("dropped a fractalsync."), lines.get(0));
            StateBus.on(vertx, "1.0.0", holder).publish(state(3));
            awaitSize(got, 1);
        }
    }

    @Test
    void beatAndSectionEventsTravelAsJsonOnTheirAddresses() throws Exception {
        try (StateBus bus = StateBus.local("1.0.0")) {
            List<Object> got = new CopyOnWriteArrayList<>();
            CountDownLatch three = new CountDownLatch(3);
            bus.subscribeBeats(b -> {
                got.add(b);
                three.countDown();
            });
            bus.subscribeSections(c -> {
                got.add(c);
                three.countDown();
            }, w -> {
                got.add(w);
                three.countDown();
            });
            Thread.sleep(100);
            BeatEvent beat = new BeatEvent(1.5, 3, 120, 0.8, false, 3);
            SectionChange change = new SectionChange(2.0,
                    SectionLabel.VERSE, SectionLabel.CHORUS, 0.7);
            BoundaryWarning warning = new BoundaryWarning(1.8, 2, 0.6, 0.5, 1.0);
            bus.publishBeat(beat);
            bus.publishSection(change);
            bus.publishBoundary(warning);
            assertTrue(three.await(5, TimeUnit.SECONDS), "got " + got);
            assertEquals(Set.of(beat, change, warning), Set.copyOf(got));
        }
    }

    /** Vert.x's double completion on a connection to a leaving member, wherever its trace starts; not our own. */
    @Test
    void theLeavingMemberRaceIsRecognisedByItsVertxFramesOnly() {
        assertTrue(StateBus.isLeavingMemberRace(race("io.vertx.core.eventbus.impl.clustered.OutboundConnection")));
        assertTrue(StateBus.isLeavingMemberRace(race("io.vertx.core.impl.future.PromiseImpl", "io.netty.channel.AbstractChannel")));
        org.junit.jupiter.api.Assertions.assertFalse(StateBus.isLeavingMemberRace(
                race("dev.fractalsync.bus.StateBus", "io.vertx.core.impl.future.PromiseImpl")));
        org.junit.jupiter.api.Assertions.assertFalse(StateBus.isLeavingMemberRace(race("io.netty.channel.AbstractChannel")));
        org.junit.jupiter.api.Assertions.assertFalse(StateBus.isLeavingMemberRace(new IllegalStateException("other")));
    }

    private static IllegalStateException race(String... classes) {
        IllegalStateException e = new IllegalStateException("Promise already completed");
        StackTraceElement[] trace = new StackTraceElement[classes.length];
        for (int i = 0; i < classes.length; i++) {
            trace[i] = new StackTraceElement(classes[i], "m", null, -1);
        }
        e.setStackTrace(trace);
        return e;
    }
}
