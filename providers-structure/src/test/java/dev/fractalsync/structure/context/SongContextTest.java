package dev.fractalsync.structure.context;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SongContextTest {
    private static final int A = SongContext.AUDIO;
    private static final int B = SongContext.BEAT;

    /** A frame at a level (rms_db feature) with a band shape, and beat features at 120 BPM. */
    private static void frame(float[] audio, float[] beat, double rmsFeature, double bandLevel, SplittableRandom rnd) {
        for (int f = 0; f < 16; f++) {
            audio[f] = (float) (bandLevel + 0.05 * rnd.nextDouble() - 0.02 * f);
        }
        audio[16] = (float) rmsFeature;
        for (int f = 17; f < A; f++) {
            audio[f] = (float) (0.2 + 0.05 * rnd.nextDouble());
        }
        beat[2] = (float) Math.log(0.5);
        beat[3] = 1;
    }

    @Test
    void namesMatchSizeAndContract() {
        assertEquals(SongContext.SIZE, SongContext.NAMES.size());
        assertEquals(dev.fractalsync.api.contract.ModelContract.v1().songContextFeatures(), SongContext.NAMES);
    }

    @Test
    void deterministicAndIndependentOfHowFramesArrive() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 3000;
        float[] audio = new float[n * A];
        float[] beat = new float[n * B];
        float[] a = new float[A];
        float[] b = new float[B];
        for (int h = 0; h < n; h++) {
            frame(a, b, h < 100 ? -1 : 0.6 + 0.2 * Math.sin(h / 300.0), h / 1000 % 2 == 0 ? 0.3 : 0.6, rnd);
            System.arraycopy(a, 0, audio, h * A, A);
            System.arraycopy(b, 0, beat, h * B, B);
        }
        SongContext one = new SongContext();
        SongContext two = new SongContext();
        for (int h = 0; h < n; h++) {
            one.push(audio, h * A, beat, h * B);
            two.push(audio, h * A, beat, h * B);
        }
        assertArrayEquals(one.features(), two.features());
        for (float x : one.features()) {
            assertTrue(Float.isFinite(x));
        }
        two.reset();
        assertEquals(0f, two.features()[A], "music flag cleared by reset");
    }

    @Test
    void silenceRunsResetTheSongAndBeatCyclesFollowTheTempo() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = new float[A];
        float[] b = new float[B];
        SongContext c = new SongContext();
        int music = A;
        int silenceRun = A + 1;
        int onsetSin16 = SongContext.NAMES.indexOf("onset_sin16");
        int beatsSinceOnset = SongContext.NAMES.indexOf("beats_since_onset");
        for (int h = 0; h < 100; h++) {
            frame(a, b, -2, 0, rnd);
            c.push(a, 0, b, 0);
        }
        assertEquals(0f, c.features()[music]);
        // 8 beats at 120 BPM = 4 s = 187.5 hops: half a 16-beat cycle
        for (int h = 0; h < 188; h++) {
            frame(a, b, 0.7, 0.4, rnd);
            c.push(a, 0, b, 0);
        }
        assertEquals(1f, c.features()[music]);
        assertEquals(8.0 / 256, c.features()[beatsSinceOnset], 0.01);
        assertEquals(0.0, c.features()[onsetSin16], 0.03);
        assertEquals(-1.0, c.features()[onsetSin16 + 1], 0.01);
        for (int h = 0; h < (int) (3.0 / SongContext.HOP_SECONDS); h++) {
            frame(a, b, -2, 0, rnd);
            c.push(a, 0, b, 0);
        }
        assertEquals(3.0, c.silenceSeconds(), 0.05);
        assertEquals(0.75, c.features()[silenceRun], 0.02);
        assertEquals(1f, c.features()[music], "3 s of silence is a pause, not a new song");
        for (int h = 0; h < (int) (6.0 / SongContext.HOP_SECONDS); h++) {
            frame(a, b, -2, 0, rnd);
            c.push(a, 0, b, 0);
        }
        assertEquals(0f, c.features()[music], "after 8 s of silence the context starts over");
        assertEquals(1f, c.features()[silenceRun]);
    }

    @Test
    void loudnessIsRelativeToTheSong() {
        SplittableRandom rnd = new SplittableRandom(7);
        float[] a = new float[A];
        float[] b = new float[B];
        int loud = SongContext.NAMES.indexOf("loudness_rel");
        for (double offset : new double[]{0, -0.3}) {
            SongContext c = new SongContext();
            for (int h = 0; h < 2000; h++) {
                frame(a, b, 0.7 + offset, 0.4, rnd);
                c.push(a, 0, b, 0);
            }
            for (int h = 0; h < 300; h++) {
                frame(a, b, 0.85 + offset, 0.4, rnd);
                c.push(a, 0, b, 0);
            }
            // the louder part stands out by the same amount whatever the overall level (offset: 18 dB quieter)
            assertEquals(4 * 0.15 * 2000 / 2300.0, c.features()[loud], 0.05);
        }
    }
}
