package dev.fractalsync.app;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.ProviderWiring;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Accelerated soak: the default offline slow pipeline (BeatNet + anticipator, decimation 2) over
 * {@code fractalsync.soak.minutes} minutes of audio (default 3; {@code mvn -Psoak} runs 60). The audio is a playlist of
 * {@value #CHUNK_SECONDS}-second chunks that alternates the demo song with random generated songs (70–180 BPM), so
 * the tempo changes abruptly at every chunk boundary. Asserts beat_count never decreases, no state field is NaN or
 * infinite, and the heap after warm-up stays flat: used heap after a GC at 100% of the run minus the same at 25% is
 * below {@value #HEAP_GROWTH_LIMIT_MB} MB.
 */
class SoakTest {
    private static final int CHUNK_SECONDS = 45;
    private static final long HEAP_GROWTH_LIMIT_MB = 32;

    @Test
    void slowPipelineStaysMonotonicFiniteAndFlatOverMinutesOfTempoChanges() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("fractalsync.soak.minutes", "3"));
        EngineOptions options = CommandLine.populateCommand(new EngineOptions());
        ProviderWiring engine = options.wiring();
        int hop = engine.contract().hop();
        int rate = engine.contract().sampleRate();
        long totalHops = (long) Math.ceil(minutes * 60 * rate / hop);
        int chunkHops = CHUNK_SECONDS * rate / hop;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long started = System.nanoTime();
        long heapAtQuarter = -1;
        long heapAtEnd;
        long lastBeatCount = Long.MIN_VALUE;
        int chunks = 0;
        double minBpm = Double.MAX_VALUE;
        double maxBpm = 0;
        float[] buf = new float[hop];
        try (SlowClock clock = engine.slowClock(0)) {
            long h = 0;
            while (h < totalHops) {
                SongSpec spec = chunks % 4 == 0 ? SongSpec.demo() : SongSpec.random(chunks);
                minBpm = Math.min(minBpm, spec.bpm());
                maxBpm = Math.max(maxBpm, spec.bpm());
                // A fixed-size chunk, so the live audio buffer is the same size at both heap samples.
                float[] chunk = Arrays.copyOf(DemoSong.render(spec).samples(), chunkHops * hop);
                chunks++;
                for (int c = 0; c < chunkHops && h < totalHops; c++, h++) {
                    HopCutter.copyHop(chunk, c, hop, buf);
                    SlowState s = clock.processHop(buf);
                    assertFinite(s, h);
                    long beatCount = s.beat().beatCount();
                    if (beatCount < lastBeatCount) {
                        fail("beat_count went back from " + lastBeatCount + " to " + beatCount + " at hop " + h);
                    }
                    lastBeatCount = beatCount;
                    if (h + 1 == totalHops / 4) {
                        heapAtQuarter = usedHeapAfterGc(memory);
                    }
                }
            }
            heapAtEnd = usedHeapAfterGc(memory);
            assertEquals(totalHops, clock.hopsProcessed());
            assertEquals("", clock.status(), "no provider fell back during the soak");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double audioMinutes = totalHops * (double) hop / rate / 60;
        long growthMb = (heapAtEnd - heapAtQuarter) >> 20;
        System.out.printf("soak: %.1f min of audio (%d hops, %d chunks, %.1f-%.1f BPM) in %.1f s (%.0fx real time); "
                        + "beats %d; used heap after GC at 25%% %d MB, at 100%% %d MB (growth %d MB, limit %d MB)%n",
                audioMinutes, totalHops, chunks, minBpm, maxBpm, seconds, audioMinutes * 60 / seconds, lastBeatCount,
                heapAtQuarter >> 20, heapAtEnd >> 20, growthMb, HEAP_GROWTH_LIMIT_MB);
        assertTrue(chunks >= 4, "at least three tempo changes: " + chunks + " chunks");
        assertTrue(lastBeatCount > 0, "beats were counted");
        assertTrue(heapAtQuarter > 0, "heap sampled at 25%");
        assertTrue(growthMb < HEAP_GROWTH_LIMIT_MB, "heap grew by " + growthMb + " MB between 25% and 100% of the run");
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        // Several rounds: one System.gc() may leave floating garbage; the minimum is the live set.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void assertFinite(SlowState s, long hop) {
        BeatClockState b = s.beat();
        check(hop, "t_sec", b.tSec());
        check(hop, "spb", b.spb());
        check(hop, "phase", b.phase());
        check(hop, "conf", b.conf());
        if (b.downbeatProb() != null) {
            check(hop, "downbeat_prob", b.downbeatProb());
        }
        StructureState st = s.structure();
        checkAll(hop, "section_probs", st.sectionProbs());
        checkAll(hop, "hazard_probs", st.hazardProbs());
        if (st.macroEmbedding() != null) {
            checkAll(hop, "macro_embedding", st.macroEmbedding());
        }
        for (int i = 0; i < s.featureCount(); i++) {
            check(hop, "features[" + i + "]", s.feature(i));
        }
    }

    private static void checkAll(long hop, String field, double[] values) {
        for (int i = 0; i < values.length; i++) {
            check(hop, field + "[" + i + "]", values[i]);
        }
    }

    private static void check(long hop, String field, double v) {
        if (!Double.isFinite(v)) {
            fail(field + " is " + v + " at hop " + hop);
        }
    }
}
