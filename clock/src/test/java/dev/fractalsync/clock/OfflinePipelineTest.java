package dev.fractalsync.clock;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfflinePipelineTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();
    // not a whole number of blocks or hops: the last block is partial and the last hop zero-padded
    private static final float[] DEMO = Arrays.copyOf(DemoSong.render(SongSpec.demo()).samples(),
            HOP * (3 * OfflinePipeline.BLOCK_HOPS + 17) + 300);

    private static SlowClock clock() {
        ProviderContext ctx = ProviderContext.defaults(CONTRACT);
        PlaceholderOscillator beat = new PlaceholderOscillator();
        try {
            beat.open(ctx);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return new SlowClock(CONTRACT, new GuardedProvider<>("beat", beat, ctx, null, 0, 8),
                new GuardedProvider<>("structure", new NeutralStructureProvider(), ctx, null, 0, 8), 2);
    }

    /** The states of {@link #DEMO} processed hop by hop, as JSON. */
    private static List<String> hopByHop() {
        List<String> serial = new ArrayList<>();
        try (SlowClock c = clock()) {
            c.addListener(s -> serial.add(StateJson.write(s)));
            HopCutter.cut(DEMO, HOP, (buf, i) -> c.processHop(buf));
        }
        return serial;
    }

    @Test
    void publishesExactlyWhatHopByHopProcessingPublishes() throws Exception {
        List<String> serial = hopByHop();
        List<String> piped = new ArrayList<>();
        long[] progress = new long[1];
        try (SlowClock c = clock()) {
            c.addListener(s -> piped.add(StateJson.write(s)));
            long hops = OfflinePipeline.run(DEMO, c, done -> progress[0] = done);
            assertEquals(serial.size(), hops);
        }
        assertEquals(HopCutter.hopCount(DEMO.length, HOP), serial.size());
        assertEquals(serial.size(), progress[0]);
        assertEquals(serial, piped);
    }

    @Test
    void onOneCorePublishesExactlyWhatHopByHopProcessingPublishes() throws Exception {
        List<String> serial = hopByHop();
        List<String> oneCore = new ArrayList<>();
        long[] progress = new long[1];
        List<Thread> publishers = new ArrayList<>();
        try (SlowClock c = clock()) {
            c.addListener(s -> {
                oneCore.add(StateJson.write(s));
                if (publishers.isEmpty() || publishers.get(publishers.size() - 1) != Thread.currentThread()) {
                    publishers.add(Thread.currentThread());
                }
            });
            long hops = OfflinePipeline.runOnOneCore(sink -> HopCutter.cut(DEMO, HOP, sink), c,
                    done -> progress[0] = done, null);
            assertEquals(serial.size(), hops);
        }
        assertEquals(serial.size(), progress[0]);
        assertEquals(serial, oneCore);
        assertEquals(List.of(Thread.currentThread()), publishers, "every state is published on the calling thread");
    }

    @Test
    void onOneCoreAFailingSourceFailsTheRunAfterTheBlocksBeforeIt() {
        List<String> published = new ArrayList<>();
        try (SlowClock c = clock()) {
            c.addListener(s -> published.add(StateJson.write(s)));
            IOException thrown = assertThrows(IOException.class, () -> OfflinePipeline.runOnOneCore(sink -> {
                float[] buf = new float[HOP];
                for (int i = 0; i < OfflinePipeline.BLOCK_HOPS + 5; i++) {
                    sink.accept(buf, i);
                }
                throw new IOException("truncated file");
            }, c, null, null));
            assertEquals("truncated file", thrown.getMessage());
        }
        assertEquals(OfflinePipeline.BLOCK_HOPS, published.size(), "the full block before the failure is published");
    }

    @Test
    void aFailingSourceFailsTheRunOnTheCallingThreadAfterTheHopsBeforeIt() {
        IOException broken = new IOException("truncated file");
        List<Long> seen = new ArrayList<>();
        try (SlowClock c = clock()) {
            c.addListener(s -> seen.add(s.hopIndex()));
            IOException thrown = assertThrows(IOException.class, () -> OfflinePipeline.run(sink -> {
                float[] h = new float[HOP];
                for (int i = 0; i < 100; i++) {
                    sink.accept(h, i);
                }
                throw broken;
            }, c, null));
            assertSame(broken, thrown);
        }
        assertEquals(100, seen.size());
    }

    @Test
    void aFailingListenerStopsTheReader() throws Exception {
        Thread[] reader = new Thread[1];
        try (SlowClock c = clock()) {
            c.addListener(s -> {
                if (s.hopIndex() == 10) {
                    throw new IllegalStateException("disk full");
                }
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OfflinePipeline.run(sink -> {
                reader[0] = Thread.currentThread();
                float[] h = new float[HOP];
                for (long i = 0; ; i++) { // endless: only the consumer's failure ends it
                    sink.accept(h, i);
                }
            }, c, null));
            assertEquals("disk full", e.getMessage());
        }
        assertTrue(reader[0] != null && reader[0] != Thread.currentThread());
        reader[0].join(5000);
        assertFalse(reader[0].isAlive());
    }
}
