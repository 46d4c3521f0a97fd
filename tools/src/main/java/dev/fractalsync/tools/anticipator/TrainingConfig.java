package dev.fractalsync.tools.anticipator;

/**
 * Hyper-parameters of {@link AnticipatorTrainer}.
 *
 * @param hidden         units of the first hidden layer
 * @param hidden2        units of a second hidden layer (0: none)
 * @param epochs         passes; each visits {@code 1/stride} of the training hops, a fresh random subset each time
 * @param batch          samples per Adam step
 * @param learningRate   Adam step size
 * @param weightDecay    L2 on weights (not biases)
 * @param labelSmoothing section target smoothing ε (target = (1-ε)·one-hot + ε/L): softer, less overconfident labels
 * @param hazardWeight   weight of the mean hazard BCE against the section cross-entropy
 * @param dropout        probability of dropping each hidden unit per training sample (0: none); against memorizing songs
 * @param stride         hop subsampling per epoch (neighbouring hops are nearly identical windows)
 * @param seed           initialization and shuffling seed
 * @param augmentation   what each training sample's inputs go through first ({@link InputAugmentation#NONE}: nothing)
 */
public record TrainingConfig(int hidden, int hidden2, int epochs, int batch, double learningRate, double weightDecay,
                             double labelSmoothing, double hazardWeight, double dropout, int stride, long seed,
                             InputAugmentation augmentation) {
    public TrainingConfig {
        if (hidden < 1 || hidden2 < 0 || epochs < 1 || batch < 1 || stride < 1 || !(learningRate > 0) || !(weightDecay >= 0)
                || !(labelSmoothing >= 0 && labelSmoothing < 1) || !(hazardWeight >= 0) || !(dropout >= 0 && dropout < 1)
                || augmentation == null) {
            throw new IllegalArgumentException("invalid training configuration " + this);
        }
    }

    public TrainingConfig(int hidden, int hidden2, int epochs, int batch, double learningRate, double weightDecay,
                          double labelSmoothing, double hazardWeight, double dropout, int stride, long seed) {
        this(hidden, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, stride, seed,
                InputAugmentation.NONE);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(64, 0, 12, 128, 1e-3, 1e-4, 0.05, 2.0, 0, 4, 1L);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(hidden, hidden2, e, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, stride, seed, augmentation);
    }

    public TrainingConfig withHidden(int h) {
        return new TrainingConfig(h, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, stride, seed, augmentation);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(hidden, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, stride, s, augmentation);
    }

    public TrainingConfig withDropout(double p) {
        return new TrainingConfig(hidden, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, p, stride, seed, augmentation);
    }

    public TrainingConfig withStride(int s) {
        return new TrainingConfig(hidden, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, s, seed, augmentation);
    }

    public TrainingConfig withAugmentation(InputAugmentation a) {
        return new TrainingConfig(hidden, hidden2, epochs, batch, learningRate, weightDecay, labelSmoothing, hazardWeight, dropout, stride, seed, a);
    }
}
