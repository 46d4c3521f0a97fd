package dev.fractalsync.tools.anticipator;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputAugmentationTest {
    private final WindowPooling pooling = new WindowPooling(256, 22, 5, 12);
    private final AnticipatorInputs inputs = new AnticipatorInputs(pooling);

    private double[] sample(long seed) {
        double[] x = new double[inputs.size()];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.5 + rnd.nextDouble();
        }
        return x;
    }

    @Test
    void noneChangesNothingAndDrawsNothing() {
        double[] x = sample(1);
        double[] before = x.clone();
        SplittableRandom used = new SplittableRandom(3);
        InputAugmentation.NONE.apply(x, new double[x.length], pooling, used);
        assertArrayEquals(before, x);
        assertEquals(new SplittableRandom(3).nextLong(), used.nextLong(), "no random draws");
    }

    @Test
    void aDroppedChannelTakesItsMeanInEveryBlockAndOthersKeepTheirValues() {
        int width = pooling.width();
        int blocks = pooling.outputSize() / width;
        double[] mean = new double[inputs.size()];
        java.util.Arrays.fill(mean, -7);
        int dropped = 0;
        int kept = 0;
        for (long seed = 0; seed < 50; seed++) {
            double[] x = sample(seed);
            double[] before = x.clone();
            new InputAugmentation(0.3, 0).apply(x, mean, pooling, new SplittableRandom(seed));
            for (int c = 0; c < width; c++) {
                boolean isDropped = x[c] == -7;
                for (int b = 0; b < blocks; b++) {
                    assertEquals(isDropped ? -7 : before[b * width + c], x[b * width + c], "channel " + c + " block " + b);
                }
                dropped += isDropped ? 1 : 0;
                kept += isDropped ? 0 : 1;
            }
            for (int i = pooling.outputSize(); i < x.length; i++) {
                assertTrue(x[i] == -7 || x[i] == before[i]);
            }
        }
        double share = dropped / (double) (dropped + kept);
        assertTrue(share > 0.25 && share < 0.35, "dropped share " + share);
    }

    @Test
    void contrastJitterScalesAudioAndChromaChannelsAlikeInEveryBlockAndLeavesBeatAndContextAlone() {
        int width = pooling.width();
        int blocks = pooling.outputSize() / width;
        double[] x = sample(4);
        double[] before = x.clone();
        new InputAugmentation(0, 0.5).apply(x, new double[x.length], pooling, new SplittableRandom(9));
        for (int c = 0; c < width; c++) {
            double gain = x[c] / before[c];
            boolean beat = c >= 22 && c < 27;
            if (beat) {
                assertEquals(1.0, gain, 0.0, "beat channel " + c);
            } else {
                assertNotEquals(1.0, gain, "channel " + c);
            }
            for (int b = 1; b < blocks; b++) {
                assertEquals(gain, x[b * width + c] / before[b * width + c], 1e-12, "channel " + c + " block " + b);
            }
        }
        for (int i = pooling.outputSize(); i < x.length; i++) {
            assertEquals(before[i], x[i], 0.0);
        }
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new InputAugmentation(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> new InputAugmentation(0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new InputAugmentation(Double.NaN, 0));
    }
}
