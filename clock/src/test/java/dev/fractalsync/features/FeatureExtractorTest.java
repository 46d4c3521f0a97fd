package dev.fractalsync.features;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureExtractorTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();

    private static float[][] hops(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] h = new float[count][HOP];
        for (int i = 0; i < count; i++) {
            double amp = i % 8 == 0 ? 0.8 : 0.1; // onsets every 8 hops
            for (int j = 0; j < HOP; j++) {
                h[i][j] = (float) (amp * (r.nextDouble() * 2 - 1) + 0.2 * Math.sin(2 * Math.PI * 220 * (i * HOP + j) / 48_000.0));
            }
        }
        return h;
    }

    @Test
    void extractorComputesTheContractFeatureCount() {
        assertEquals(CONTRACT.audioFeatures().size(), FeatureExtractor.FEATURE_COUNT);
        assertEquals("spectral_flux", CONTRACT.audioFeatures().get(17));
        assertEquals("onset_strength", CONTRACT.audioFeatures().get(21));
    }

    /** The seed's parity breaker: flux must not depend on how many times a consumer reads the frame. */
    @Test
    void fluxIsComputedOncePerFrameWhateverTheReaders() {
        float[][] input = hops(64, 7);
        FeatureExtractor once = new FeatureExtractor(CONTRACT);
        FeatureExtractor tenTimes = new FeatureExtractor(CONTRACT);
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (float[] hop : input) {
            a.add(once.process(hop).clone());
            tenTimes.process(hop);
            float[] seen = null;
            for (int k = 0; k < 10; k++) {
                seen = tenTimes.latest().clone();
            }
            b.add(seen);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "frame " + i);
        }
        for (int k = 9; k < 16; k++) {
            assertTrue(a.get(8)[17] > 2 * a.get(k)[17], "the onset hop has more flux than hop " + k);
        }
    }

    @Test
    void sineLandsInTheRightMelBandAndFullScaleIsZeroDb() {
        FeatureExtractor fx = new FeatureExtractor(CONTRACT);
        float[] hop = new float[HOP];
        float[] frame = null;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < HOP; j++) {
                hop[j] = (float) Math.sin(2 * Math.PI * 1000 * (i * HOP + j) / 48_000.0);
            }
            frame = fx.process(hop);
        }
        int best = 0;
        for (int b = 1; b < FeatureExtractor.MEL_BANDS; b++) {
            if (frame[b] > frame[best]) {
                best = b;
            }
        }
        // 16 mel bands between 30 Hz and 16 kHz: 1000 mel lies between the centres of bands 3 and 4
        assertTrue(best == 3 || best == 4, "peak band " + best);
        double rmsDb = frame[16] * 60 - 60;
        assertEquals(-3.01, rmsDb, 0.05);
        double centroidHz = frame[18] * 24_000;
        assertEquals(1000, centroidHz, 60);
        assertTrue(frame[20] < 0.01, "a pure tone is not flat");
    }

    @Test
    void flatnessOfWhiteNoiseHoldsAtAnyLevelAndAbsurdLevelsStayFinite() {
        // flatness and flux are sums of per-bin logarithms, taken as logarithms of 16-bin products; at 1e20 full scale
        // those products overflow and the bins are taken one by one. Either way white noise's power flatness is about
        // exp(-Euler's gamma) = 0.56 (exponentially distributed bins), whatever the level.
        int flatness = FeatureExtractor.MEL_BANDS + 4;
        int flux = FeatureExtractor.MEL_BANDS + 1;
        double[] levels = {1e-2, 1.0, 1e20};
        double[] flat = new double[levels.length];
        for (int l = 0; l < levels.length; l++) {
            FeatureExtractor fx = new FeatureExtractor(CONTRACT);
            SplittableRandom r = new SplittableRandom(9);
            double sum = 0;
            for (int h = 0; h < 40; h++) {
                float[] hop = new float[HOP];
                for (int j = 0; j < HOP; j++) {
                    hop[j] = (float) (levels[l] * r.nextGaussian() * 0.1);
                }
                float[] f = fx.process(hop);
                for (float v : f) {
                    assertTrue(Float.isFinite(v), "level " + levels[l] + ": " + java.util.Arrays.toString(f));
                }
                if (h >= 4) {
                    sum += f[flatness];
                    assertTrue(f[flux] > 0, "noise changes from hop to hop: flux " + f[flux]);
                }
            }
            flat[l] = sum / 36;
            assertEquals(0.56, flat[l], 0.05, "mean flatness at level " + levels[l]);
        }
        assertEquals(flat[1], flat[2], 1e-4, "the same noise 1e20 times louder");
    }

    @Test
    void silenceGivesFiniteFeatures() {
        FeatureExtractor fx = new FeatureExtractor(CONTRACT);
        float[] f = fx.process(new float[HOP]);
        for (float v : f) {
            assertTrue(Float.isFinite(v));
        }
        assertEquals(0f, f[17]);
    }

    @Test
    void resetRestartsTheStream() {
        float[][] input = hops(10, 3);
        FeatureExtractor fx = new FeatureExtractor(CONTRACT);
        float[] first = null;
        for (float[] h : input) {
            float[] f = fx.process(h);
            if (first == null) {
                first = f.clone();
            }
        }
        fx.reset();
        assertArrayEquals(first, fx.process(input[0]));
        assertEquals(1, fx.frameCount());
    }
}
