package dev.fractalsync.dsp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class HopCutterTest {
    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    @Test
    void lastPartialHopIsPaddedNotDropped() {
        List<float[]> hops = new ArrayList<>();
        HopCutter.cut(ramp(10), 4, (h, i) -> hops.add(h.clone()));
        assertEquals(3, hops.size());
        assertEquals(3, HopCutter.hopCount(10, 4));
        assertArrayEquals(new float[]{9, 10, 0, 0}, hops.get(2));
    }

    @Test
    void anyBufferSizesGiveTheSameHopsAsTheWholeSignal() {
        float[] x = ramp(1000);
        float[][] whole = HopCutter.split(x, 64);
        List<float[]> streamed = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        HopCutter cutter = new HopCutter(64);
        int[] sizes = {1, 7, 64, 100, 3, 200};
        int off = 0;
        for (int k = 0; off < x.length; k++) {
            int n = Math.min(sizes[k % sizes.length], x.length - off);
            cutter.push(x, off, n, (h, i) -> {
                streamed.add(h.clone());
                indices.add(i);
            });
            off += n;
        }
        cutter.flush((h, i) -> {
            streamed.add(h.clone());
            indices.add(i);
        });
        assertEquals(whole.length, streamed.size());
        for (int i = 0; i < whole.length; i++) {
            assertArrayEquals(whole[i], streamed.get(i), "hop " + i);
            assertEquals(i, indices.get(i));
        }
    }

    @Test
    void flushWithoutPendingSamplesEmitsNothing() {
        HopCutter cutter = new HopCutter(4);
        int[] count = {0};
        cutter.push(ramp(8), 0, 8, (h, i) -> count[0]++);
        cutter.flush((h, i) -> count[0]++);
        assertEquals(2, count[0]);
    }
}
