package dev.fractalsync.bus;

import dev.fractalsync.clock.BeatGrid;
import io.vertx.core.eventbus.DeliveryOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeatGridBusTest {
    private static final BeatGrid GRID = new BeatGrid(42, 21.337_123_456_789_01, 0.483_870_967_741_935_5, 8);

    @Test
    void theWireFormGivesBackTheSameGridToTheLastBit() {
        assertEquals(GRID, BeatGridJson.read(BeatGridJson.write(GRID)));
        assertNull(BeatGridJson.read(BeatGridJson.write(null)));
    }

    @Test
    void anotherWireVersionOrAMalformedGridIsOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BeatGridJson.read(
                "{\"v\":2,\"anchor_count\":1,\"anchor_t_sec\":1.0,\"period_sec\":0.5,\"anchors\":3}"));
        assertEquals("beat grid of wire version 2, this node reads 1: run the same FractalSync version on every node",
                e.getMessage());
        assertEquals("invalid beat grid JSON: 'period_sec' must be a number", assertThrows(IllegalArgumentException.class,
                () -> BeatGridJson.read("{\"v\":1,\"anchor_count\":1,\"anchor_t_sec\":1.0,\"anchors\":3}")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BeatGridJson.read(
                "{\"v\":1,\"anchor_count\":1,\"anchor_t_sec\":1.0,\"period_sec\":0,\"anchors\":3}")).getMessage()
                .startsWith("invalid beat grid JSON: beat grid needs a positive period"));
    }

    @Test
    void sealedGridsCrossTheBusAndForeignVersionsAreDropped() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        try (StateBus owner = StateBus.local("1.0.0")) {
            StateBus sender = StateBus.on(owner.vertx(), "1.0.0", new BusSeal(key));
            StateBus receiver = StateBus.on(owner.vertx(), "1.0.0", new BusSeal(key));
            StateBus plain = StateBus.on(owner.vertx(), "1.0.0");
            StateBus plainReceiver = StateBus.on(owner.vertx(), "1.0.0");
            List<Object> got = new CopyOnWriteArrayList<>();
            receiver.subscribeGrid(g -> got.add(g == null ? "none" : g));
            List<Object> plainGot = new CopyOnWriteArrayList<>();
            plainReceiver.subscribeGrid(g -> plainGot.add(g == null ? "none" : g));
            Thread.sleep(100);
            sender.publishGrid(GRID);
            sender.publishGrid(null);
            // a newer node's grid (wire version 2) and a peer on another contract major
            owner.vertx().eventBus().publish(StateBus.BEAT_GRID, "{\"v\":2,\"grid\":null}",
                    new DeliveryOptions().addHeader(StateBus.CONTRACT_HEADER, "1.0.0"));
            owner.vertx().eventBus().publish(StateBus.BEAT_GRID, BeatGridJson.write(GRID),
                    new DeliveryOptions().addHeader(StateBus.CONTRACT_HEADER, "2.0.0"));
            plain.publishGrid(GRID);
            long deadline = System.currentTimeMillis() + 5000;
            while ((got.size() < 2 || plainGot.size() < 1 || plainReceiver.malformed() < 1 || plainReceiver.refused() < 1)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertEquals(List.of(GRID, "none"), got);
            assertEquals(List.of(GRID), plainGot);
            assertEquals(1, plainReceiver.malformed(), "the version-2 grid");
            assertEquals(1, plainReceiver.refused(), "the contract-2 grid");
        }
    }
}
