package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.tools.controller.ControllerTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Regenerates the bundled ONNX controller: trains an MLP to imitate the rule controller and exports it. */
@Command(name = "train-controller", mixinStandardHelpOptions = true,
        description = "Train the controller MLP to imitate the rule controller on synthetic episodes and export it "
                + "to ONNX (the bundled model was made with the defaults).",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools train-controller",
                "  fractalsync-tools train-controller --out /tmp/controller.onnx --epochs 5"})
final class TrainControllerCommand implements Callable<Integer> {
    private static final ControllerTrainer.Config DEFAULTS = ControllerTrainer.Config.defaults();

    @Option(names = "--out", description = "Output .onnx file (default: ${DEFAULT-VALUE}).",
            defaultValue = "providers-controller/src/main/resources/dev/fractalsync/controller/onnx/controller.onnx")
    Path out;

    @Option(names = "--samples", description = "Training frames (default: ${DEFAULT-VALUE}).")
    int samples = DEFAULTS.trainSamples();

    @Option(names = "--validation", description = "Held-out clean frames (default: ${DEFAULT-VALUE}).")
    int validation = DEFAULTS.validationSamples();

    @Option(names = "--epochs", description = "Passes over the training frames (default: ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(names = "--hidden", description = "Units in each of the two hidden layers (default: ${DEFAULT-VALUE}).")
    int hidden = DEFAULTS.hidden();

    @Option(names = "--batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch = DEFAULTS.batchSize();

    @Option(names = "--lr", description = "Peak Adam learning rate (cosine decay) (default: ${DEFAULT-VALUE}).")
    double learningRate = DEFAULTS.learningRate();

    @Option(names = "--connectedness-weight", description = "Weight of the chorus connectedness penalty (default: ${DEFAULT-VALUE}).")
    double connectednessWeight = DEFAULTS.connectednessWeight();

    @Option(names = "--dagger-rounds", description = "Rounds in which the student drives and the teacher labels (default: ${DEFAULT-VALUE}).")
    int daggerRounds = DEFAULTS.daggerRounds();

    @Option(names = "--seed", description = "Random seed (data, initialization, shuffling) (default: ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Override
    public Integer call() throws IOException {
        OutputFile.refuseStdout(out, "--out", "the ONNX model file");
        ControllerTrainer.Config config;
        try {
            config = new ControllerTrainer.Config(samples, validation, epochs, hidden, batch, learningRate,
                    connectednessWeight, daggerRounds, seed);
        } catch (IllegalArgumentException e) {
            System.err.println("train-controller: " + e.getMessage());
            return 2;
        }
        ControllerTrainer.Result result = ControllerTrainer.train(config, line -> System.out.println("  " + line));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, result.onnx());
        System.out.print(result.report().describe());
        System.out.println("wrote " + out + " (" + result.onnx().length + " bytes)");
        return 0;
    }
}
