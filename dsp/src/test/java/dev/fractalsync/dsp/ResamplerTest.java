package dev.fractalsync.dsp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {
    private static float[] sine(double hz, int rate, double seconds, double amp) {
        float[] x = new float[(int) (rate * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Amplitude of frequency {@code hz} by correlation over the middle of the signal. */
    private static double amplitudeAt(float[] x, double hz, int rate) {
        int from = x.length / 4;
        int to = 3 * x.length / 4;
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            re += x[i] * Math.cos(2 * Math.PI * hz * i / rate);
            im += x[i] * Math.sin(2 * Math.PI * hz * i / rate);
        }
        return 2 * Math.hypot(re, im) / (to - from);
    }

    @Test
    void upsamplingKeepsFrequencyAndAmplitude() {
        float[] in = sine(1000, 44_100, 1.0, 0.5);
        float[] out = Resampler.convert(in, 44_100, 48_000);
        assertEquals(48_000, out.length, 2);
        assertEquals(0.5, amplitudeAt(out, 1000, 48_000), 0.005);
        assertTrue(amplitudeAt(out, 1100, 48_000) < 0.01);
    }

    @Test
    void downsamplingRejectsContentAboveTheNewNyquist() {
        // 15 kHz at 48 kHz would alias to 7.05 kHz at 22.05 kHz without a proper low-pass
        float[] in = sine(15_000, 48_000, 1.0, 0.8);
        float[] out = Resampler.convert(in, 48_000, 22_050);
        double alias = amplitudeAt(out, 22_050 - 15_000, 22_050);
        assertTrue(alias < 0.8 * 1e-3, "alias amplitude " + alias + " (must be 60 dB down)");
        float[] pass = Resampler.convert(sine(3000, 48_000, 1.0, 0.8), 48_000, 22_050);
        assertEquals(0.8, amplitudeAt(pass, 3000, 22_050), 0.01);
    }

    @Test
    void streamingInAnyChunksGivesTheSameBits() {
        // pushes of one sample compute every output alone (scalar), one big push computes groups on SIMD lanes
        for (int[] rates : new int[][]{{44_100, 48_000}, {48_000, 22_050}, {22_050, 48_000}, {96_000, 48_000}}) {
            float[] in = noise(rates[0] / 2, 5);
            float[] whole = push(new Resampler(rates[0], rates[1], 16, 0.94, in.length), in, in.length);
            for (int chunk : new int[]{1, 7, 333, 1024}) {
                float[] chunked = push(new Resampler(rates[0], rates[1], 16, 0.94, chunk), in, chunk);
                assertEquals(whole.length, chunked.length, rates[0] + " -> " + rates[1] + " in chunks of " + chunk);
                for (int i = 0; i < whole.length; i++) {
                    assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(chunked[i]),
                            rates[0] + " -> " + rates[1] + ", chunks of " + chunk + ", sample " + i);
                }
            }
        }
    }

    @Test
    void everyOutputIsThePolyphaseFilterAtItsInstant() {
        // the group table must put each phase's taps at the right inputs, for every group position of the pattern
        for (int[] rates : new int[][]{{44_100, 48_000}, {48_000, 22_050}, {8_000, 48_000}, {96_000, 48_000}}) {
            float[] in = noise(rates[0] / 4, 11);
            Resampler r = new Resampler(rates[0], rates[1], 16, 0.94, in.length);
            float[] out = push(r, in, in.length);
            int g = gcd(rates[0], rates[1]);
            int up = rates[1] / g;
            int down = rates[0] / g;
            int half = r.halfWidth();
            for (int n = 0; n < out.length; n++) {
                long q = Math.floorDiv((long) n * down, up);
                float[] h = r.filter((int) ((long) n * down - q * up));
                double exact = 0;
                for (int j = 0; j < h.length; j++) {
                    long k = q - half + 1 + j;
                    exact += k < 0 ? 0 : (double) h[j] * in[(int) k];
                }
                assertEquals(exact, out[n], 2e-6, rates[0] + " -> " + rates[1] + ", output " + n);
            }
        }
    }

    private static float[] noise(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    private static float[] push(Resampler r, float[] in, int chunk) {
        float[] out = new float[r.maxOutput(in.length) + 64];
        int n = 0;
        for (int off = 0; off < in.length; off += chunk) {
            n += r.push(in, off, Math.min(chunk, in.length - off), out, n);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Test
    void unusualRatePairInterpolatesPhasesAndStillKeepsTheTone() {
        // 44 101 -> 48 000 reduces to L = 48 000: too many phases to store, so they are interpolated
        float[] in = sine(1000, 44_101, 1.0, 0.5);
        float[] out = Resampler.convert(in, 44_101, 48_000);
        assertEquals(Math.round(in.length * 48_000.0 / 44_101), out.length);
        assertEquals(0.5, amplitudeAt(out, 1000, 48_000), 0.005);
        assertTrue(amplitudeAt(out, 1100, 48_000) < 0.01);
    }

    @Test
    void convertKeepsTimingNoDelay() {
        float[] in = new float[4410];
        in[2205] = 1f; // an impulse at 50 ms
        float[] out = Resampler.convert(in, 44_100, 48_000);
        int peak = 0;
        for (int i = 1; i < out.length; i++) {
            if (Math.abs(out[i]) > Math.abs(out[peak])) {
                peak = i;
            }
        }
        assertEquals(2400, peak, 1);
    }

    @Test
    void sameRateIsACopy() {
        float[] in = {0.1f, -0.2f, 0.3f};
        float[] out = Resampler.convert(in, 48_000, 48_000);
        assertEquals(3, out.length);
        assertEquals(-0.2f, out[1]);
    }

    @Test
    void theBuildsTestsUseSimdLanes() {
        assertTrue(Resampler.SIMD, "the build's tests resolve jdk.incubator.vector, so the resampler must use it");
    }
}
