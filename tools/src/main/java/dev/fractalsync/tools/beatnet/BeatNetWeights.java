package dev.fractalsync.tools.beatnet;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The parameters of BeatNet's CRNN ({@code BDA(dim_in=272, num_cells=150, num_layers=2)}), checked against the
 * expected shapes. LSTM matrices keep PyTorch's gate order (input, forget, cell, output).
 */
public record BeatNetWeights(
        TorchStateDict.Tensor convWeight, TorchStateDict.Tensor convBias,
        TorchStateDict.Tensor denseWeight, TorchStateDict.Tensor denseBias,
        TorchStateDict.Tensor[] lstmInputWeight, TorchStateDict.Tensor[] lstmHiddenWeight,
        TorchStateDict.Tensor[] lstmInputBias, TorchStateDict.Tensor[] lstmHiddenBias,
        TorchStateDict.Tensor outWeight, TorchStateDict.Tensor outBias) {

    public static final int INPUT = 272;
    public static final int CONV_CHANNELS = 2;
    public static final int KERNEL = 10;
    public static final int POOLED = (INPUT - KERNEL + 1) / 2;
    public static final int FLAT = CONV_CHANNELS * POOLED;
    public static final int HIDDEN = 150;
    public static final int LAYERS = 2;
    public static final int CLASSES = 3;

    public static BeatNetWeights load(Path stateDict) throws IOException {
        return from(TorchStateDict.load(stateDict));
    }

    public static BeatNetWeights from(TorchStateDict sd) throws IOException {
        TorchStateDict.Tensor[] wih = new TorchStateDict.Tensor[LAYERS];
        TorchStateDict.Tensor[] whh = new TorchStateDict.Tensor[LAYERS];
        TorchStateDict.Tensor[] bih = new TorchStateDict.Tensor[LAYERS];
        TorchStateDict.Tensor[] bhh = new TorchStateDict.Tensor[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            wih[l] = sd.require("lstm.weight_ih_l" + l, 4 * HIDDEN, HIDDEN);
            whh[l] = sd.require("lstm.weight_hh_l" + l, 4 * HIDDEN, HIDDEN);
            bih[l] = sd.require("lstm.bias_ih_l" + l, 4 * HIDDEN);
            bhh[l] = sd.require("lstm.bias_hh_l" + l, 4 * HIDDEN);
        }
        return new BeatNetWeights(
                sd.require("conv1.weight", CONV_CHANNELS, 1, KERNEL), sd.require("conv1.bias", CONV_CHANNELS),
                sd.require("linear0.weight", HIDDEN, FLAT), sd.require("linear0.bias", HIDDEN),
                wih, whh, bih, bhh,
                sd.require("linear.weight", CLASSES, HIDDEN), sd.require("linear.bias", CLASSES));
    }
}
