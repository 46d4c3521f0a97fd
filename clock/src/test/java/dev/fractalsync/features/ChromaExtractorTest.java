package dev.fractalsync.features;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChromaExtractorTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int RATE = 48_000;
    private static final int HOP = 1024;

    /** The frame after feeding {@code seconds} of the sum of sines at {@code hz} (amplitude {@code amp} each). */
    private static float[] frameOf(double seconds, double amp, double... hz) {
        ChromaExtractor cx = new ChromaExtractor(CONTRACT);
        float[] hop = new float[HOP];
        float[] frame = null;
        long n = 0;
        for (int h = 0; h < (int) (seconds * RATE / HOP); h++) {
            for (int i = 0; i < HOP; i++, n++) {
                double v = 0;
                for (double f : hz) {
                    v += amp * Math.sin(2 * Math.PI * f * n / RATE);
                }
                hop[i] = (float) v;
            }
            frame = cx.process(hop).clone();
        }
        return frame;
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void theContractListsTwelvePitchClassesAsTheExtractorComputes() {
        assertEquals(ChromaExtractor.PITCH_CLASSES, CONTRACT.pitchFeatures().size());
        assertEquals("chroma_00", CONTRACT.pitchFeatures().get(0));
    }

    @Test
    void anAIsPitchClassNineInEveryOctave() {
        for (double hz : new double[]{110, 220, 440, 880, 1760}) {
            float[] f = frameOf(0.5, 0.3, hz);
            assertEquals(9, argmax(f), "A at " + hz + " Hz");
            assertTrue(f[9] > 0.6 * ChromaExtractor.SCALE, "most of the weight on A at " + hz + " Hz: " + f[9]);
        }
    }

    @Test
    void aCMajorTriadLightsCEAndG() {
        float[] f = frameOf(0.5, 0.2, 261.63, 329.63, 392.00);
        float[] sorted = f.clone();
        java.util.Arrays.sort(sorted);
        float third = sorted[sorted.length - 3];
        assertTrue(f[0] >= third && f[4] >= third && f[7] >= third, java.util.Arrays.toString(f));
        assertTrue(f[0] + f[4] + f[7] > 0.8 * ChromaExtractor.SCALE, java.util.Arrays.toString(f));
    }

    @Test
    void theFrameDoesNotDependOnTheLevelWhileSilenceStaysNearZero() {
        float[] loud = frameOf(0.5, 0.3, 440);
        float[] quiet = frameOf(0.5, 0.03, 440);
        assertEquals(loud[9], quiet[9], 0.1 * ChromaExtractor.SCALE);
        float[] silent = frameOf(0.5, 0.0, 440);
        assertArrayEquals(new float[ChromaExtractor.PITCH_CLASSES], silent);
        float[] faint = frameOf(0.5, 1e-5, 440);
        assertTrue(faint[9] < 0.05, "a tone at -100 dBFS is nearly nothing: " + faint[9]);
    }

    @Test
    void aWrongHopIsRefused() {
        ChromaExtractor cx = new ChromaExtractor(CONTRACT);
        assertThrows(IllegalArgumentException.class, () -> cx.process(new float[HOP - 1]));
    }
}
