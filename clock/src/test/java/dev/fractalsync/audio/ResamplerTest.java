package dev.fractalsync.audio;

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
    void streamingInChunksEqualsWholeSignal() {
        float[] in = sine(440, 44_100, 0.5, 0.7);
        float[] whole = Resampler.convert(in, 44_100, 48_000);
        Resampler r = new Resampler(44_100, 48_000);
        float[] chunked = new float[whole.length + 64];
        int[] n = {0};
        Resampler.Sink sink = v -> {
            if (n[0] < chunked.length) {
                chunked[n[0]++] = v;
            }
        };
        for (int off = 0; off < in.length; off += 333) {
            r.push(in, off, Math.min(333, in.length - off), sink);
        }
        r.flush(sink);
        for (int i = 0; i < whole.length; i++) {
            assertEquals(whole[i], chunked[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void sameRateIsACopy() {
        float[] in = {0.1f, -0.2f, 0.3f};
        float[] out = Resampler.convert(in, 48_000, 48_000);
        assertEquals(3, out.length);
        assertEquals(-0.2f, out[1]);
    }
}
