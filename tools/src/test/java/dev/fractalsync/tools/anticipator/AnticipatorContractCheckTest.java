package dev.fractalsync.tools.anticipator;

import ai.onnx.proto.OnnxMl;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.structure.anticipator.AnticipatorStructureProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime provider refuses ONNX files whose tensors differ from contract models.anticipator, saying how. */
class AnticipatorContractCheckTest {
    private final ModelContract contract = ContractFiles.v1();

    private OnnxMl.ModelProto exported() throws Exception {
        WindowPooling pooling = new WindowPooling(256, 22, 5, 12);
        AnticipatorInputs inputs = new AnticipatorInputs(pooling);
        AnticipatorNet net = new AnticipatorNet(inputs.size(), 4, SectionLabel.COUNT, 5);
        net.initialize(1);
        return OnnxMl.ModelProto.parseFrom(AnticipatorOnnxExporter.export(net, inputs, contract, Map.of()));
    }

    private String openError(Path dir, OnnxMl.ModelProto model) throws Exception {
        Path file = Files.write(dir.resolve("m.onnx"), model.toByteArray());
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> p.open(ProviderContext.defaults(contract).withOptions(Map.of("model", file.toString()))));
            return e.getMessage();

        }
    }

    @Test
    void exportedModelHasExactlyTheContractTensors(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("ok.onnx"), exported().toByteArray());
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(ProviderContext.defaults(contract).withOptions(Map.of("model", file.toString())));
        }
        OnnxMl.GraphProto g = exported().getGraph();
        assertTrue(g.getInput(0).getName().equals("audio_window") && g.getInput(0).getType().getTensorType().getShape().getDim(1).getDimValue() == 256);
        assertTrue(g.getInput(3).getName().equals("pitch_window") && g.getInput(3).getType().getTensorType().getShape().getDim(2).getDimValue() == 12);
        assertTrue(g.getOutput(1).getName().equals("hazard_logits") && g.getOutput(1).getType().getTensorType().getShape().getDim(1).getDimValue() == 5);
    }

    @Test
    void renamedInputIsRejected(@TempDir Path dir) throws Exception {
        OnnxMl.ModelProto m = exported();
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInput(0, g.getInput(0).toBuilder().setName("audio"));
        for (int i = 0; i < g.getNodeCount(); i++) {
            OnnxMl.NodeProto.Builder n = g.getNode(i).toBuilder();
            for (int j = 0; j < n.getInputCount(); j++) {
                if (n.getInput(j).equals("audio_window")) {
                    n.setInput(j, "audio");
                }
            }
            g.setNode(i, n);
        }
        String msg = openError(dir, m.toBuilder().setGraph(g).build());
        assertTrue(msg.contains("has no input 'audio_window'") && msg.contains("audio"), msg);
    }

    @Test
    void wrongOutputShapeIsRejected(@TempDir Path dir) throws Exception {
        // a hazard head with 4 instead of 5 horizons: drop the last column of the final (cumulative) matrix
        OnnxMl.ModelProto m = exported();
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            OnnxMl.TensorProto t = g.getInitializer(i);
            if (t.getName().startsWith("hazard_cumulative")) { // Tribuo may suffix names
                java.nio.FloatBuffer all = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                int rows = t.getDimsCount() == 2 ? (int) t.getDims(0) : 1;
                java.nio.ByteBuffer kept = java.nio.ByteBuffer.allocate(rows * 4 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < 4; c++) {
                        kept.putFloat(all.get(r * 5 + c));
                    }
                }
                kept.flip();
                OnnxMl.TensorProto.Builder b = t.toBuilder().setRawData(com.google.protobuf.ByteString.copyFrom(kept));
                b.setDims(t.getDimsCount() - 1, 4);
                g.setInitializer(i, b);
            }
        }
        OnnxMl.ValueInfoProto.Builder out = g.getOutput(1).toBuilder();
        out.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(1).setDimValue(4);
        g.setOutput(1, out);
        String msg = openError(dir, m.toBuilder().setGraph(g).build());
        assertTrue(msg.contains("output 'hazard_logits' has shape [1, 4], the contract wants [1, 5]"), msg);
    }
}
