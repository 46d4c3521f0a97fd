package dev.fractalsync.tools.controller;

import ai.onnx.proto.OnnxMl;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.tools.onnx.StandardOps;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;
import org.tribuo.util.onnx.ONNXRef;

import java.util.List;
import java.util.Map;

/**
 * Writes a trained controller {@link Mlp} as an ONNX model with the contract's {@code controller} interface:
 * <pre>
 * x       = Concat(Reshape(fast_features, [1, T*F]), beat_features, section_probs, hazard_probs, prev_control)
 * delta   = Gemm(Relu(Gemm(Relu(Gemm(x, W1', b1')), W2, b2)), W3, b3)        (standardization folded into W1', b1')
 * control = min + range * Clip((prev_control - min) / range + delta, 0, 1)   (residual step, bounded by the contract)
 * </pre>
 */
public final class ControllerOnnxExporter {
    private static final String[] INPUTS = {"fast_features", "beat_features", "section_probs", "hazard_probs",
            "prev_control"};
    private static final long[][] INPUT_SHAPES = {{1, ControllerFeatures.T_FAST, ControllerFeatures.F_FAST},
            {1, BeatFeatures.SIZE}, {1, SectionLabel.COUNT}, {1, Horizons.COUNT}, {1, ControlVector.SIZE}};
    private static final String OUTPUT = "control";

    private ControllerOnnxExporter() {
    }

    /** The ONNX model bytes of {@code net} (input width {@link ControllerFeatures#SIZE}, output C). */
    public static byte[] export(Mlp net, String docString) {
        int[] sizes = net.sizes();
        if (sizes[0] != ControllerFeatures.SIZE || sizes[sizes.length - 1] != ControlVector.SIZE) {
            throw new IllegalArgumentException("controller net must map " + ControllerFeatures.SIZE + " inputs to "
                    + ControlVector.SIZE + " outputs, got " + sizes[0] + " -> " + sizes[sizes.length - 1]);
        }
        return export(net, docString, INPUTS, OUTPUT);
    }

    /** As {@link #export(Mlp, String)} with other tensor names (tests use it to build contract-violating models). */
    static byte[] export(Mlp net, String docString, String[] inputNames, String outputName) {
        int[] sizes = net.sizes();
        ONNXContext ctx = new ONNXContext();
        ctx.setName("fractalsync_controller");
        ONNXPlaceholder[] in = new ONNXPlaceholder[INPUTS.length];
        for (int i = 0; i < in.length; i++) {
            long[] shape = INPUT_SHAPES[i];
            in[i] = ctx.floatInput(inputNames[i], (int) (shape.length == 3 ? shape[1] * shape[2] : shape[1]));
        }
        ONNXPlaceholder out = ctx.floatOutput(outputName, ControlVector.SIZE);

        ONNXInitializer flatShape = ctx.array("flat_shape", new long[]{1, ControllerFeatures.FAST});
        ONNXNode flat = in[0].apply(StandardOps.RESHAPE, flatShape);
        List<ONNXRef<?>> parts = List.of(flat, in[1], in[2], in[3], in[4]);
        ONNXNode x = ctx.operation(ONNXOperators.CONCAT, parts, "x", Map.of("axis", 1));

        ONNXRef<?> h = x;
        int layers = net.layers();
        for (int l = 0; l < layers; l++) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            float[] w = new float[nIn * nOut];
            float[] b = new float[nOut];
            for (int o = 0; o < nOut; o++) {
                double bias = net.b[l][o];
                for (int i = 0; i < nIn; i++) {
                    double wi = net.w[l][o * nIn + i];
                    if (l == 0) {
                        // fold (x - mean) / std into the first layer
                        bias -= wi * net.inMean[i] / net.inStd[i];
                        wi /= net.inStd[i];
                    }
                    w[o * nIn + i] = (float) wi;
                }
                b[o] = (float) bias;
            }
            ONNXInitializer wt = ctx.floatTensor("w" + (l + 1), List.of(nOut, nIn), fb -> fb.put(w));
            ONNXInitializer bt = ctx.array("b" + (l + 1), b);
            ONNXNode gemm = ctx.operation(ONNXOperators.GEMM, List.of(h, wt, bt), "gemm" + (l + 1),
                    Map.of("transB", 1));
            h = l < layers - 1 ? gemm.apply(StandardOps.RELU) : gemm;
        }

        float[] min = new float[ControlVector.SIZE];
        float[] range = new float[ControlVector.SIZE];
        float[] invRange = new float[ControlVector.SIZE];
        for (int k = 0; k < min.length; k++) {
            min[k] = (float) ControlVector.MIN[k];
            range[k] = (float) (ControlVector.MAX[k] - ControlVector.MIN[k]);
            invRange[k] = 1f / range[k];
        }
        ONNXInitializer minT = ctx.array("control_min", min);
        ONNXInitializer rangeT = ctx.array("control_range", range);
        ONNXInitializer invRangeT = ctx.array("control_inv_range", invRange);
        ONNXNode prevNorm = in[4].apply(ONNXOperators.SUB, minT).apply(ONNXOperators.MUL, invRangeT);
        ONNXNode step = prevNorm.apply(ONNXOperators.ADD, h);
        ONNXNode bounded = ctx.operation(StandardOps.CLIP, List.of(step, ctx.constant("zero", 0f), ctx.constant("one", 1f)),
                "bounded");
        ONNXNode control = bounded.apply(ONNXOperators.MUL, rangeT).apply(ONNXOperators.ADD, minT);
        control.assignTo(out);

        OnnxMl.GraphProto graph = withExactShapes(ctx.buildGraph(), inputNames, outputName);
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setGraph(graph)
                .setIrVersion(8)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .setProducerName("fractalsync-tools train-controller")
                .setProducerVersion("1")
                .setDocString(docString)
                .build();
        return model.toByteArray();
    }

    /** Replaces Tribuo's dynamic [batch, n] placeholders with the contract's fixed shapes. */
    private static OnnxMl.GraphProto withExactShapes(OnnxMl.GraphProto graph, String[] inputNames, String outputName) {
        OnnxMl.GraphProto.Builder g = graph.toBuilder();
        for (int i = 0; i < g.getInputCount(); i++) {
            String name = g.getInput(i).getName();
            for (int j = 0; j < inputNames.length; j++) {
                if (inputNames[j].equals(name)) {
                    g.setInput(i, valueInfo(name, INPUT_SHAPES[j]));
                }
            }
        }
        for (int i = 0; i < g.getOutputCount(); i++) {
            if (g.getOutput(i).getName().equals(outputName)) {
                g.setOutput(i, valueInfo(outputName, new long[]{1, ControlVector.SIZE}));
            }
        }
        return g.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long[] shape) {
        OnnxMl.TensorShapeProto.Builder s = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : shape) {
            s.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(s)))
                .build();
    }
}
