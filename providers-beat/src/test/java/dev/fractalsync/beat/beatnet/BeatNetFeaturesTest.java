package dev.fractalsync.beat.beatnet;

import dev.fractalsync.dsp.Resampler;

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
    void finerGridBandsAverageTheSameFrequencies() {
        LogFilterbank exact = LogFilterbank.create(705, 22050, 24, 30, 17000);
        LogFilterbank fine = exact.onFinerGrid(BeatNetFeatures.WINDOW, BeatNetFeatures.FAST_FFT);
        assertEquals(exact.bands(), fine.bands());
        assertEquals(1024, fine.bins());
        float[] coarseBin = new float[705];
        float[] fineBin = new float[1024];
        float[] coarseOut = new float[exact.bands()];
        float[] fineOut = new float[exact.bands()];
        double[] coarseSum = new double[exact.bands()];
        double[] fineSum = new double[exact.bands()];
        double[] coarseMean = new double[exact.bands()];
        double[] fineMean = new double[exact.bands()];
        // a flat spectrum gives each band's weight sum; a spectrum equal to the frequency gives its mean frequency
        java.util.Arrays.fill(coarseBin, 1f);
        java.util.Arrays.fill(fineBin, 1f);
        exact.apply(coarseBin, coarseOut);
        fine.apply(fineBin, fineOut);
        for (int b = 0; b < exact.bands(); b++) {
            coarseSum[b] = coarseOut[b];
            fineSum[b] = fineOut[b];
        }
        for (int k = 0; k < 705; k++) {
            coarseBin[k] = (float) (k * 22050.0 / 1411);
        }
        for (int j = 0; j < 1024; j++) {
            fineBin[j] = (float) (j * 22050.0 / 2048);
        }
        exact.apply(coarseBin, coarseOut);
        fine.apply(fineBin, fineOut);
        double binHz = 22050.0 / 1411;
        for (int b = 0; b < exact.bands(); b++) {
            assertEquals(1.0, coarseSum[b], 1e-5, "band " + b);
            assertEquals(1.0, fineSum[b], 1e-5, "band " + b);
            coarseMean[b] = coarseOut[b];
            fineMean[b] = fineOut[b];
            assertEquals(coarseMean[b], fineMean[b], Math.max(0.5 * binHz, 0.01 * coarseMean[b]),
                    "mean frequency of band " + b);
        }
    }

    /**
     * On broadband sound (noise hits over a noise floor) the zero-padded transform's bands match madmom's closely;
     * a pure tone in a band only a few bins wide can differ more (each grid samples the window's main lobe at other
     * points), which the validation songs measure (docs/offline-speed.md).
     */
    @Test
    void fastTransformFeaturesFollowTheExactOnesOnBroadbandSound() {
        BeatNetFeatures exact = new BeatNetFeatures(48000, 1024, false);
        BeatNetFeatures fast = new BeatNetFeatures(48000, 1024, true);
        java.util.Random rnd = new java.util.Random(11);
        float[] hop = new float[1024];
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        long sample = 0;
        for (int h = 0; h < 47 * 6; h++) {
            for (int i = 0; i < hop.length; i++, sample++) {
                double t = sample / 48000.0;
                double sinceHit = t % 0.5;
                double v = (0.05 + 0.5 * Math.exp(-sinceHit * 30)) * rnd.nextGaussian();
                hop[i] = (float) v;
            }
            exact.push(hop, 0, hop.length, (index, f) -> a.add(f.clone()));
            fast.push(hop, 0, hop.length, (index, f) -> b.add(f.clone()));
        }
        assertEquals(a.size(), b.size());
        a.subList(0, 2).clear();   // the zero-padded start
        b.subList(0, 2).clear();
        int frames = a.size();
        // each band's level over time: the same spectrum averaged over the same frequencies
        for (int k = 0; k < 136; k++) {
            double ma = 0;
            double mb = 0;
            for (int f = 0; f < frames; f++) {
                ma += a.get(f)[k] / frames;
                mb += b.get(f)[k] / frames;
            }
            assertEquals(ma, mb, 0.05 * ma + 0.005, "mean level of band " + k);
        }
        // the onset half: the summed positive differences per frame move together
        double[] fa = new double[frames];
        double[] fb = new double[frames];
        for (int f = 0; f < frames; f++) {
            for (int k = 136; k < 272; k++) {
                fa[f] += a.get(f)[k];
                fb[f] += b.get(f)[k];
            }
        }
        double correlation = correlation(fa, fb);
        assertTrue(correlation > 0.99, "flux correlation " + correlation);
    }

    private static double correlation(double[] x, double[] y) {
        double mx = java.util.Arrays.stream(x).average().orElse(0);
        double my = java.util.Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
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
