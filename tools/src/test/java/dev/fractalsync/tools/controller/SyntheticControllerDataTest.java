package dev.fractalsync.tools.controller;

import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.controller.rules.RuleController;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticControllerDataTest {
    @Test
    void samplesAreWellFormedAndReproducible() {
        SyntheticControllerData.Samples a = SyntheticControllerData.generate(new RuleController(), 3000, 42, true);
        SyntheticControllerData.Samples b = SyntheticControllerData.generate(new RuleController(), 3000, 42, true);
        assertEquals(3000, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(ControllerFeatures.SIZE, a.inputs()[i].length);
            assertEquals(ControlVector.SIZE, a.targets()[i].length);
            for (float t : a.targets()[i]) {
                assertTrue(t >= 0 && t <= 1, "target " + t);
            }
            float sum = 0;
            for (int k = 0; k < 8; k++) {
                sum += a.inputs()[i][ControllerFeatures.SECTION_OFFSET + k];
            }
            assertEquals(1.0, sum, 1e-4);
        }
        assertArrayEquals(a.inputs()[1234], b.inputs()[1234]);
    }

    @Test
    void augmentationDropsHazardAndPerturbsProbabilities() {
        SyntheticControllerData.Samples clean = SyntheticControllerData.generate(new RuleController(), 6000, 7, false);
        SyntheticControllerData.Samples noisy = SyntheticControllerData.generate(new RuleController(), 6000, 7, true);
        assertEquals(0.0, zeroHazardShare(clean), 0.005);
        assertTrue(zeroHazardShare(noisy) > 0.03, "share of dropped hazard channels " + zeroHazardShare(noisy));
        assertTrue(countChorusFrames(clean) > 300, "too few chorus frames to train the connectedness penalty");
    }

    private static double zeroHazardShare(SyntheticControllerData.Samples s) {
        int zeros = 0;
        for (float[] x : s.inputs()) {
            for (int k = 0; k < Horizons.COUNT; k++) {
                zeros += x[ControllerFeatures.HAZARD_OFFSET + k] == 0f ? 1 : 0;
            }
        }
        return (double) zeros / (s.size() * Horizons.COUNT);
    }

    private static int countChorusFrames(SyntheticControllerData.Samples s) {
        int n = 0;
        for (float c : s.chorus()) {
            n += c > 0.5 ? 1 : 0;
        }
        return n;
    }
}
