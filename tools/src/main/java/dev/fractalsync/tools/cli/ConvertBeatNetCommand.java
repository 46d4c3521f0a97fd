package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.tools.beatnet.BeatNetConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "convert-beatnet",
        description = "Convert BeatNet's PyTorch weights (model_N_weights.pt, N = 1..3) to the ONNX models the "
                + "beatnet provider ships (beatnet_model_N.onnx).",
        footerHeading = "%nExample:%n",
        footer = {"  fractalsync-tools convert-beatnet --weights ~/BeatNet/src/BeatNet/models"})
final class ConvertBeatNetCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, description = "Directory holding model_1_weights.pt .. model_3_weights.pt.")
    Path weights;

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "providers-beat/src/main/resources/dev/fractalsync/beat/beatnet")
    Path out;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the directory of the ONNX models");
        List<Path> written = BeatNetConverter.convertAll(weights, out);
        for (Path p : written) {
            System.out.println("wrote " + p);
        }
        return 0;
    }
}
