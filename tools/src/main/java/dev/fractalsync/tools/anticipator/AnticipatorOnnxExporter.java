package dev.fractalsync.tools.anticipator;

import ai.onnx.proto.OnnxMl;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.contract.TensorSpec;
import dev.fractalsync.structure.context.SongContext;
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
 * Writes a trained {@link AnticipatorNet} as an ONNX model (opset 13) with exactly the tensors of contract
 * {@code models.anticipator}: inputs {@code audio_window [1,T_slow,F_audio]}, {@code beat_window [1,T_slow,F_beat]},
 * {@code song_context [1,F_ctx]} and (when the pooling has pitch features) {@code pitch_window [1,T_slow,F_pitch]};
 * outputs {@code section_logits [1,L]}, {@code hazard_logits [1,K]}. The graph: Concat the windows on the feature
 * axis, {@link WindowPooling} as Reshape/Slice/ReduceMean, then Gemm-Relu-Gemm with the input standardization folded
 * into the first Gemm.
 */
public final class AnticipatorOnnxExporter {
    private AnticipatorOnnxExporter() {
    }

    public static byte[] export(AnticipatorNet net, AnticipatorInputs inputs, ModelContract contract, Map<String, String> metadata) {
        WindowPooling pooling = inputs.pooling();
        ModelSpec spec = contract.model("anticipator")
                .orElseThrow(() -> new IllegalArgumentException("the contract has no models.anticipator"));
        TensorSpec audioSpec = spec.input("audio_window").orElseThrow();
        TensorSpec beatSpec = spec.input("beat_window").orElseThrow();
        TensorSpec contextSpec = spec.input("song_context").orElseThrow(
                () -> new IllegalArgumentException("the contract (" + contract.version() + ") has no song_context input: 1.1 or later needed"));
        if (!SongContext.NAMES.equals(contract.songContextFeatures())) {
            throw new IllegalArgumentException("the contract's song_context features differ from SongContext.NAMES");
        }
        int pitchWidth = pooling.pitchWidth();
        TensorSpec pitchSpec = pitchWidth == 0 ? null : spec.input("pitch_window").orElseThrow(
                () -> new IllegalArgumentException("the contract (" + contract.version() + ") has no pitch_window input: 1.5 or later needed"));
        if (pitchSpec != null && (pitchSpec.shape()[1] != pooling.frames() || pitchSpec.shape()[2] != pitchWidth)) {
            throw new IllegalArgumentException("pooling has " + pitchWidth + " pitch features, the contract's pitch_window is "
                    + java.util.Arrays.toString(pitchSpec.shape()));
        }
        TensorSpec sectionSpec = spec.output("section_logits").orElseThrow();
        TensorSpec hazardSpec = spec.output("hazard_logits").orElseThrow();
        int frames = pooling.frames();
        int width = pooling.width();
        if (audioSpec.shape()[1] != frames || audioSpec.shape()[2] != pooling.audioWidth()
                || beatSpec.shape()[2] != pooling.beatWidth() || net.inputs != inputs.size()
                || sectionSpec.shape()[1] != net.labels || hazardSpec.shape()[1] != net.horizons) {
            throw new IllegalArgumentException("network and pooling do not match the contract tensors " + spec.inputs() + " -> " + spec.outputs());
        }

        ONNXContext ctx = new ONNXContext();
        ctx.setName("fractalsync_anticipator");
        ONNXPlaceholder audio = ctx.floatInput(audioSpec.name(), pooling.audioWidth());
        ONNXPlaceholder beat = ctx.floatInput(beatSpec.name(), pooling.beatWidth());
        ONNXPlaceholder songContext = ctx.floatInput(contextSpec.name(), SongContext.SIZE);
        // audio relative to the song so far: subtract the song's running mean frame (the first F_audio context values)
        ONNXNode songMean = songContext
                .apply(StandardOps.SLICE, List.of(ctx.array("song_mean_start", new long[]{0}),
                        ctx.array("song_mean_end", new long[]{SongContext.AUDIO}), ctx.array("song_mean_axes", new long[]{1})))
                .apply(StandardOps.RESHAPE, ctx.array("song_mean_shape", new long[]{1, 1, SongContext.AUDIO}));
        ONNXNode relative = audio.apply(ONNXOperators.SUB, songMean);
        ONNXNode window;
        if (pitchSpec == null) {
            window = ctx.operation(ONNXOperators.CONCAT, List.of(relative, beat), "window", Map.of("axis", 2));
        } else {
            // pitch relative to the song so far: subtract the song's mean chroma (the next F_pitch context values)
            ONNXPlaceholder pitch = ctx.floatInput(pitchSpec.name(), pitchWidth);
            ONNXNode pitchMean = songContext
                    .apply(StandardOps.SLICE, List.of(ctx.array("pitch_mean_start", new long[]{SongContext.AUDIO}),
                            ctx.array("pitch_mean_end", new long[]{SongContext.MEANS}), ctx.array("pitch_mean_axes", new long[]{1})))
                    .apply(StandardOps.RESHAPE, ctx.array("pitch_mean_shape", new long[]{1, 1, pitchWidth}));
            ONNXNode pitchRelative = pitch.apply(ONNXOperators.SUB, pitchMean);
            window = ctx.operation(ONNXOperators.CONCAT, List.of(relative, beat, pitchRelative), "window", Map.of("axis", 2));
        }

        int coarseOut = WindowPooling.COARSE_BLOCKS * width;
        ONNXNode coarse = window
                .apply(StandardOps.RESHAPE, ctx.array("coarse_blocks_shape",
                        new long[]{1, WindowPooling.COARSE_BLOCKS, WindowPooling.COARSE_SIZE, width}))
                .apply(StandardOps.REDUCE_MEAN, Map.of("axes", new int[]{2}, "keepdims", 0))
                .apply(StandardOps.RESHAPE, ctx.array("coarse_flat_shape", new long[]{1, coarseOut}));
        int fineFrames = WindowPooling.FINE_BLOCKS * WindowPooling.FINE_SIZE;
        ONNXNode fine = window
                .apply(StandardOps.SLICE, List.of(ctx.array("fine_starts", new long[]{frames - fineFrames}),
                        ctx.array("fine_ends", new long[]{frames}), ctx.array("fine_axes", new long[]{1})))
                .apply(StandardOps.RESHAPE, ctx.array("fine_blocks_shape",
                        new long[]{1, WindowPooling.FINE_BLOCKS, WindowPooling.FINE_SIZE, width}))
                .apply(StandardOps.REDUCE_MEAN, Map.of("axes", new int[]{2}, "keepdims", 0))
                .apply(StandardOps.RESHAPE, ctx.array("fine_flat_shape", new long[]{1, WindowPooling.FINE_BLOCKS * width}));
        ONNXNode tail = songContext.apply(StandardOps.SLICE, List.of(ctx.array("context_tail_start", new long[]{SongContext.MEANS}),
                ctx.array("context_tail_end", new long[]{SongContext.SIZE}), ctx.array("context_tail_axes", new long[]{1})));
        ONNXNode pooled = ctx.operation(ONNXOperators.CONCAT, List.of(coarse, fine, tail), "pooled", Map.of("axis", 1));

        double[] mean = net.mean();
        double[] inv = net.invStd();
        int in = net.inputs;
        int hidden = net.hidden;
        ONNXInitializer w1 = ctx.floatTensor("hidden_weight", List.of(in, hidden), buf -> {
            for (int i = 0; i < in; i++) {
                for (int j = 0; j < hidden; j++) {
                    buf.put((float) (net.hiddenLayer.weight(i, j) * inv[i]));
                }
            }
        });
        ONNXInitializer b1 = ctx.floatTensor("hidden_bias", List.of(hidden), buf -> {
            for (int j = 0; j < hidden; j++) {
                double b = net.hiddenLayer.bias(j);
                for (int i = 0; i < in; i++) {
                    b -= mean[i] * inv[i] * net.hiddenLayer.weight(i, j);
                }
                buf.put((float) b);
            }
        });
        ONNXNode h = pooled.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(w1, b1)).apply(StandardOps.RELU);
        if (net.hidden2 > 0) {
            h = h.apply(ONNXOperators.GEMM, gemmOperands(ctx, "second", net.secondLayer)).apply(StandardOps.RELU);
        }
        List<ONNXRef<?>> sectionHead = gemmOperands(ctx, "section", net.sectionHead);
        List<ONNXRef<?>> hazardHead = gemmOperands(ctx, "hazard", net.hazardHead);
        h.apply(ONNXOperators.GEMM, sectionHead).assignTo(ctx.floatOutput(sectionSpec.name(), net.labels));
        // cumulative monotone head: q = [r0, softplus(r1..)] x T with T[0][k] = 1 and T[j][k] = 1 for 1 <= j <= k
        ONNXNode raw = h.apply(ONNXOperators.GEMM, hazardHead);
        ONNXNode first = raw.apply(StandardOps.SLICE, List.of(ctx.array("hazard_first_start", new long[]{0}),
                ctx.array("hazard_first_end", new long[]{1}), ctx.array("hazard_axes", new long[]{1})));
        ONNXNode steps = raw.apply(StandardOps.SLICE, List.of(ctx.array("hazard_steps_start", new long[]{1}),
                ctx.array("hazard_steps_end", new long[]{net.horizons}), ctx.array("hazard_steps_axes", new long[]{1})))
                .apply(StandardOps.SOFTPLUS);
        ONNXNode parts = ctx.operation(ONNXOperators.CONCAT, List.of(first, steps), "hazard_parts", Map.of("axis", 1));
        int horizons = net.horizons;
        // calibration folded in: a * (parts x T) + (1 - a) * prior
        double shrink = net.hazardShrink();
        double[] prior = net.hazardPrior();
        ONNXInitializer cumulative = ctx.floatTensor("hazard_cumulative", List.of(horizons, horizons), buf -> {
            for (int j = 0; j < horizons; j++) {
                for (int c = 0; c < horizons; c++) {
                    buf.put(j == 0 || j <= c ? (float) shrink : 0f);
                }
            }
        });
        ONNXInitializer calibrationBias = ctx.floatTensor("hazard_calibration_bias", List.of(horizons), buf -> {
            for (int k = 0; k < horizons; k++) {
                buf.put((float) ((1 - shrink) * prior[k]));
            }
        });
        parts.apply(ONNXOperators.GEMM, List.<ONNXRef<?>>of(cumulative, calibrationBias))
                .assignTo(ctx.floatOutput(hazardSpec.name(), net.horizons));

        // Tribuo declares [batch, n] placeholders; the contract fixes every dimension, so declare them exactly.
        OnnxMl.GraphProto.Builder graph = ctx.buildGraph().toBuilder()
                .clearInput().clearOutput()
                .addInput(valueInfo(audioSpec)).addInput(valueInfo(beatSpec)).addInput(valueInfo(contextSpec));
        if (pitchSpec != null) {
            graph.addInput(valueInfo(pitchSpec));
        }
        graph.addOutput(valueInfo(sectionSpec)).addOutput(valueInfo(hazardSpec));
        OnnxMl.ModelProto.Builder model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(7)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(StandardOps.OPSET))
                .setProducerName("fractalsync train-anticipator")
                .setProducerVersion("1")
                .setDomain("dev.fractalsync")
                .setModelVersion(1)
                .setDocString("FractalSync structure anticipator: section logits and boundary hazard logits "
                        + "(horizons 1, 2, 4, 8, 16 beats) from the last T_slow hops of audio and beat features and the song-level context.")
                .setGraph(graph);
        model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey("contract_version").setValue(contract.version()));
        metadata.forEach((k, v) -> model.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** The weight {@code NAME_weight [in, out]} and bias {@code NAME_bias [out]} of a Gemm computing {@code layer}. */
    private static List<ONNXRef<?>> gemmOperands(ONNXContext ctx, String name, AnticipatorNet.Dense layer) {
        ONNXInitializer weight = ctx.floatTensor(name + "_weight", List.of(layer.in, layer.out), buf -> {
            for (int i = 0; i < layer.in; i++) {
                for (int j = 0; j < layer.out; j++) {
                    buf.put((float) layer.weight(i, j));
                }
            }
        });
        ONNXInitializer bias = ctx.floatTensor(name + "_bias", List.of(layer.out), buf -> {
            for (int j = 0; j < layer.out; j++) {
                buf.put((float) layer.bias(j));
            }
        });
        return List.of(weight, bias);
    }

    private static OnnxMl.ValueInfoProto valueInfo(TensorSpec spec) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : spec.shape()) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(spec.name())
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }
}
