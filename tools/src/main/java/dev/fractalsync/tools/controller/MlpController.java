package dev.fractalsync.tools.controller;

import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;

/** The controller net evaluated in Java, as a provider: the student in DAgger roll-outs. */
final class MlpController implements ControllerProvider {
    private final Mlp net;
    private final double[][] acts;
    private final float[] x = new float[ControllerFeatures.SIZE];
    private final double[] pred = new double[ControlVector.SIZE];

    MlpController(Mlp net) {
        this.net = net;
        this.acts = net.newActivations();
    }

    @Override
    public String id() {
        return "mlp-java";
    }

    @Override
    public String name() {
        return "controller MLP (Java forward pass)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) {
    }

    @Override
    public ControlVector process(ControllerInput input) {
        ControllerFeatures.write(input, input.structure(), x);
        ControllerTrainer.predict(net, acts, x, pred);
        for (int k = 0; k < pred.length; k++) {
            pred[k] = ControllerFeatures.denormalize(k, pred[k]);
        }
        return ControlVector.clamped(pred);
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }
}
