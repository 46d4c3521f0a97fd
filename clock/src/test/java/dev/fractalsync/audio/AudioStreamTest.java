package dev.fractalsync.audio;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.dsp.Resampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AudioStreamTest {
    private static float[] tone(int rate, double seconds) {
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return x;
    }

    private static List<float[]> collect(AudioStream[] holder, int rate, int hop) {
        List<float[]> hops = new ArrayList<>();
        holder[0] = new AudioStream(rate, hop, (h, i) -> hops.add(h.clone()));
        return hops;
    }

    @Test
    void stereoInOddBuffersAtAnotherRateEqualsTheWholeFileConversion() {
        float[] mono = tone(44_100, 1.3);
        float[] stereo = new float[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i] + 0.1f;
            stereo[2 * i + 1] = mono[i] - 0.1f;
        }
        AudioStream[] s = new AudioStream[1];
        List<float[]> hops = collect(s, 48_000, 1024);
        int[] sizes = {1, 333, 4096, 5000, 17};
        int frames = mono.length;
        for (int done = 0, k = 0; done < frames; k++) {
            int n = Math.min(sizes[k % sizes.length], frames - done);
            s[0].feed(stereo, done * 2, n, 44_100, 2);
            done += n;
        }
        s[0].finish();
        float[][] expected = HopCutter.split(Resampler.convert(mono, 44_100, 48_000), 1024);
        assertEquals(expected.length, hops.size());
        for (int h = 0; h < expected.length; h++) {
            assertArrayEquals(expected[h], hops.get(h), 1e-5f, "hop " + h);
        }
    }

    @Test
    void contractRatePassesThroughAndNonFiniteSamplesBecomeSilence() {
        AudioStream[] s = new AudioStream[1];
        List<float[]> hops = collect(s, 48_000, 4);
        s[0].feed(new float[]{1, Float.NaN, 3, 4, Float.POSITIVE_INFINITY}, 48_000, 1);
        s[0].finish();
        assertEquals(2, hops.size());
        assertArrayEquals(new float[]{1, 0, 3, 4}, hops.get(0));
        assertArrayEquals(new float[]{0, 0, 0, 0}, hops.get(1));
        assertEquals(2, s[0].sanitizedSamples());
    }

    @Test
    void absurdFormatsAreOneClearError() {
        AudioStream s = new AudioStream(48_000, 1024, (h, i) -> { });
        assertEquals("sample rate 0 Hz is outside 1000..768000",
                assertThrows(IllegalArgumentException.class, () -> s.feed(new float[4], 0, 1)).getMessage());
        assertEquals("channel count 0 is outside 1..64",
                assertThrows(IllegalArgumentException.class, () -> s.feed(new float[4], 48_000, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.feed(new float[3], 48_000, 2));
    }
}
