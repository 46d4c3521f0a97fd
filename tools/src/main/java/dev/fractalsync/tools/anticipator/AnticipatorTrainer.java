package dev.fractalsync.tools.anticipator;

import dev.fractalsync.tools.training.Adam;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.tools.dataset.Track;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains {@link AnticipatorNet} on dataset tracks with Adam: class-weighted, label-smoothed cross-entropy on the
 * section of each hop plus binary cross-entropy on its five hazard targets. Single-threaded and deterministic for
 * a given seed and track order.
 */
public final class AnticipatorTrainer {

    private final AnticipatorInputs inputs;
    private final WindowPooling pooling;
    private final PrintStream progress;

    public AnticipatorTrainer(AnticipatorInputs inputs, PrintStream progress) {
        this.inputs = inputs;
        this.pooling = inputs.pooling();
        this.progress = progress;
    }

    /** What training produced: the net, the training label statistics (the base-rate predictor) and the loss curve. */
    public record Result(AnticipatorNet net, double[] sectionFrequency, double[] hazardBaseRate, double[] epochLoss,
                         long trainingHops) {
    }

    public Result train(List<Track> tracks, TrainingConfig cfg) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("no training tracks");
        }
        int width = inputs.size();
        List<AnticipatorInputs.Prepared> prefix = new ArrayList<>();
        long total = 0;
        for (Track t : tracks) {
            if (t.audioWidth() != pooling.audioWidth()) {
                throw new IllegalArgumentException("track " + t.name() + " has " + t.audioWidth() + " audio features, the model expects "
                        + pooling.audioWidth());
            }
            prefix.add(inputs.prepare(t));
            total += t.hops();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many training hops: " + total);
        }
        int[] trackOf = new int[(int) total];
        int[] hopOf = new int[(int) total];
        double[] labelCount = new double[SectionLabel.COUNT];
        double[] hazardCount = new double[Horizons.COUNT];
        int i = 0;
        for (int ti = 0; ti < tracks.size(); ti++) {
            Track t = tracks.get(ti);
            for (int h = 0; h < t.hops(); h++) {
                trackOf[i] = ti;
                hopOf[i] = h;
                i++;
                labelCount[t.ySection()[h]]++;
                for (int k = 0; k < Horizons.COUNT; k++) {
                    hazardCount[k] += t.yHazard()[h * Horizons.COUNT + k];
                }
            }
        }
        double[] freq = new double[SectionLabel.COUNT];
        double[] baseRate = new double[Horizons.COUNT];
        int present = 0;
        for (int c = 0; c < freq.length; c++) {
            freq[c] = labelCount[c] / total;
            present += labelCount[c] > 0 ? 1 : 0;
        }
        for (int k = 0; k < baseRate.length; k++) {
            baseRate[k] = hazardCount[k] / total;
        }
        // class weights: inverse square-root frequency, clamped, normalized to a mean of 1 over the samples
        double[] classWeight = new double[SectionLabel.COUNT];
        double norm = 0;
        for (int c = 0; c < classWeight.length; c++) {
            classWeight[c] = labelCount[c] > 0 ? Math.min(4, Math.max(0.25, Math.sqrt(total / (present * labelCount[c])))) : 1;
            norm += classWeight[c] * freq[c];
        }
        for (int c = 0; c < classWeight.length; c++) {
            classWeight[c] /= norm;
        }

        AnticipatorNet net = new AnticipatorNet(width, cfg.hidden(), cfg.hidden2(), SectionLabel.COUNT, Horizons.COUNT);
        net.initialize(cfg.seed());
        standardize(net, tracks, prefix);
        double[] sectionBias = new double[SectionLabel.COUNT];
        for (int c = 0; c < sectionBias.length; c++) {
            sectionBias[c] = Math.log(Math.max(freq[c], 1e-4));
        }
        net.setSectionBias(sectionBias);
        double[] hazardBias = new double[Horizons.COUNT];
        for (int k = 0; k < hazardBias.length; k++) {
            double p = Math.min(1 - 1e-4, Math.max(1e-4, baseRate[k]));
            hazardBias[k] = Math.log(p / (1 - p));
        }
        net.setHazardBias(hazardBias);

        double[] params = net.params();
        double[] grad = new double[params.length];
        Adam adam = new Adam(params.length);
        boolean[] decays = new boolean[params.length];
        for (int p = 0; p < params.length; p++) {
            decays[p] = (p >= net.w1 && p < net.b1) || (p >= net.w2 && p < net.b2) || (p >= net.ws && p < net.bs) || (p >= net.wh && p < net.bh);
        }
        SplittableRandom rnd = new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL);
        int[] order = new int[(int) total];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        int perEpoch = Math.max(1, order.length / cfg.stride());
        double[] x = new double[width];
        double[] hz = new double[Horizons.COUNT];
        AnticipatorNet.Scratch s = net.scratch();
        double[] inputMean = net.mean();
        double[] epochLoss = new double[cfg.epochs()];
        for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
            long started = System.nanoTime();
            for (int p = order.length - 1; p > 0; p--) {
                int j = rnd.nextInt(p + 1);
                int tmp = order[p];
                order[p] = order[j];
                order[j] = tmp;
            }
            double lossSum = 0;
            for (int b0 = 0; b0 < perEpoch; b0 += cfg.batch()) {
                int b1 = Math.min(perEpoch, b0 + cfg.batch());
                java.util.Arrays.fill(grad, 0);
                double scale = 1.0 / (b1 - b0);
                for (int b = b0; b < b1; b++) {
                    int sample = order[b];
                    Track t = tracks.get(trackOf[sample]);
                    int hop = hopOf[sample];
                    inputs.input(prefix.get(trackOf[sample]), hop, x);
                    cfg.augmentation().apply(x, inputMean, pooling, rnd);
                    for (int k = 0; k < hz.length; k++) {
                        hz[k] = t.yHazard()[hop * Horizons.COUNT + k];
                    }
                    int label = t.ySection()[hop];
                    if (cfg.dropout() > 0) {
                        s.dropHidden(rnd, cfg.dropout());
                    }
                    net.forward(x, s);
                    lossSum += net.lossAndGradient(x, s, label, classWeight[label], cfg.labelSmoothing(), hz,
                            cfg.hazardWeight(), scale, grad);
                }
                for (int p = 0; p < params.length; p++) {
                    grad[p] += decays[p] ? cfg.weightDecay() * params[p] : 0;
                }
                adam.step(params, grad, cfg.learningRate());
                if (progress != null && (b0 / cfg.batch()) % 200 == 0) {
                    progress.printf("\repoch %d/%d  %3d%%  loss %.4f", epoch + 1, cfg.epochs(),
                            (int) (100L * b1 / perEpoch), lossSum / (b1));
                }
            }
            epochLoss[epoch] = lossSum / perEpoch;
            if (progress != null) {
                progress.printf("\repoch %d/%d  100%%  loss %.4f  (%.1f s)%n", epoch + 1, cfg.epochs(), epochLoss[epoch],
                        (System.nanoTime() - started) / 1e9);
            }
        }
        return new Result(net, freq, baseRate, epochLoss, total);
    }

    /** Per-input mean and 1/std of the pooled windows over every 8th training hop. */
    private void standardize(AnticipatorNet net, List<Track> tracks, List<AnticipatorInputs.Prepared> prefix) {
        int width = inputs.size();
        double[] sum = new double[width];
        double[] sumSq = new double[width];
        double[] x = new double[width];
        long n = 0;
        for (int ti = 0; ti < tracks.size(); ti++) {
            for (int h = 0; h < tracks.get(ti).hops(); h += 8) {
                inputs.input(prefix.get(ti), h, x);
                for (int f = 0; f < width; f++) {
                    sum[f] += x[f];
                    sumSq[f] += x[f] * x[f];
                }
                n++;
            }
        }
        double[] mean = new double[width];
        double[] inv = new double[width];
        for (int f = 0; f < width; f++) {
            mean[f] = sum[f] / n;
            double var = Math.max(0, sumSq[f] / n - mean[f] * mean[f]);
            inv[f] = 1.0 / Math.max(Math.sqrt(var), 1e-2);
        }
        net.setStandardization(mean, inv);
    }

}
