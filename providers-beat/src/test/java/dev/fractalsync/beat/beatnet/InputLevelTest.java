package dev.fractalsync.beat.beatnet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputLevelTest {
    private static final double HOP_SECONDS = 1024.0 / 48000;

    private static float[] tone(double amplitude) {
        float[] x = new float[1024];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * 440 * i / 48000.0));
        }
        return x;
    }

    private static double rmsDb(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v * v;
        }
        return 10 * Math.log10(s / x.length);
    }

    @Test
    void quietInputIsBoostedTowardTheTargetAndLoudInputIsLeftAlone() {
        InputLevel level = new InputLevel(HOP_SECONDS);
        float[] out = null;
        for (int h = 0; h < 2000; h++) {
            out = tone(0.01); // -43 dBFS RMS
            level.apply(out, out.length);
        }
        assertEquals(InputLevel.TARGET_DB, rmsDb(out), 0.1);

        InputLevel loud = new InputLevel(HOP_SECONDS);
        float[] x = tone(0.5);
        float[] copy = x.clone();
        loud.apply(x, x.length);
        assertEquals(0.0, loud.gainDb());
        org.junit.jupiter.api.Assertions.assertArrayEquals(copy, x);
    }

    @Test
    void silenceStaysSilenceAndDoesNotPullTheLevelDown() {
        InputLevel level = new InputLevel(HOP_SECONDS);
        for (int h = 0; h < 500; h++) {
            float[] x = tone(0.05);
            level.apply(x, x.length);
        }
        double before = level.gainDb();
        for (int h = 0; h < 2000; h++) {
            float[] x = new float[1024];
            level.apply(x, x.length);
            assertEquals(0f, x[100]);
        }
        assertEquals(before, level.gainDb(), 1e-12, "pauses below the gate keep the level");
        level.reset();
        assertEquals(0.0, level.gainDb());
    }

    @Test
    void boostIsBounded() {
        InputLevel level = new InputLevel(HOP_SECONDS);
        for (int h = 0; h < 3000; h++) {
            float[] x = tone(1e-3); // -63 dBFS: above the gate, would need +39 dB
            level.apply(x, x.length);
        }
        assertEquals(InputLevel.MAX_BOOST_DB, level.gainDb(), 1e-9);
        assertTrue(level.gainDb() <= InputLevel.MAX_BOOST_DB);
    }
}
