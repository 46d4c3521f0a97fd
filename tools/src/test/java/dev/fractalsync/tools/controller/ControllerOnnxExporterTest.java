package dev.fractalsync.tools.controller;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.controller.onnx.OnnxController;
import dev.fractalsync.controller.rules.RuleController;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerOnnxExporterTest {
    private static Mlp randomNet(long seed) {
        Mlp net = new Mlp(new int[]{ControllerFeatures.SIZE, 12, 10, ControlVector.SIZE}, seed);
        SyntheticControllerData.Samples s = SyntheticControllerData.generate(new RuleController(), 300, seed, true);
        net.fitStandardization(s.inputs());
        Random rnd = new Random(seed);
        for (double[] layer : net.w) {
            for (int i = 0; i < layer.length; i++) {
                layer[i] += 0.05 * rnd.nextGaussian();
            }
        }
        return net;
    }

    @Test
    void exportedGraphComputesWhatTheJavaNetComputes() throws Exception {
        Mlp net = randomNet(1);
        byte[] onnx = ControllerOnnxExporter.export(net, "test");
        SyntheticControllerData.Samples v = SyntheticControllerData.generate(new RuleController(), 200, 2, false);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double[][] acts = net.newActivations();
        double[] pred = new double[ControlVector.SIZE];
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            for (int i = 0; i < v.size(); i++) {
                float[] out = ControllerTrainer.runOnnx(env, session, v.inputs()[i]);
                ControllerTrainer.predict(net, acts, v.inputs()[i], pred);
                for (int k = 0; k < pred.length; k++) {
                    double expected = ControllerFeatures.denormalize(k, pred[k]);
                    assertEquals(expected, out[k], 1e-4 * (1 + Math.abs(expected)), "sample " + i + " element " + k);
                    assertTrue(out[k] >= ControlVector.MIN[k] - 1e-6 && out[k] <= ControlVector.MAX[k] + 1e-6);
                }
            }
        }
        assertEquals(0.0, ControllerTrainer.onnxParity(net, onnx, v, 50), 1e-4);
    }

    @Test
    void onnxControllerAcceptsTheExportAndRejectsContractViolations() throws Exception {
        Mlp net = randomNet(3);
        Path dir = Files.createDirectories(Path.of("target", "onnx-test"));
        Path good = dir.resolve("good.onnx");
        Files.write(good, ControllerOnnxExporter.export(net, "test"));
        ProviderContext base = ProviderContext.defaults(ContractFiles.v1());
        OnnxController c = new OnnxController();
        c.open(base.withOptions(Map.of("model", good.toString())));
        c.close();

        Path renamed = dir.resolve("renamed.onnx");
        Files.write(renamed, ControllerOnnxExporter.export(net, "test", new String[]{"fast", "beat_features",
                "section_probs", "hazard_probs", "prev_control"}, "control"));
        ProviderException e1 = assertThrows(ProviderException.class,
                () -> new OnnxController().open(base.withOptions(Map.of("model", renamed.toString()))));
        assertTrue(e1.getMessage().contains("fast_features"), e1.getMessage());

        Path wrongOutput = dir.resolve("wrong-output.onnx");
        Files.write(wrongOutput, ControllerOnnxExporter.export(net, "test", new String[]{"fast_features",
                "beat_features", "section_probs", "hazard_probs", "prev_control"}, "controls"));
        ProviderException e2 = assertThrows(ProviderException.class,
                () -> new OnnxController().open(base.withOptions(Map.of("model", wrongOutput.toString()))));
        assertTrue(e2.getMessage().contains("'control'"), e2.getMessage());

        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "not a model");
        ProviderException e3 = assertThrows(ProviderException.class,
                () -> new OnnxController().open(base.withOptions(Map.of("model", garbage.toString()))));
        assertTrue(e3.getMessage().startsWith("onnx controller: cannot load " + garbage), e3.getMessage());

        ProviderException e4 = assertThrows(ProviderException.class,
                () -> new OnnxController().open(base.withOptions(Map.of("model", dir.resolve("missing.onnx").toString()))));
        assertTrue(e4.getMessage().contains("cannot read model"), e4.getMessage());
    }
}
