package dev.fractalsync.features;

import dev.fractalsync.api.FeatureWindow;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameStoreTest {
    private static float[] frame(int i) {
        return new float[]{i, 10 * i, -i};
    }

    /** The seed's poll-rate bug: window contents must not depend on how often consumers read. */
    @Test
    void windowsDoNotDependOnPollRate() {
        FrameStore rarely = new FrameStore(16, 3);
        FrameStore often = new FrameStore(16, 3);
        float[] a = new float[8 * 3];
        float[] b = new float[8 * 3];
        for (int i = 0; i < 100; i++) {
            rarely.append(frame(i));
            often.append(frame(i));
            for (int k = 0; k < 1 + i % 7; k++) { // a 60 FPS consumer polls several times per hop
                often.window(8).copyTo(b, 0);
                often.window(4).get(3, 1);
            }
            if (i % 10 == 9) {
                rarely.window(8).copyTo(a, 0);
                often.window(8).copyTo(b, 0);
                assertArrayEquals(a, b, "hop " + i);
                assertEquals(i, a[7 * 3], "newest frame last");
                assertEquals(i - 7, a[0], "oldest frame first");
            }
        }
        assertEquals(100, often.count());
    }

    @Test
    void framesBeforeTheStreamReadAsZero() {
        FrameStore s = new FrameStore(8, 3);
        s.append(frame(5));
        FeatureWindow w = s.window(4);
        assertEquals(0f, w.get(0, 1));
        assertEquals(50f, w.get(3, 1));
        float[] dst = new float[12];
        s.copyWindow(4, dst);
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 50, -5}, dst);
    }

    @Test
    void liveViewFollowsTheProducer() {
        FrameStore s = new FrameStore(4, 3);
        FeatureWindow w = s.window(2);
        s.append(frame(1));
        s.append(frame(2));
        assertEquals(2f, w.get(1, 0));
        s.append(frame(3));
        assertEquals(3f, w.get(1, 0));
        assertEquals(2f, w.get(0, 0));
    }

    @Test
    void aWindowEndingAtAPastFrameKeepsItsContentWhileNewerFramesArrive() {
        FrameStore store = new FrameStore(12, 3);
        for (int i = 0; i < 20; i++) {
            store.append(frame(i));
        }
        FeatureWindow fixed = store.windowEndingAt(20, 8); // frames 12..19
        float[] before = new float[8 * 3];
        fixed.copyTo(before, 0);
        store.append(frame(20));
        store.append(frame(21));
        store.append(frame(22));
        store.append(frame(23)); // capacity 12 still holds frames 12..23
        float[] after = new float[8 * 3];
        fixed.copyTo(after, 0);
        assertArrayEquals(before, after);
        assertEquals(12, after[0]);
        assertEquals(19, after[7 * 3]);
        assertEquals(190, fixed.get(7, 1));
        float[] live = new float[8 * 3];
        store.window(8).copyTo(live, 0);
        assertEquals(23, live[7 * 3], "the live window follows the newest frame");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> store.windowEndingAt(20, 9), "frames 11..19: frame 11 was overwritten");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> store.windowEndingAt(25, 4), "not appended yet");
    }
}
