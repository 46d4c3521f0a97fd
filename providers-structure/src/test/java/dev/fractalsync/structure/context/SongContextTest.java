package dev.fractalsync.structure.context;

import dev.fractalsync.json.ContractFiles;
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
        assertEquals(ContractFiles.v1().songContextFeatures(), SongContext.NAMES);
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
        assertEquals(0f, two.features()[SongContext.MEANS], "music flag cleared by reset");
    }

    @Test
    void silenceRunsResetTheSongAndBeatCyclesFollowTheTempo() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = new float[A];
        float[] b = new float[B];
        SongContext c = new SongContext();
        int music = SongContext.NAMES.indexOf("music");
        int silenceRun = SongContext.NAMES.indexOf("silence_run");
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

    private static int index(String name) {
        int i = SongContext.NAMES.indexOf(name);
        assertTrue(i >= 0, name);
        return i;
    }

    /** A chord's chroma frame: weight on its pitch classes, the rest near zero. */
    private static float[] chord(int... classes) {
        float[] p = new float[SongContext.PITCH];
        for (int c : classes) {
            p[c] = 3.6f / classes.length;
        }
        return p;
    }

    @Test
    void harmonyReturningToAnEarlierPartIsARepetitionAndItsMeanIsTheSongs() {
        SplittableRandom rnd = new SplittableRandom(5);
        float[] a = new float[A];
        float[] b = new float[B];
        float[] verse = chord(0, 4, 7);
        float[] chorus = chord(6, 10, 1);
        SongContext c = new SongContext();
        double hop = SongContext.HOP_SECONDS;
        double chorusDistance = 0;
        for (int h = 0; h * hop < 55; h++) {
            double t = h * hop;
            frame(a, b, 0.6, 0.4, rnd);
            c.push(a, 0, b, 0, t < 20 || t >= 40 ? verse : chorus, 0);
            if (t > 35 && t < 36) {
                chorusDistance = c.features()[index("harmonic_distance")];
            }
        }
        float[] f = c.features();
        assertTrue(f[index("harmonic_repetition")] > 0.8, "back to the verse's chords: " + f[index("harmonic_repetition")]);
        assertTrue(chorusDistance > 0.5, "the chorus is far from the song's mean harmony so far: " + chorusDistance);
        // 20 s verse, 20 s chorus, 15 s verse: the mean weights the verse 35/55
        assertEquals(verse[0] * 35 / 55.0, f[index("song_mean_chroma_00")], 0.05);
        assertEquals(chorus[6] * 20 / 55.0, f[index("song_mean_chroma_06")], 0.05);
    }

    @Test
    void harmonicRateFollowsHowOftenTheChordsChange() {
        float[][] chords = {chord(0, 4, 7), chord(5, 9, 0), chord(7, 11, 2), chord(9, 0, 4)};
        double[] rates = new double[2];
        for (int k = 0; k < 2; k++) {
            double seconds = k == 0 ? 4.0 : 0.5; // one chord per bar at 60 BPM, or two per second
            SplittableRandom rnd = new SplittableRandom(7);
            float[] a = new float[A];
            float[] b = new float[B];
            SongContext c = new SongContext();
            for (int h = 0; h * SongContext.HOP_SECONDS < 30; h++) {
                frame(a, b, 0.6, 0.4, rnd);
                c.push(a, 0, b, 0, chords[(int) (h * SongContext.HOP_SECONDS / seconds) % chords.length], 0);
            }
            rates[k] = c.features()[index("harmonic_rate")];
        }
        assertTrue(rates[1] > 2 * rates[0], "fast changes " + rates[1] + " against slow " + rates[0]);
    }

    @Test
    void withoutPitchFramesTheHarmonicFeaturesAreZero() {
        SplittableRandom rnd = new SplittableRandom(9);
        float[] a = new float[A];
        float[] b = new float[B];
        SongContext c = new SongContext();
        for (int h = 0; h < 2000; h++) {
            frame(a, b, 0.6, 0.4, rnd);
            c.push(a, 0, b, 0);
        }
        for (String name : SongContext.NAMES) {
            if (name.startsWith("harmonic_") || name.startsWith("song_mean_chroma_")) {
                assertEquals(0f, c.features()[index(name)], name);
            }
        }
    }

    @Test
    void chordsReadAsTheirFunctionInTheSongsKeyWhateverTheKey() {
        // I-IV-V-I in G major then in Eb major: the IV (C, then Ab) is scale degree 5 above the tonic either way
        for (int tonic : new int[]{7, 3}) {
            float[] one = chord(tonic, (tonic + 4) % 12, (tonic + 7) % 12);
            float[] four = chord((tonic + 5) % 12, (tonic + 9) % 12, tonic);
            float[] five = chord((tonic + 7) % 12, (tonic + 11) % 12, (tonic + 2) % 12);
            float[][] progression = {one, four, five, one};
            SplittableRandom rnd = new SplittableRandom(11);
            float[] a = new float[A];
            float[] b = new float[B];
            SongContext c = new SongContext();
            int hops = (int) (40 / SongContext.HOP_SECONDS);
            for (int h = 0; h < hops; h++) {
                frame(a, b, 0.6, 0.4, rnd);
                c.push(a, 0, b, 0, progression[(int) (h * SongContext.HOP_SECONDS / 2.0) % 4], 0);
            }
            // then four seconds of the IV chord alone
            for (int h = 0; h < (int) (4 / SongContext.HOP_SECONDS); h++) {
                frame(a, b, 0.6, 0.4, rnd);
                c.push(a, 0, b, 0, four, 0);
            }
            float[] f = c.features();
            assertTrue(f[index("key_clarity")] > 0.6, "a clear key: " + f[index("key_clarity")]);
            int top = index("key_chroma_00");
            for (int d = 1; d < 12; d++) {
                if (f[index(String.format("key_chroma_%02d", d))] > f[top]) {
                    top = index(String.format("key_chroma_%02d", d));
                }
            }
            assertTrue(top == index("key_chroma_05") || top == index("key_chroma_09"),
                    "the IV chord's root or third stands out in tonic " + tonic + ": " + SongContext.NAMES.get(top));
        }
    }
}
