package dev.fractalsync.tools.beatnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts BeatNet's three published PyTorch state_dicts ({@code model_N_weights.pt}, N = 1..3) into the ONNX files
 * the BeatNet beat provider ships ({@code beatnet_model_N.onnx}).
 */
public final class BeatNetConverter {
    public static final String ATTRIBUTION = "BeatNet by Mojtaba Heydari, Frank Cwitkowitz and Zhiyao Duan "
            + "(\"BeatNet: CRNN and Particle Filtering for Online Joint Beat Downbeat and Meter Tracking\", ISMIR 2021), "
            + "github.com/mjhydri/BeatNet, licensed CC BY 4.0; weights converted to ONNX by FractalSync.";

    private BeatNetConverter() {
    }

    public static String weightsFileName(int model) {
        return "model_" + model + "_weights.pt";
    }

    public static String onnxFileName(int model) {
        return "beatnet_model_" + model + ".onnx";
    }

    /** Converts one state_dict to ONNX bytes. */
    public static byte[] convert(Path weights, int model) throws IOException {
        BeatNetWeights w = BeatNetWeights.load(weights);
        String doc = "BeatNet CRNN model " + model + " (" + trainingNote(model) + "), single step with explicit LSTM "
                + "state. Outputs softmax over [beat, downbeat, no beat]. " + ATTRIBUTION;
        return BeatNetOnnxWriter.write(w, "beatnet_model_" + model, doc);
    }

    /** Converts every {@code model_N_weights.pt} found in {@code weightsDir}; returns the files written. */
    public static List<Path> convertAll(Path weightsDir, Path outDir) throws IOException {
        if (!Files.isDirectory(weightsDir)) {
            throw new IOException("weights directory " + weightsDir + " does not exist");
        }
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (int model = 1; model <= 3; model++) {
            Path in = weightsDir.resolve(weightsFileName(model));
            if (!Files.isRegularFile(in)) {
                continue;
            }
            Path out = outDir.resolve(onnxFileName(model));
            Files.write(out, convert(in, model));
            written.add(out);
        }
        if (written.isEmpty()) {
            throw new IOException("no model_N_weights.pt (N = 1..3) in " + weightsDir);
        }
        return written;
    }

    private static String trainingNote(int model) {
        return switch (model) {
            case 1 -> "trained with GTZAN held out";
            case 2 -> "trained with Ballroom held out";
            case 3 -> "trained with Rock Corpus held out";
            default -> "unknown training split";
        };
    }
}
