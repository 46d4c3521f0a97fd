package dev.fractalsync.tools.beatnet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.beat.beatnet.BeatNetFeatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BeatNetConversionTest {
    private static final int H = BeatNetWeights.HIDDEN;
    static Path weightsFile;
    static List<float[]> frames;

    @BeforeAll
    static void load(@TempDir Path tmp) throws Exception {
        weightsFile = tmp.resolve("model_1_weights.pt");
        try (InputStream in = BeatNetConversionTest.class.getResourceAsStream("model_1_weights.pt")) {
            Files.copy(in, weightsFile, StandardCopyOption.REPLACE_EXISTING);
        }
        // real audio: the 120 BPM kick clip shipped as a clock test fixture
        Path wav = Path.of(System.getProperty("basedir", "."), "..", "clock", "src", "test", "resources",
                "dev", "fractalsync", "audio", "808kick120bpm.wav");
        float[] audio = AudioFiles.readMono(wav, 48000).samples();
        BeatNetFeatures features = new BeatNetFeatures(48000, 1024);
        frames = new ArrayList<>();
        HopCutter.cut(audio, 1024, (hop, h) -> features.push(hop, 0, 1024, (i, f) -> frames.add(f.clone())));
    }

    @Test
    void stateDictReaderFindsBeatNetTensorsWithStorageOffsets() throws Exception {
        TorchStateDict sd = TorchStateDict.load(weightsFile);
        assertEquals(14, sd.tensors().size(), sd.tensors().keySet().toString());
        // the LSTM tensors share one storage: later tensors must come from non-zero offsets, so they differ
        float[] a = sd.require("lstm.weight_ih_l0", 600, 150).data();
        float[] b = sd.require("lstm.weight_hh_l0", 600, 150).data();
        assertTrue(maxAbsDiff(a, b) > 0.01);
        for (TorchStateDict.Tensor t : sd.tensors().values()) {
            for (float v : t.data()) {
                assertTrue(Float.isFinite(v) && Math.abs(v) < 50, t + " has an implausible value " + v);
            }
        }
    }

    @Test
    void onnxModelMatchesPlainJavaForwardOverManyRealFrames(@TempDir Path out) throws Exception {
        assertTrue(frames.size() > 400, "clip gives " + frames.size() + " frames");
        BeatNetWeights w = BeatNetWeights.load(weightsFile);
        byte[] onnx = BeatNetConverter.convert(weightsFile, 1);
        ReferenceForward ref = new ReferenceForward(w);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double maxDiff = 0;
        double maxState = 0;
        int beatsAbove = 0;
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            float[] h = new float[2 * H];
            float[] c = new float[2 * H];
            for (float[] frame : frames) {
                double[] expected = ref.step(frame);
                try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(frame), new long[]{1, 1, 272});
                     OnnxTensor hi = OnnxTensor.createTensor(env, FloatBuffer.wrap(h), new long[]{2, 1, H});
                     OnnxTensor ci = OnnxTensor.createTensor(env, FloatBuffer.wrap(c), new long[]{2, 1, H});
                     OrtSession.Result r = session.run(Map.of("features", x, "h_in", hi, "c_in", ci))) {
                    float[] act = ((OnnxTensor) r.get("activations").orElseThrow()).getFloatBuffer().array();
                    h = ((OnnxTensor) r.get("h_out").orElseThrow()).getFloatBuffer().array();
                    c = ((OnnxTensor) r.get("c_out").orElseThrow()).getFloatBuffer().array();
                    for (int k = 0; k < 3; k++) {
                        maxDiff = Math.max(maxDiff, Math.abs(act[k] - expected[k]));
                    }
                    for (int l = 0; l < 2; l++) {
                        for (int j = 0; j < H; j++) {
                            maxState = Math.max(maxState, Math.abs(h[l * H + j] - ref.h[l][j]));
                            maxState = Math.max(maxState, Math.abs(c[l * H + j] - ref.c[l][j]));
                        }
                    }
                    if (act[0] + act[1] > 0.4) {
                        beatsAbove++;
                    }
                }
            }
        }
        System.out.printf("conversion: %d frames, max |activation diff| %.3g, max |state diff| %.3g%n",
                frames.size(), maxDiff, maxState);
        assertTrue(maxDiff < 1e-4, "activations differ by " + maxDiff);
        assertTrue(maxState < 1e-4, "LSTM state differs by " + maxState);
        // a 120 BPM kick pattern over 10 s must light the beat classes on a plausible number of frames
        assertTrue(beatsAbove >= 10 && beatsAbove < frames.size() / 2, "beat-ish frames: " + beatsAbove);
    }

    @Test
    void gateReorderMapsTorchIfgoToOnnxIofc() {
        float[] torch = new float[4 * H];
        for (int b = 0; b < 4; b++) {
            java.util.Arrays.fill(torch, b * H, (b + 1) * H, b); // 0=i 1=f 2=g 3=o
        }
        float[] onnx = BeatNetOnnxWriter.reorderGates(torch, 1);
        float[] blocks = {onnx[0], onnx[H], onnx[2 * H], onnx[3 * H]};
        assertArrayEquals(new float[]{0, 3, 1, 2}, blocks); // i, o, f, c
    }

    @Test
    void committedModelsAreExactlyWhatTheConverterProduces(@TempDir Path out) throws Exception {
        byte[] fresh = BeatNetConverter.convert(weightsFile, 1);
        try (InputStream in = dev.fractalsync.beat.beatnet.BeatNetFeatures.class
                .getResourceAsStream(BeatNetConverter.onnxFileName(1))) {
            assertTrue(in != null, "providers-beat does not ship " + BeatNetConverter.onnxFileName(1));
            assertArrayEquals(fresh, in.readAllBytes(), "regenerate with: bin/fractalsync-tools convert-beatnet");
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
