package dev.fractalsync.api.audio;

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
    void streamingInUnevenChunksEqualsOneChunk() {
        float[] in = sine(440, 44_100, 0.5, 0.7);
        Resampler one = new Resampler(44_100, 48_000, 16, 0.94, in.length);
        float[] whole = new float[one.maxOutput(in.length)];
        int wholeCount = one.push(in, 0, in.length, whole, 0);
        Resampler r = new Resampler(44_100, 48_000, 16, 0.94, 333);
        float[] chunked = new float[whole.length + 64];
        int n = 0;
        for (int off = 0; off < in.length; off += 333) {
            n += r.push(in, off, Math.min(333, in.length - off), chunked, n);
        }
        assertEquals(wholeCount, n);
        for (int i = 0; i < wholeCount; i++) {
            assertEquals(whole[i], chunked[i], 1e-6, "sample " + i);
        }
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
    void simdInnerProductAgreesWithTheScalarLoop() {
        assertTrue(Resampler.SIMD, "the build's tests resolve jdk.incubator.vector, so the resampler must use it");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int taps : new int[]{1, 7, 16, 68, 148, 151}) {
            float[] h = new float[taps];
            float[] x = new float[taps + 40];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            for (int i = 0; i < taps; i++) {
                h[i] = (float) (r.nextDouble() * 2 - 1) / taps;
            }
            for (int start = 0; start < 40; start += 13) {
                double exact = 0;
                for (int j = 0; j < taps; j++) {
                    exact += (double) h[j] * x[start + j];
                }
                assertEquals(exact, VectorDot.dot(h, x, start, taps), 1e-6, taps + " taps at " + start);
            }
        }
    }
}
