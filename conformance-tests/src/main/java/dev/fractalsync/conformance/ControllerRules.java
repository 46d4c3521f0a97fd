package dev.fractalsync.conformance;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.clock.SectionDecision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Controllers get realistic inputs — a {@link FastClock} sampled at 60 FPS over the slow states of each signal
 * (true beats and sections for the demo song), with the controller's own previous output fed back — and random
 * valid inputs covering the whole range of every field.
 */
final class ControllerRules extends KindRules<ControllerProvider, ControlVector> {
    static final String CONTROL_BOUNDS = "control-bounds";
    private static final double FPS = 60;

    private final ModelContract contract;
    private final List<Signal> signals;
    private final int randomInputs;
    private final long seed;

    ControllerRules(ModelContract contract, List<Signal> signals, int randomInputs, long seed) {
        this.contract = contract;
        this.signals = signals;
        this.randomInputs = randomInputs;
        this.seed = seed;
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.CONTROLLER;
    }

    @Override
    Class<ControllerProvider> type() {
        return ControllerProvider.class;
    }

    @Override
    List<Feed<ControllerProvider, ControlVector>> feeds() {
        List<Feed<ControllerProvider, ControlVector>> feeds = new ArrayList<>();
        feeds.add(new FastClockFeed(signals.get(0)));
        feeds.add(new RandomFeed());
        for (Signal s : signals.subList(1, signals.size())) {
            feeds.add(new FastClockFeed(s));
        }
        return feeds;
    }

    @Override
    List<OutputCheck> outputChecks() {
        return List.of(new OutputCheck(CONTROL_BOUNDS, "every control within the contract bounds "
                + "(ControlVector.MIN/MAX, e.g. dc_re in [-1.5, 1.0])",
                "build the output with ControlVector.clamped(values) when a model can overshoot", Verdict.FAIL));
    }

    @Override
    void inspect(ControlVector out, ControlVector previous, double tSec, String where, Violations v) {
        double[] x = out.toArray();
        for (int i = 0; i < x.length; i++) {
            if (!(x[i] >= ControlVector.MIN[i] && x[i] <= ControlVector.MAX[i])) {
                v.add(CONTROL_BOUNDS, where + ": " + ControlVector.NAMES[i] + "=" + x[i]);
            }
        }
    }

    @Override
    String checkForField(String field) {
        return Arrays.asList(ControlVector.NAMES).contains(field) ? CONTROL_BOUNDS : null;
    }

    /** A fast clock over the signal's slow states, sampled at 60 FPS from the end of the first hop. */
    private final class FastClockFeed implements Feed<ControllerProvider, ControlVector> {
        private final Signal signal;
        private final FastClock clock = new FastClock(contract);
        private final SectionDecision sections = new SectionDecision(contract.hopSeconds());
        private int accepted;
        private ControlVector previous = ControlVector.neutral();

        FastClockFeed(Signal signal) {
            this.signal = signal;
        }

        @Override
        public String signal() {
            return signal.name();
        }

        @Override
        public int length() {
            return (int) Math.floor((signal.hops() - 1) * contract.hopSeconds() * FPS) + 1;
        }

        @Override
        public double tSec(int step) {
            return contract.hopSeconds() + step / FPS;
        }

        @Override
        public ControlVector step(ControllerProvider provider, int step) {
            double t = tSec(step);
            while (accepted < signal.hops() && (accepted + 1) * contract.hopSeconds() <= t + 1e-9) {
                BeatClockState beat = signal.beats()[accepted];
                StructureState structure = signal.structures()[accepted];
                clock.accept(new SlowState(accepted, beat, structure, sections.accept(beat, structure),
                        signal.frames()[accepted]));
                accepted++;
            }
            FastFrame f = clock.sample(t);
            ControlVector out = provider.process(new ControllerInput(t, f.dtSec(), f.fastFeatures(), f.beat(),
                    f.structure(), previous));
            if (out != null) {
                previous = out;
            }
            return out;
        }

        @Override
        public String where(int step) {
            return String.format(Locale.ROOT, "%s frame %d (t=%.3f s)", signal.name(), step, tSec(step));
        }
    }

    /** Independent random inputs, valid but anywhere in range (including the bounds of the previous control). */
    private final class RandomFeed implements Feed<ControllerProvider, ControlVector> {
        private final SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        private final int width = contract.audioFeatures().size();
        private final float[] window = new float[contract.tFast() * width];
        private final FeatureWindow view = FeatureWindow.of(window, contract.tFast(), width);

        @Override
        public String signal() {
            return "random";
        }

        @Override
        public int length() {
            return randomInputs;
        }

        @Override
        public double tSec(int step) {
            return step / FPS;
        }

        @Override
        public ControlVector step(ControllerProvider provider, int step) {
            for (int i = 0; i < window.length; i++) {
                window[i] = (float) (rnd.nextDouble() * 2.5 - 0.5);
            }
            double spb = 60.0 / (contract.minBpm() + rnd.nextDouble() * (contract.maxBpm() - contract.minBpm()));
            BeatClockState beat = new BeatClockState(tSec(step), spb, rnd.nextDouble(), rnd.nextLong(0, 10_000),
                    rnd.nextDouble(), rnd.nextBoolean() ? null : rnd.nextDouble());
            double[] p = new double[SectionLabel.COUNT];
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
                sum += p[i];
            }
            if (sum == 0) {
                p[rnd.nextInt(p.length)] = sum = 1;
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
            double[] h = new double[Horizons.COUNT];
            for (int k = 0; k < h.length; k++) {
                h[k] = rnd.nextDouble();
            }
            Arrays.sort(h);
            double[] embedding = null;
            if (rnd.nextBoolean()) {
                embedding = new double[contract.macroEmbeddingSize()];
                for (int i = 0; i < embedding.length; i++) {
                    embedding[i] = rnd.nextGaussian() * 3;
                }
            }
            double[] prev = new double[ControlVector.SIZE];
            for (int i = 0; i < prev.length; i++) {
                int edge = rnd.nextInt(8);
                prev[i] = edge == 0 ? ControlVector.MIN[i] : edge == 1 ? ControlVector.MAX[i]
                        : ControlVector.MIN[i] + rnd.nextDouble() * (ControlVector.MAX[i] - ControlVector.MIN[i]);
            }
            ControllerInput in = new ControllerInput(tSec(step), rnd.nextDouble() * 0.1, view, beat,
                    new StructureState(p, h, embedding), ControlVector.fromArray(prev));
            return provider.process(in);
        }

        @Override
        public String where(int step) {
            return "random input " + step;
        }
    }
}
