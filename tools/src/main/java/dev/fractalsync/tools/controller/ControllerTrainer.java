package dev.fractalsync.tools.controller;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.controller.MandelbrotMembership;
import dev.fractalsync.controller.onnx.OnnxController;
import dev.fractalsync.controller.rules.RuleController;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.onnx.OnnxModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the controller MLP to imitate {@link RuleController} on synthetic episodes, with the seed's robustness
 * augmentation on the student's structure input and the section-aware connectedness penalty
 * {@code L += λ · p_chorus · [c ∈ M] · max(0, R − |μ(c)|)²}, where μ is the cardioid multiplier coordinate
 * ({@code c = μ/2 − μ²/4}; |μ| &gt; 1 leaves the main cardioid, the penalty's gradient points out of the set).
 * Exports to ONNX and evaluates the export.
 */
public final class ControllerTrainer {
    /** Floor of the per-output step variance used for loss weights (normalized units). */
    private static final double MIN_STEP_VARIANCE = 1e-6;
    /** |μ| the connectedness hinge pushes chorus frames beyond. */
    private static final double PENALTY_RADIUS = 1.05;
    private static final int PENALTY_MAX_ITER = 100;

    private ControllerTrainer() {
    }

    /** Training settings; {@link #defaults()} produced the bundled model. */
    public record Config(int trainSamples, int validationSamples, int epochs, int hidden, int batchSize,
                         double learningRate, double connectednessWeight, int daggerRounds, long seed) {
        public Config {
            if (trainSamples < 1 || validationSamples < 1 || epochs < 1 || hidden < 1 || batchSize < 1) {
                throw new IllegalArgumentException("sample counts, epochs, hidden units and batch size must be >= 1");
            }
            if (daggerRounds < 0) {
                throw new IllegalArgumentException("DAgger rounds must be >= 0");
            }
            if (!(learningRate > 0) || connectednessWeight < 0) {
                throw new IllegalArgumentException("learning rate must be > 0 and the penalty weight >= 0");
            }
        }

        public static Config defaults() {
            return new Config(60_000, 15_000, 20, 96, 128, 2e-3, 0.001, 3, 20_261_125L);
        }
    }

    /** What training achieved. RMSEs are in contract units, on clean (un-augmented) held-out frames. */
    public record Report(Config config, double[] rmse, double cRmse, double validationLoss, double chorusPenaltyShare,
                         double onnxMaxAbsDiff, double rulesChorusOutside, double rulesVerseOutside,
                         double onnxChorusOutside, double onnxVerseOutside, double seconds) {
        public String describe() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "controller MLP %d-%d-%d-%d, %d teacher-forced frames + %d DAgger "
                            + "rounds, %d validation frames, %d epochs, %.0f s%n", ControllerFeatures.SIZE,
                    config.hidden(), config.hidden(), ControlVector.SIZE, config.trainSamples(), config.daggerRounds(),
                    config.validationSamples(), config.epochs(), seconds));
            sb.append("imitation RMSE (contract units, clean validation frames):");
            for (int k = 0; k < rmse.length; k++) {
                sb.append(String.format(Locale.ROOT, " %s=%.4f", ControlVector.NAMES[k], rmse[k]));
            }
            sb.append(String.format(Locale.ROOT, "%n|c - c_rules| RMSE %.4f; validation loss %.3e; "
                    + "chorus frames inside M (penalized) %.3f%n", cRmse, validationLoss, chorusPenaltyShare));
            sb.append(String.format(Locale.ROOT, "ONNX vs Java forward: max |diff| %.2e%n", onnxMaxAbsDiff));
            sb.append(String.format(Locale.ROOT, "closed loop on a pop song, share of frames with c outside M: "
                            + "rules chorus %.3f verse %.3f; onnx chorus %.3f verse %.3f%n", rulesChorusOutside,
                    rulesVerseOutside, onnxChorusOutside, onnxVerseOutside));
            return sb.toString();
        }
    }

    /** A trained net, its ONNX bytes and the evaluation. */
    public record Result(Mlp net, byte[] onnx, Report report) {
    }

    public static Result train(Config config, Consumer<String> log) {
        long start = System.nanoTime();
        RuleController teacher = new RuleController();
        log.accept("generating " + config.trainSamples() + " augmented training frames and "
                + config.validationSamples() + " clean validation frames");
        SyntheticControllerData.Samples train = SyntheticControllerData.generate(teacher, config.trainSamples(),
                config.seed(), true);
        SyntheticControllerData.Samples validation = SyntheticControllerData.generate(teacher,
                config.validationSamples(), config.seed() + 1, false);

        Mlp net = new Mlp(new int[]{ControllerFeatures.SIZE, config.hidden(), config.hidden(), ControlVector.SIZE},
                config.seed());
        net.fitStandardization(train.inputs());
        double[] weights = stepWeights(train);
        // DAgger: after the teacher-forced round, the student drives part of the episodes and the teacher labels the
        // states it reaches; rounds train on all data gathered so far. Epochs split evenly over the rounds.
        int rounds = 1 + config.daggerRounds();
        int rolloutSamples = Math.max(1, config.trainSamples() / 3);
        int epochsPerRound = Math.max(1, config.epochs() / rounds);
        long totalSteps = 0;
        for (int r = 0; r < rounds; r++) {
            long size = config.trainSamples() + (long) r * rolloutSamples;
            totalSteps += epochsPerRound * ((size + config.batchSize() - 1) / config.batchSize());
        }
        Schedule schedule = new Schedule(config.learningRate(), totalSteps);
        SyntheticControllerData.Samples data = train;
        for (int r = 0; r < rounds; r++) {
            if (r > 0) {
                log.accept("DAgger round " + r + ": " + rolloutSamples + " frames with the student driving");
                SyntheticControllerData.Samples more = SyntheticControllerData.generate(teacher, new MlpController(net),
                        0.8, rolloutSamples, config.seed() + 100 + r, true);
                data = SyntheticControllerData.concat(data, more);
            }
            for (int epoch = 0; epoch < epochsPerRound; epoch++) {
                double loss = trainEpoch(net, data, config, weights, schedule,
                        new Random(config.seed() + 31L * r + epoch));
                log.accept(String.format(Locale.ROOT, "round %d epoch %d/%d: train loss %.3e, validation loss %.3e",
                        r, epoch + 1, epochsPerRound, loss, validationLoss(net, validation, weights,
                                config.connectednessWeight())));
            }
        }
        double[][] acts = net.newActivations();
        double[] pred = new double[ControlVector.SIZE];

        // Held-out imitation error in contract units (clipped like the exported graph).
        double[] sq = new double[ControlVector.SIZE];
        double cSq = 0;
        int chorusInside = 0;
        int chorusFrames = 0;
        for (int i = 0; i < validation.size(); i++) {
            predict(net, acts, validation.inputs()[i], pred);
            double[] teacherOut = new double[ControlVector.SIZE];
            for (int k = 0; k < pred.length; k++) {
                double p = ControllerFeatures.denormalize(k, pred[k]);
                double t = ControllerFeatures.denormalize(k, validation.targets()[i][k]);
                teacherOut[k] = t;
                sq[k] += (p - t) * (p - t);
                pred[k] = p;
            }
            cSq += (pred[0] - teacherOut[0]) * (pred[0] - teacherOut[0])
                    + (pred[1] - teacherOut[1]) * (pred[1] - teacherOut[1]);
            if (validation.chorus()[i] > 0.5) {
                chorusFrames++;
                if (MandelbrotMembership.contains(pred[0] + ControlVector.C_ANCHOR_RE, pred[1] + ControlVector.C_ANCHOR_IM,
                        PENALTY_MAX_ITER)) {
                    chorusInside++;
                }
            }
        }
        double[] rmse = new double[ControlVector.SIZE];
        for (int k = 0; k < rmse.length; k++) {
            rmse[k] = Math.sqrt(sq[k] / validation.size());
        }
        double vLoss = validationLoss(net, validation, weights, config.connectednessWeight());
        byte[] onnx = ControllerOnnxExporter.export(net, "FractalSync controller: MLP imitating the rule controller; "
                + "regenerate with `fractalsync train-controller`; " + config);
        double parity = onnxParity(net, onnx, validation, 500);
        double[] rulesOutside = closedLoopOutside(teacher);
        double[] onnxOutside = withOnnxController(onnx, ControllerTrainer::closedLoopOutside);
        Report report = new Report(config, rmse, Math.sqrt(cSq / validation.size()), vLoss,
                chorusFrames == 0 ? 0 : (double) chorusInside / chorusFrames, parity, rulesOutside[0], rulesOutside[1],
                onnxOutside[0], onnxOutside[1], (System.nanoTime() - start) / 1e9);
        return new Result(net, onnx, report);
    }

    /** Cosine learning-rate decay over all steps of all rounds, to 5 % of the peak. */
    private static final class Schedule {
        private final double peak;
        private final long total;
        private long step;

        Schedule(double peak, long total) {
            this.peak = peak;
            this.total = Math.max(1, total);
        }

        double next() {
            double progress = Math.min(1.0, (double) step++ / total);
            return peak * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /**
     * Loss weight per output: the inverse variance of the teacher's per-frame step (target − previous, normalized),
     * so every output is fitted relative to how far it moves in one frame. Without it the slow outputs (c above all)
     * are drowned by the fast ones, and tiny per-step biases in c accumulate in closed loop.
     */
    static double[] stepWeights(SyntheticControllerData.Samples data) {
        double[] sum = new double[ControlVector.SIZE];
        double[] sq = new double[ControlVector.SIZE];
        for (int i = 0; i < data.size(); i++) {
            for (int k = 0; k < sum.length; k++) {
                double d = data.targets()[i][k]
                        - ControllerFeatures.normalize(k, data.inputs()[i][ControllerFeatures.PREV_OFFSET + k]);
                sum[k] += d;
                sq[k] += d * d;
            }
        }
        double[] w = new double[sum.length];
        double mean = 0;
        for (int k = 0; k < w.length; k++) {
            double m = sum[k] / data.size();
            w[k] = 1.0 / Math.max(MIN_STEP_VARIANCE, sq[k] / data.size() - m * m);
            mean += w[k] / w.length;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= mean;
        }
        return w;
    }

    private static double trainEpoch(Mlp net, SyntheticControllerData.Samples data, Config config, double[] weights,
                                     Schedule schedule, Random rnd) {
        double[][] acts = net.newActivations();
        Mlp.Gradients grads = net.newGradients();
        double[] pred = new double[ControlVector.SIZE];
        double[] dOut = new double[ControlVector.SIZE];
        int n = data.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, rnd);
        double lossSum = 0;
        for (int s = 0; s < n; s += config.batchSize()) {
            int end = Math.min(n, s + config.batchSize());
            for (int j = s; j < end; j++) {
                int i = order[j];
                lossSum += lossAndGradient(net, acts, data.inputs()[i], data.targets()[i], data.chorus()[i],
                        weights, config.connectednessWeight(), pred, dOut);
                net.backward(acts, dOut, grads);
            }
            net.adamStep(grads, end - s, schedule.next());
        }
        return lossSum / n;
    }

    /** Normalized prediction prev + delta, clipped into [0,1], into {@code pred}. */
    static void predict(Mlp net, double[][] acts, float[] x, double[] pred) {
        double[] delta = net.forward(x, acts);
        for (int k = 0; k < pred.length; k++) {
            double prev = ControllerFeatures.normalize(k, x[ControllerFeatures.PREV_OFFSET + k]);
            pred[k] = Math.max(0, Math.min(1, prev + delta[k]));
        }
    }

    private static double lossAndGradient(Mlp net, double[][] acts, float[] x, float[] y, float chorus,
                                          double[] weights, double lambda, double[] pred, double[] dOut) {
        double[] delta = net.forward(x, acts);
        double loss = 0;
        for (int k = 0; k < pred.length; k++) {
            // Training uses the unclipped residual: targets lie inside [0,1], so the clip only matters at inference.
            pred[k] = ControllerFeatures.normalize(k, x[ControllerFeatures.PREV_OFFSET + k]) + delta[k];
            double err = pred[k] - y[k];
            loss += weights[k] * err * err;
            dOut[k] = 2 * weights[k] * err;
        }
        if (lambda > 0 && chorus > 0.05) {
            double cRe = ControllerFeatures.denormalize(0, pred[0]) + ControlVector.C_ANCHOR_RE;
            double cIm = ControllerFeatures.denormalize(1, pred[1]) + ControlVector.C_ANCHOR_IM;
            if (MandelbrotMembership.contains(cRe, cIm, PENALTY_MAX_ITER)) {
                double m = muRadius(cRe, cIm);
                double gap = PENALTY_RADIUS - m;
                if (gap > 0) {
                    double h = 1e-6;
                    double dRe = (muRadius(cRe + h, cIm) - m) / h;
                    double dIm = (muRadius(cRe, cIm + h) - m) / h;
                    // λ is relative to the weight of c's imitation term
                    double scale = lambda * chorus * 0.5 * (weights[0] + weights[1]);
                    loss += scale * gap * gap;
                    dOut[0] += scale * 2 * gap * -dRe * (ControlVector.MAX[0] - ControlVector.MIN[0]);
                    dOut[1] += scale * 2 * gap * -dIm * (ControlVector.MAX[1] - ControlVector.MIN[1]);
                }
            }
        }
        return loss;
    }

    private static double validationLoss(Mlp net, SyntheticControllerData.Samples v, double[] weights, double lambda) {
        double[][] acts = net.newActivations();
        double[] pred = new double[ControlVector.SIZE];
        double[] dOut = new double[ControlVector.SIZE];
        double sum = 0;
        for (int i = 0; i < v.size(); i++) {
            sum += lossAndGradient(net, acts, v.inputs()[i], v.targets()[i], v.chorus()[i], weights, lambda, pred, dOut);
        }
        return sum / v.size();
    }

    /** |μ| for c = μ/2 − μ²/4, μ = 1 − sqrt(1 − 4c) (principal root). */
    static double muRadius(double cRe, double cIm) {
        double ar = 1 - 4 * cRe;
        double ai = -4 * cIm;
        double m = Math.hypot(ar, ai);
        double sr = Math.sqrt(0.5 * (m + ar));
        double si = Math.copySign(Math.sqrt(Math.max(0, 0.5 * (m - ar))), ai);
        return Math.hypot(1 - sr, si);
    }

    /** Largest |ONNX − Java| over {@code count} validation frames, in contract units. */
    static double onnxParity(Mlp net, byte[] onnx, SyntheticControllerData.Samples v, int count) {
        double[][] acts = net.newActivations();
        double[] pred = new double[ControlVector.SIZE];
        double worst = 0;
        ModelSpec spec = ContractFiles.v1().model("controller").orElseThrow();
        try (OnnxModel model = OnnxModel.open("controller export", "the exported controller", onnx, spec)) {
            for (int i = 0; i < Math.min(count, v.size()); i++) {
                float[] x = v.inputs()[i];
                float[] out = runOnnx(model.env(), model.session(), x);
                predict(net, acts, x, pred);
                for (int k = 0; k < pred.length; k++) {
                    worst = Math.max(worst, Math.abs(out[k] - ControllerFeatures.denormalize(k, pred[k])));
                }
            }
        } catch (OrtException | ProviderException e) {
            throw new IllegalStateException("exported controller model does not run: " + e.getMessage(), e);
        }
        return worst;
    }

    /** Runs the exported graph on one flat input vector. */
    static float[] runOnnx(OrtEnvironment env, OrtSession session, float[] x) throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            feeds.put("fast_features", OnnxTensor.createTensor(env, FloatBuffer.wrap(x, 0, ControllerFeatures.FAST).slice(),
                    new long[]{1, ControllerFeatures.T_FAST, ControllerFeatures.F_FAST}));
            feeds.put("beat_features", slice(env, x, ControllerFeatures.BEAT_OFFSET, ControllerFeatures.SECTION_OFFSET));
            feeds.put("section_probs", slice(env, x, ControllerFeatures.SECTION_OFFSET, ControllerFeatures.HAZARD_OFFSET));
            feeds.put("hazard_probs", slice(env, x, ControllerFeatures.HAZARD_OFFSET, ControllerFeatures.PREV_OFFSET));
            feeds.put("prev_control", slice(env, x, ControllerFeatures.PREV_OFFSET, ControllerFeatures.SIZE));
            try (OrtSession.Result r = session.run(feeds)) {
                return ((float[][]) r.get("control").orElseThrow().getValue())[0];
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor slice(OrtEnvironment env, float[] x, int from, int to) throws OrtException {
        float[] part = java.util.Arrays.copyOfRange(x, from, to);
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(part), new long[]{1, part.length});
    }

    /** Share of chorus and verse frames (by top label) whose c lies outside M, closed loop on a pop song. */
    public static double[] closedLoopOutside(ControllerProvider controller) {
        int[] counts = new int[4];
        SyntheticControllerData.popSong(124).run(controller, (in, out) -> {
            SectionLabel top = in.structure().topSection();
            boolean outside = !MandelbrotMembership.contains(out.cRe(), out.cIm());
            if (top == SectionLabel.CHORUS) {
                counts[0] += outside ? 1 : 0;
                counts[1]++;
            } else if (top == SectionLabel.VERSE) {
                counts[2] += outside ? 1 : 0;
                counts[3]++;
            }
        });
        return new double[]{(double) counts[0] / Math.max(1, counts[1]), (double) counts[2] / Math.max(1, counts[3])};
    }

    /** Opens an {@link OnnxController} on {@code onnx} (through a temporary file) and applies {@code use}. */
    public static <T> T withOnnxController(byte[] onnx, java.util.function.Function<ControllerProvider, T> use) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("fractalsync-controller", ".onnx");
            Files.write(tmp, onnx);
            OnnxController controller = new OnnxController();
            controller.open(ProviderContext.defaults(ContractFiles.v1()).withOptions(Map.of("model", tmp.toString())));
            try {
                return use.apply(controller);
            } finally {
                controller.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProviderException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
