package dev.fractalsync.tools.beatnet;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import org.tribuo.util.onnx.ONNXOperators;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes BeatNet's CRNN as an ONNX graph with explicit recurrent state (contract model {@code beatnet}):
 * {@code features[T,1,272], h_in[2,1,150], c_in[2,1,150] -> activations[T,3], h_out[2,1,150], c_out[2,1,150]} for
 * {@code T} consecutive frames (the dimension {@value #FRAMES}): the contract's single step is {@code T = 1}, offline
 * analysis runs a block of frames in one call, and the LSTM carries its state across the block as across calls.
 * Graph: Conv(1->2, k=10) -> Relu -> MaxPool(2) -> Reshape[T,262] -> Gemm(262->150) -> LSTM layer 0 -> LSTM layer 1
 * -> Gemm(150->3) -> Softmax. Activation columns: 0 = beat, 1 = downbeat, 2 = no beat.
 */
public final class BeatNetOnnxWriter {
    /** ONNX LSTM gate blocks are (i, o, f, c); PyTorch stores (i, f, g=c, o): ONNX block b takes PyTorch block this[b]. */
    private static final int[] TORCH_BLOCK_FOR_ONNX = {0, 3, 1, 2};
    private static final int H = BeatNetWeights.HIDDEN;
    /** Name of the frame (time) dimension of {@code features} and {@code activations}. */
    public static final String FRAMES = "frames";

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();

    private BeatNetOnnxWriter() {
    }

    /** The serialized model; deterministic for the same weights. */
    public static byte[] write(BeatNetWeights w, String modelName, String docString) {
        return new BeatNetOnnxWriter().build(w, modelName, docString).toByteArray();
    }

    private OnnxMl.ModelProto build(BeatNetWeights w, String modelName, String docString) {
        graph.setName(modelName);
        graph.addInput(valueInfo("features", FRAMES, 1, BeatNetWeights.INPUT));
        graph.addInput(valueInfo("h_in", BeatNetWeights.LAYERS, 1, H));
        graph.addInput(valueInfo("c_in", BeatNetWeights.LAYERS, 1, H));
        graph.addOutput(valueInfo("activations", FRAMES, BeatNetWeights.CLASSES));
        graph.addOutput(valueInfo("h_out", BeatNetWeights.LAYERS, 1, H));
        graph.addOutput(valueInfo("c_out", BeatNetWeights.LAYERS, 1, H));

        floatInit("conv_w", w.convWeight().data(), BeatNetWeights.CONV_CHANNELS, 1, BeatNetWeights.KERNEL);
        floatInit("conv_b", w.convBias().data(), BeatNetWeights.CONV_CHANNELS);
        node("Conv", List.of("features", "conv_w", "conv_b"), List.of("conv"),
                intsAttr("kernel_shape", BeatNetWeights.KERNEL));
        node("Relu", List.of("conv"), List.of("conv_relu"));
        node("MaxPool", List.of("conv_relu"), List.of("pooled"), intsAttr("kernel_shape", 2), intsAttr("strides", 2));
        longInit("flat_shape", -1, BeatNetWeights.FLAT);
        node("Reshape", List.of("pooled", "flat_shape"), List.of("flat"));
        floatInit("dense_w", w.denseWeight().data(), H, BeatNetWeights.FLAT);
        floatInit("dense_b", w.denseBias().data(), H);
        node("Gemm", List.of("flat", "dense_w", "dense_b"), List.of("dense"), intAttr("transB", 1));
        longInit("seq_shape", -1, 1, H);
        node("Reshape", List.of("dense", "seq_shape"), List.of("lstm0_x"));

        node("Split", List.of("h_in"), List.of("h0_in", "h1_in"), intAttr("axis", 0));
        node("Split", List.of("c_in"), List.of("c0_in", "c1_in"), intAttr("axis", 0));
        for (int l = 0; l < BeatNetWeights.LAYERS; l++) {
            String p = "lstm" + l;
            floatInit(p + "_w", reorderGates(w.lstmInputWeight()[l].data(), H), 1, 4 * H, H);
            floatInit(p + "_r", reorderGates(w.lstmHiddenWeight()[l].data(), H), 1, 4 * H, H);
            float[] bias = new float[8 * H];
            System.arraycopy(reorderGates(w.lstmInputBias()[l].data(), 1), 0, bias, 0, 4 * H);
            System.arraycopy(reorderGates(w.lstmHiddenBias()[l].data(), 1), 0, bias, 4 * H, 4 * H);
            floatInit(p + "_b", bias, 1, 8 * H);
            node("LSTM", List.of(p + "_x", p + "_w", p + "_r", p + "_b", "", "h" + l + "_in", "c" + l + "_in"),
                    List.of(p + "_y", "h" + l + "_out", "c" + l + "_out"), intAttr("hidden_size", H));
            if (l + 1 < BeatNetWeights.LAYERS) {
                node("Reshape", List.of(p + "_y", "seq_shape"), List.of("lstm" + (l + 1) + "_x"));
            }
        }
        longInit("last_shape", -1, H);
        node("Reshape", List.of("lstm" + (BeatNetWeights.LAYERS - 1) + "_y", "last_shape"), List.of("lstm_out"));
        floatInit("out_w", w.outWeight().data(), BeatNetWeights.CLASSES, H);
        floatInit("out_b", w.outBias().data(), BeatNetWeights.CLASSES);
        node("Gemm", List.of("lstm_out", "out_w", "out_b"), List.of("logits"), intAttr("transB", 1));
        node("Softmax", List.of("logits"), List.of("activations"), intAttr("axis", 1));
        node("Concat", List.of("h0_out", "h1_out"), List.of("h_out"), intAttr("axis", 0));
        node("Concat", List.of("c0_out", "c1_out"), List.of("c_out"), intAttr("axis", 0));

        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("fractalsync-tools")
                .setProducerVersion("1")
                .setDomain("dev.fractalsync")
                .setModelVersion(1)
                .setDocString(docString)
                .addOpsetImport(ONNXOperators.getOpsetProto())
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("license").setValue("CC-BY-4.0"))
                .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("source")
                        .setValue("BeatNet (Heydari et al., ISMIR 2021), github.com/mjhydri/BeatNet"))
                .setGraph(graph)
                .build();
    }

    /** Reorders the four gate blocks of rows (each {@code rowsPerBlock = H * cols} values) from PyTorch to ONNX order. */
    static float[] reorderGates(float[] torch, int cols) {
        int block = H * cols;
        float[] onnx = new float[torch.length];
        for (int b = 0; b < 4; b++) {
            System.arraycopy(torch, TORCH_BLOCK_FOR_ONNX[b] * block, onnx, b * block, block);
        }
        return onnx;
    }

    private void node(String op, List<String> inputs, List<String> outputs, OnnxMl.AttributeProto... attrs) {
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(outputs.get(0) + "_" + op.toLowerCase(java.util.Locale.ROOT))
                .addAllInput(inputs)
                .addAllOutput(outputs);
        for (OnnxMl.AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    private static OnnxMl.AttributeProto intAttr(String name, long v) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(v).build();
    }

    private static OnnxMl.AttributeProto intsAttr(String name, long... v) {
        OnnxMl.AttributeProto.Builder b = OnnxMl.AttributeProto.newBuilder().setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    private void floatInit(String name, float[] data, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for " + n + " elements");
        }
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
    }

    private void longInit(String name, long... values) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
    }

    /** A float tensor; each dimension is a size (Long/Integer) or the name of a dynamic dimension (String). */
    private static OnnxMl.ValueInfoProto valueInfo(String name, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String param) {
                dim.setDimParam(param);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }
}
