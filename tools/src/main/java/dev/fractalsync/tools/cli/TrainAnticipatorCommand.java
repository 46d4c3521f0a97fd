package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.tools.anticipator.AnticipatorPipeline;
import dev.fractalsync.tools.anticipator.InputAugmentation;
import dev.fractalsync.tools.anticipator.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train-anticipator", mixinStandardHelpOptions = true, description = {
        "Train the structure anticipator on a dataset (see 'dataset'), export it to ONNX with the contract's tensors, "
                + "and score it on the held-out tracks against the novelty baseline and a base-rate predictor.",
        "Metrics: per-hop section accuracy and macro-F1; hazard Brier and AUC per horizon; boundary anticipation "
                + "(lead in beats at which hazard@4 rises above 0.5)."},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools train-anticipator --data data/anticipator",
                "  fractalsync-tools train-anticipator --data data/real --evaluate-only"})
final class TrainAnticipatorCommand implements Callable<Integer> {
    static final String BUNDLED = "providers-structure/src/main/resources/dev/fractalsync/structure/anticipator/anticipator.onnx";

    @Option(names = "--data", description = "Dataset directory with index.json (repeatable; train tracks of all are "
            + "trained on, held-out tracks of each are scored) (default: ${DEFAULT-VALUE}).", defaultValue = "data/anticipator")
    List<Path> data;

    @Option(names = "--validate", description = "Dataset directory scored but never trained on (repeatable), e.g. songs "
            + "rendered with a SoundFont the training did not use.")
    List<Path> validate = new ArrayList<>();

    @Option(names = "--out", description = "ONNX file to write (default: ${DEFAULT-VALUE}).", defaultValue = BUNDLED)
    Path out;

    @Option(names = "--card", description = "Model card to write (default: MODEL_CARD.md next to --out).")
    Path card;

    @Option(names = "--card-notes", paramLabel = "FILE", description = "Markdown put into the model card under "
            + "'Generalization' (e.g. the leave-one-family-out table measured by separate runs).")
    Path cardNotes;

    @Option(names = "--epochs", defaultValue = "12", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--hidden", defaultValue = "64", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--hidden2", defaultValue = "0", description = "Units of a second hidden layer, 0 for none (default: ${DEFAULT-VALUE}).")
    int hidden2;

    @Option(names = "--stride", defaultValue = "4", description = "Use 1/stride of the training hops per epoch (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Training seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--decimation", defaultValue = "1", description = "Structure decimation used for the evaluation (default: ${DEFAULT-VALUE}).")
    int decimation;

    @Option(names = "--dropout", defaultValue = "0", description = "Probability of dropping each hidden unit per training "
            + "sample, against memorizing songs (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--channel-dropout", defaultValue = "0", description = "Probability of replacing each input channel "
            + "of a training sample by its mean, as if the song lacked that cue (default: ${DEFAULT-VALUE}).")
    double channelDropout;

    @Option(names = "--contrast-jitter", defaultValue = "0", description = "Standard deviation of the log gain applied to "
            + "each song-relative audio and chroma channel of a training sample, as if another arranger marked sections "
            + "more or less strongly (default: ${DEFAULT-VALUE}).")
    double contrastJitter;

    @Option(names = "--no-pitch", description = "Train without the pitch (chroma) window and the harmonic context "
            + "features: an ablation, to measure what they add.")
    boolean noPitch;

    @Option(names = "--evaluate-only", description = "Do not train: score the model at --out on the held-out tracks "
            + "(with the novelty baseline and the base rate).")
    boolean evaluateOnly;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the ONNX model file (its model card is written beside it)");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UsageException("--dropout must be at least 0 and below 1, got " + dropout);
        }
        if (hidden < 1 || epochs < 1 || stride < 1 || !(learningRate > 0)) {
            throw new UsageException("--hidden, --epochs and --stride must be at least 1 and --lr above 0");
        }
        if (hidden2 < 0) {
            throw new UsageException("--hidden2 must be 0 (no second layer) or more, got " + hidden2);
        }
        InputAugmentation augmentation;
        try {
            augmentation = new InputAugmentation(channelDropout, contrastJitter);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--channel-dropout, --contrast-jitter: " + e.getMessage());
        }
        TrainingConfig defaults = TrainingConfig.defaults();
        TrainingConfig cfg = new TrainingConfig(hidden, hidden2, epochs, defaults.batch(), learningRate, defaults.weightDecay(),
                defaults.labelSmoothing(), defaults.hazardWeight(), dropout, stride, seed,
                augmentation);
        AnticipatorPipeline pipeline = new AnticipatorPipeline(data, validate, out, card, cfg, !noPitch, decimation,
                cardNotes);
        if (evaluateOnly) {
            pipeline.evaluateOnly(System.out, progress.quiet() ? null : System.err);
        } else {
            pipeline.run(System.out, progress.quiet() ? null : System.err);
        }
        return 0;
    }
}
