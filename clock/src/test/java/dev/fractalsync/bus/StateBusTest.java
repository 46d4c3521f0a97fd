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

    @Test
    void wireCodecRoundTripsJson() {
        SlowStateCodec codec = new SlowStateCodec();
        Buffer buf = Buffer.buffer();
        buf.appendString("xx");
        codec.encodeToWire(buf, state(42));
        assertEquals(state(42), codec.decodeFromWire(2, buf));
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
}
