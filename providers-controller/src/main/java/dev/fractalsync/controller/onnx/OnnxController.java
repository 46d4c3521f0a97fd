package dev.fractalsync.controller.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.contract.TensorSpec;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.onnx.OnnxModel;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Controller backed by an ONNX model with the contract's {@code controller} interface (by default the bundled MLP
 * trained to imitate the rule controller; option {@code model=PATH} loads another file). The tensor names, types
 * and shapes are checked against the contract at {@link #open}; outputs are clamped into the control bounds.
 */
public final class OnnxController implements ControllerProvider {
    public static final String ID = "onnx";
    /** Class-path resource of the bundled model. */
    public static final String BUNDLED_MODEL = "/dev/fractalsync/controller/onnx/controller.onnx";
    static final String FAST = "fast_features";
    static final String BEAT = "beat_features";
    static final String SECTION = "section_probs";
    static final String HAZARD = "hazard_probs";
    static final String PREV = "prev_control";
    static final String CONTROL = "control";

    private OrtEnvironment env;
    private OrtSession session;
    private OnnxModel onnx;
    private float[] fast;
    private final float[] beat = new float[BeatFeatures.SIZE];
    private final float[] section = new float[SectionLabel.COUNT];
    private final float[] hazard = new float[Horizons.COUNT];
    private final float[] prev = new float[ControlVector.SIZE];
    private final double[] out = new double[ControlVector.SIZE];
    private long[] fastShape;
    private int tFast;
    private int fFast;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "ONNX controller (MLP imitating the rules)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) throws ProviderException {
        ModelSpec spec = context.contract().model("controller")
                .orElseThrow(() -> new ProviderException("onnx controller: the contract has no 'controller' model"));
        close();
        onnx = OnnxModel.open("onnx controller", () -> OnnxController.class.getResourceAsStream(BUNDLED_MODEL), BUNDLED_MODEL, context.option("model", null), spec);
        env = onnx.env();
        session = onnx.session();
        TensorSpec fastSpec = spec.input(FAST).orElseThrow();
        fastShape = fastSpec.shape();
        tFast = (int) fastShape[1];
        fFast = (int) fastShape[2];
        fast = new float[tFast * fFast];
    }

    @Override
    public ControlVector process(ControllerInput input) {
        if (session == null) {
            throw new IllegalStateException("onnx controller is not open");
        }
        FeatureWindow fw = input.fastFeatures();
        int frames = Math.min(tFast, fw.frames());
        int width = Math.min(fFast, fw.width());
        Arrays.fill(fast, 0f);
        // Align the newest frames; a shorter window leaves the oldest rows at zero (as before stream start).
        int offset = tFast - frames;
        for (int t = 0; t < frames; t++) {
            for (int f = 0; f < width; f++) {
                float v = fw.get(fw.frames() - frames + t, f);
                fast[(offset + t) * fFast + f] = Float.isFinite(v) ? v : 0f;
            }
        }
        BeatFeatures.write(input.beat(), beat, 0);
        StructureState s = input.structure();
        for (int i = 0; i < section.length; i++) {
            section[i] = (float) s.sectionProb(i);
        }
        for (int k = 0; k < hazard.length; k++) {
            hazard[k] = (float) s.hazardProb(k);
        }
        input.previous().copyTo(prev, 0);
        Map<String, OnnxTensor> feeds = new HashMap<>(8);
        try {
            feeds.put(FAST, OnnxTensor.createTensor(env, FloatBuffer.wrap(fast), fastShape));
            feeds.put(BEAT, OnnxTensor.createTensor(env, FloatBuffer.wrap(beat), new long[]{1, beat.length}));
            feeds.put(SECTION, OnnxTensor.createTensor(env, FloatBuffer.wrap(section), new long[]{1, section.length}));
            feeds.put(HAZARD, OnnxTensor.createTensor(env, FloatBuffer.wrap(hazard), new long[]{1, hazard.length}));
            feeds.put(PREV, OnnxTensor.createTensor(env, FloatBuffer.wrap(prev), new long[]{1, prev.length}));
            try (OrtSession.Result result = session.run(feeds)) {
                float[][] control = (float[][]) result.get(0).getValue();
                for (int k = 0; k < out.length; k++) {
                    out[k] = control[0][k];
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("onnx controller: inference failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : feeds.values()) {
                t.close();
            }
        }
        return ControlVector.clamped(out);
    }

    @Override
    public void reset() {
        // stateless: the previous control vector arrives with every input
    }

    @Override
    public void close() {
        if (onnx != null) {
            onnx.close();
            onnx = null;
            session = null;
        }
    }
}
