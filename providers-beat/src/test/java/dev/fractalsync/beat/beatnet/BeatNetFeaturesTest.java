package dev.fractalsync.beat.beatnet;

import dev.fractalsync.api.audio.Resampler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeatNetFeaturesTest {
    @Test
    void filterbankHasMadmomBandCountForBeatNetSettings() {
        LogFilterbank fb = LogFilterbank.create(BeatNetFeatures.WINDOW / 2, BeatNetFeatures.SAMPLE_RATE, 24, 30, 17000);
        assertEquals(136, fb.bands());
    }

    @Test
    void differenceOffsetDerivedFromWindowIsOneFrame() {
        assertEquals(1, new BeatNetFeatures(48000, 1024).diffFrames());
    }

    @Test
    void emitsFiftyFramesPerSecondOfShape272AsSoonAsWindowsComplete() {
        BeatNetFeatures features = new BeatNetFeatures(48000, 1024);
        float[] hop = new float[1024];
        List<Long> indices = new ArrayList<>();
        int[] lengths = new int[1];
        int hops = 47 * 4; // 4.01 s
        long sample = 0;
        for (int h = 0; h < hops; h++) {
            for (int i = 0; i < hop.length; i++, sample++) {
                hop[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * sample / 48000.0));
            }
            features.push(hop, 0, hop.length, (index, f) -> {
                indices.add(index);
                lengths[0] = f.length;
            });
        }
        assertEquals(BeatNetFeatures.FEATURE_SIZE, lengths[0]);
        for (int i = 0; i < indices.size(); i++) {
            assertEquals(i, indices.get(i));
        }
        // frame i is complete once 22.05 kHz sample i*441+705 exists, plus the resampler's look-ahead
        double seconds = sample / 48000.0;
        int expected = (int) Math.floor((seconds * 22050 - 705 - 1) / 441) + 1;
        assertTrue(Math.abs(indices.size() - expected) <= 1, indices.size() + " frames, expected about " + expected);
    }

    @Test
    void sineLightsTheBandAround440HzAndDifferenceIsZeroWhenSteady() {
        BeatNetFeatures features = new BeatNetFeatures(48000, 1024);
        float[] hop = new float[1024];
        float[] last = new float[BeatNetFeatures.FEATURE_SIZE];
        long sample = 0;
        for (int h = 0; h < 100; h++) {
            for (int i = 0; i < hop.length; i++, sample++) {
                hop[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * sample / 48000.0));
            }
            features.push(hop, 0, hop.length, (index, f) -> System.arraycopy(f, 0, last, 0, f.length));
        }
        int peak = 0;
        for (int b = 0; b < 136; b++) {
            if (last[b] > last[peak]) {
                peak = b;
            }
        }
        LogFilterbank fb = LogFilterbank.create(705, 22050, 24, 30, 17000);
        float[] spectrum = new float[705];
        int bin440 = (int) Math.round(440 / (22050.0 / 1410));
        spectrum[bin440] = 1f;
        float[] bands = new float[fb.bands()];
        fb.apply(spectrum, bands);
        int expectedPeak = 0;
        for (int b = 0; b < bands.length; b++) {
            if (bands[b] > bands[expectedPeak]) {
                expectedPeak = b;
            }
        }
        assertTrue(Math.abs(peak - expectedPeak) <= 1, "peak band " + peak + " vs " + expectedPeak);
        for (int b = 136; b < 272; b++) {
            assertTrue(last[b] < 1e-3, "steady tone should have ~zero positive difference, band " + b + " = " + last[b]);
        }
    }

    @Test
    void resetRestartsTheStreamBitForBit() {
        BeatNetFeatures features = new BeatNetFeatures(48000, 1024);
        float[] hop = new float[1024];
        java.util.Random rnd = new java.util.Random(3);
        float[][] hops = new float[20][1024];
        for (float[] h : hops) {
            for (int i = 0; i < h.length; i++) {
                h[i] = (float) rnd.nextGaussian() * 0.2f;
            }
        }
        List<float[]> first = new ArrayList<>();
        for (float[] h : hops) {
            features.push(h, 0, h.length, (index, f) -> first.add(f.clone()));
        }
        features.reset();
        List<float[]> second = new ArrayList<>();
        for (float[] h : hops) {
            features.push(h, 0, h.length, (index, f) -> second.add(f.clone()));
        }
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i));
        }
    }

    @Test
    void resamplerPassesLowToneAndRejectsAliasingTone() {
        Resampler rs = new Resampler(48000, 22050, 16, 0.94, 1024);
        float[] in = new float[1024];
        float[] out = new float[600];
        double sumLow = 0;
        int n = 0;
        long s = 0;
        for (int h = 0; h < 50; h++) {
            for (int i = 0; i < in.length; i++, s++) {
                in[i] = (float) Math.sin(2 * Math.PI * 1000 * s / 48000.0);
            }
            int k = rs.push(in, 0, in.length, out, 0);
            for (int i = 0; i < k; i++) {
                long idx = rs.nextOutputIndex() - k + i;
                double expected = Math.sin(2 * Math.PI * 1000 * idx / 22050.0);
                if (idx > 100) {
                    sumLow = Math.max(sumLow, Math.abs(out[i] - expected));
                    n++;
                }
            }
        }
        assertTrue(n > 20000);
        assertTrue(sumLow < 1e-3, "1 kHz tone error " + sumLow);
        rs.reset();
        double peak = 0;
        s = 0;
        for (int h = 0; h < 50; h++) {
            for (int i = 0; i < in.length; i++, s++) {
                in[i] = (float) Math.sin(2 * Math.PI * 15000 * s / 48000.0);
            }
            int k = rs.push(in, 0, in.length, out, 0);
            for (int i = 0; i < k; i++) {
                if (rs.nextOutputIndex() - k + i > 100) {
                    peak = Math.max(peak, Math.abs(out[i]));
                }
            }
        }
        assertTrue(peak < 1e-3, "15 kHz tone should be removed, peak " + peak);
    }
}
