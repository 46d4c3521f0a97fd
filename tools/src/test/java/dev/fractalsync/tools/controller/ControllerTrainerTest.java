package dev.fractalsync.tools.controller;

import dev.fractalsync.api.ControlVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerTrainerTest {
    @Test
    void shortTrainingRunImprovesOnHoldingThePreviousControlAndExportsAWorkingModel() {
        ControllerTrainer.Config config = new ControllerTrainer.Config(6000, 1500, 3, 24, 64, 3e-3, 0.005, 1, 5);
        ControllerTrainer.Result r = ControllerTrainer.train(config, line -> { });
        ControllerTrainer.Report rep = r.report();
        assertEquals(ControlVector.SIZE, rep.rmse().length);
        for (double e : rep.rmse()) {
            assertTrue(Double.isFinite(e));
        }
        assertTrue(rep.onnxMaxAbsDiff() < 1e-3, "onnx parity " + rep.onnxMaxAbsDiff());
        // The zoom pulse is a direct function of the inputs; a net that learned nothing would be off by ~0.1.
        assertTrue(rep.rmse()[6] < 0.08, "zoom_pulse RMSE " + rep.rmse()[6]);
        assertTrue(rep.rulesChorusOutside() > rep.rulesVerseOutside());
        assertTrue(rep.describe().contains("imitation RMSE"));
        assertTrue(r.onnx().length > 1000);
    }

    @Test
    void muRadiusIsOneOnTheCardioid() {
        for (double t = 0.2; t < 6; t += 0.5) {
            double re = 0.5 * Math.cos(t) - 0.25 * Math.cos(2 * t);
            double im = 0.5 * Math.sin(t) - 0.25 * Math.sin(2 * t);
            assertEquals(1.0, ControllerTrainer.muRadius(re, im), 1e-9);
        }
        assertTrue(ControllerTrainer.muRadius(-0.5, 0) < 1);
    }
}
