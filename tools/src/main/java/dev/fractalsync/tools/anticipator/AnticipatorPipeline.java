package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.structure.anticipator.AnticipatorStructureProvider;
import dev.fractalsync.structure.novelty.NoveltyStructureProvider;
import dev.fractalsync.tools.dataset.DatasetFiles;
import dev.fractalsync.tools.dataset.Track;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The {@code train-anticipator} pipeline: read a dataset, train, export ONNX, score base rate, novelty baseline and
 * the exported model (through the runtime provider, so the scores are those of the shipped file) on the held-out
 * tracks, and write the model card.
 *
 * @param data       dataset directory with index.json
 * @param out        ONNX file to write
 * @param card       model card to write (null: MODEL_CARD.md next to {@code out})
 * @param config     training configuration
 * @param decimation structure decimation for the evaluation
 */
public record AnticipatorPipeline(Path data, Path out, Path card, TrainingConfig config, int decimation) {

    /** Scores the existing model file {@code out} (no training), with base rate and novelty baseline alongside. */
    public void evaluateOnly(PrintStream report, PrintStream progress) throws IOException, dev.fractalsync.api.spi.ProviderException {
        ModelContract contract = ModelContract.v1();
        if (!contract.decimations().contains(decimation)) {
            throw new IllegalArgumentException("decimation must be one of " + contract.decimations());
        }
        if (!Files.isRegularFile(out)) {
            throw new IllegalArgumentException(out + " not found: train a model first or point --out at one");
        }
        List<Track> all = DatasetFiles.readAll(data);
        List<Track> train = all.stream().filter(t -> t.split().equals(Track.TRAIN)).toList();
        List<Track> heldout = all.stream().filter(t -> t.split().equals(Track.HELDOUT)).toList();
        if (train.isEmpty() || heldout.isEmpty()) {
            throw new IllegalArgumentException(data + ": need both train and held-out tracks, found " + train.size()
                    + " train and " + heldout.size() + " held out");
        }
        report.print(scores(contract, heldout, StructureEvaluation.sectionFrequency(train),
                StructureEvaluation.hazardBaseRate(train), progress));
    }

    /** Runs everything; results go to {@code out}, progress (may be null) to {@code progress}. */
    public void run(PrintStream report, PrintStream progress) throws IOException, dev.fractalsync.api.spi.ProviderException {
        ModelContract contract = ModelContract.v1();
        if (!contract.decimations().contains(decimation)) {
            throw new IllegalArgumentException("decimation must be one of " + contract.decimations());
        }
        TrainingConfig cfg = config;
        List<Track> all = DatasetFiles.readAll(data);
        List<Track> train = all.stream().filter(t -> t.split().equals(Track.TRAIN)).toList();
        List<Track> heldout = all.stream().filter(t -> t.split().equals(Track.HELDOUT)).toList();
        if (train.isEmpty() || heldout.isEmpty()) {
            throw new IllegalArgumentException(data + ": need both train and held-out tracks, found " + train.size()
                    + " train and " + heldout.size() + " held out");
        }
        long trainHops = train.stream().mapToLong(Track::hops).sum();
        long heldHops = heldout.stream().mapToLong(Track::hops).sum();
        report.printf(Locale.ROOT, "data: %d train tracks (%d hops, %.1f min), %d held-out tracks (%d hops, %.1f min)%n",
                train.size(), trainHops, trainHops * contract.hopSeconds() / 60, heldout.size(), heldHops,
                heldHops * contract.hopSeconds() / 60);

        WindowPooling pooling = new WindowPooling(contract.tSlow(), contract.audioFeatures().size(), contract.beatFeatures().size());
        long started = System.nanoTime();
        AnticipatorInputs inputs = new AnticipatorInputs(pooling);
        AnticipatorTrainer.Result result = new AnticipatorTrainer(inputs, progress).train(train, cfg);
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        report.printf(Locale.ROOT, "trained %d parameters in %.0f s (%s)%n", result.net().parameterCount(), trainSeconds, cfg);

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("training_config", cfg.toString());
        meta.put("training_tracks", String.valueOf(train.size()));
        meta.put("dataset", data.toString());
        byte[] onnx = AnticipatorOnnxExporter.export(result.net(), inputs, contract, meta);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, onnx);
        report.printf(Locale.ROOT, "model -> %s (%d bytes)%n", out, onnx.length);

        String scores = scores(contract, heldout, result.sectionFrequency(), result.hazardBaseRate(), progress);
        report.print(scores);

        Path cardFile = card != null ? card : (parent != null ? parent.resolve("MODEL_CARD.md") : Path.of("MODEL_CARD.md"));
        Files.writeString(cardFile, modelCard(contract, cfg, result, train, heldout, trainSeconds, onnx.length, scores,
                DatasetFiles.beatsSource(data)));
        report.println("model card -> " + cardFile);
    }

    private String scores(ModelContract contract, List<Track> heldout, double[] sectionFrequency, double[] hazardBaseRate,
                          PrintStream progress) throws dev.fractalsync.api.spi.ProviderException {
        long heldHops = heldout.stream().mapToLong(Track::hops).sum();
        long seed = config.seed();
        StructureMetrics base = StructureEvaluation.baseRate(heldout, sectionFrequency, hazardBaseRate);
        StructureMetrics novelty;
        try (NoveltyStructureProvider p = new NoveltyStructureProvider()) {
            p.open(new ProviderContext(contract, decimation, seed, Map.of()));
            novelty = StructureEvaluation.evaluate(heldout, p, contract.tSlow(), decimation, counter(progress, "evaluate novelty", heldout.size()));
        }
        StructureMetrics anticipator;
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(new ProviderContext(contract, decimation, seed, Map.of("model", out.toString())));
            anticipator = StructureEvaluation.evaluate(heldout, p, contract.tSlow(), decimation, counter(progress, "evaluate anticipator", heldout.size()));
        }
        StringBuilder scores = new StringBuilder();
        scores.append(String.format(Locale.ROOT, "held-out: %d tracks, %d hops, decimation %d%n", heldout.size(), heldHops, decimation));
        scores.append(base.report("base-rate"));
        scores.append(novelty.report("novelty"));
        scores.append(anticipator.report("anticipator"));
        scores.append(String.format(Locale.ROOT, "anticipator steps whose raw hazard decreased across horizons (fixed by running max): %d%n",
                anticipator.monotoneViolations()));
        return scores.toString();
    }

    private static IntConsumer counter(PrintStream progress, String label, int total) {
        if (progress == null) {
            return null;
        }
        return done -> progress.print("\r" + label + " " + done + "/" + total + (done == total ? System.lineSeparator() : ""));
    }

    private static String modelCard(ModelContract contract, TrainingConfig cfg, AnticipatorTrainer.Result r, List<Track> train,
                             List<Track> heldout, double trainSeconds, int bytes, String report, String beats) {
        StringBuilder freq = new StringBuilder();
        for (int c = 0; c < SectionLabel.COUNT; c++) {
            freq.append(String.format(Locale.ROOT, "%s %.1f%%%s", SectionLabel.ofIndex(c).contractName(),
                    100 * r.sectionFrequency()[c], c + 1 < SectionLabel.COUNT ? ", " : ""));
        }
        StringBuilder rates = new StringBuilder();
        for (int k = 0; k < Horizons.COUNT; k++) {
            rates.append(String.format(Locale.ROOT, "@%d %.3f%s", Horizons.beats(k), r.hazardBaseRate()[k], k + 1 < Horizons.COUNT ? ", " : ""));
        }
        return """
                # Anticipator model card

                Generated by `fractalsync train-anticipator` on %s. Do not edit by hand: regenerate.

                ## What it is
                The structure anticipator of contract %s (`models.anticipator`): inputs `audio_window [1,%d,%d]`
                and `beat_window [1,%d,%d]` (the last T_slow hops, oldest first), outputs `section_logits [1,8]` and
                `hazard_logits [1,5]` (boundary within 1, 2, 4, 8, 16 beats). Architecture: the concatenated window is
                mean-pooled into 16 blocks of 16 hops plus the newest 4 blocks of 4 hops (540 values), standardized
                (folded into the first layer), one ReLU layer of %d units, a linear section head
                and a hazard head monotone by construction (logit[k] = logit[k-1] + softplus(raw[k]), so the running-max
                repair in the provider never has to act). %d parameters,
                %d bytes of ONNX (opset 13). Trained in Java (hand-written backprop, checked against finite
                differences by `AnticipatorNetGradientTest`), Adam, seed %d, %.0f s on one core of a shared
                machine.

                ## Data
                %d training and %d held-out tracks %s %s
                Training hops: %d. Label frequencies: %s. Hazard base rates: %s.

                Losses: class-weighted cross-entropy on the section (inverse square-root frequency, clamped to
                [0.25, 4]; label smoothing %.2f) + %.1f x mean binary cross-entropy over the five horizons.
                Configuration: %s.

                ## Held-out metrics
                ```
                %s```
                Section accuracy/macro-F1 are per hop (macro over labels present in the held-out truth). Brier and
                AUC per horizon are per hop; the base-rate predictor always outputs the training label frequencies and
                hazard base rates (AUC 0.5). Anticipation: for each boundary, the lead in beats at which hazard@4 rose
                above 0.5 and stayed there until the boundary (ideal: 4); false alarms are hops more than 8 beats
                before a boundary with hazard@4 > 0.5.

                ## Limits
                - Synthetic music only: the generator's sections differ clearly in instrumentation and energy. Real
                  songs need teacher labels (SongFormer / all-in-one JSON) through `fractalsync dataset --audio
                  --labels` and retraining; expect lower scores there.
                - Sees only the last T_slow = 256 hops (5.5 s): it cannot count bars since the last boundary, so
                  hazard at long horizons relies on local cues (build-ups, fills, energy changes).
                - %s
                - Labels inst and bridge are rare in the corpus and the least reliable.

                ## Regenerate
                ```
                bin/fractalsync %s%s --out data/anticipator
                bin/fractalsync train-anticipator --data data/anticipator --epochs %d --hidden %d --stride %d --lr %s --seed %d
                ```
                """.formatted(Instant.now().toString().substring(0, 10), contract.version(), contract.tSlow(),
                contract.audioFeatures().size(), contract.tSlow(), contract.beatFeatures().size(), cfg.hidden(),
                r.net().parameterCount(), bytes, cfg.seed(), trainSeconds, train.size(), heldout.size(), isSynthetic(train, heldout)
                        ? "of the deterministic demo-song generator (`SongSpec.random(seed)`:\n70-180 BPM, 3/4 and 4/4, section orders and "
                        + "lengths varied, pre-chorus in about 60% of songs),\nsplit by seed (held out: seeds divisible by 5). "
                        + "Three songs in four are band-limited through 44.1, 32 or 22.05 kHz\n(as real masters and MP3s are), "
                        + "so the model does not rely on content only the generator's 48 kHz output has."
                        : "of real audio with teacher section labels (every 5th track by name held out).",
                beatsSentence(beats), r.trainingHops(),
                freq, rates, cfg.labelSmoothing(), cfg.hazardWeight(), cfg, report,
                beats.startsWith("provider:")
                        ? "Trained with the beat features of one beat provider: another tracker (or the placeholder\n  oscillator, "
                        + "which has no downbeats and a fixed tempo) shifts the inputs and lowers the scores."
                        : "Beat features came from annotations; a real-time tracker (BeatNet) is noisier, and a model\n  trained "
                        + "this way loses much of its accuracy on BeatNet features. Use --synthetic-beats provider for parity.",
                datasetCommand(train, heldout),
                !beats.startsWith("provider:") ? (isSynthetic(train, heldout) ? "" : " --beats BEATS_DIR")
                        : (isSynthetic(train, heldout) ? " --synthetic-beats provider" : "") + " --beat " + beats.substring("provider:".length()),
                cfg.epochs(),
                cfg.hidden(), cfg.stride(), cfg.learningRate(), cfg.seed());
    }

    private static boolean isSynthetic(List<Track> train, List<Track> heldout) {
        return train.stream().allMatch(t -> t.name().startsWith("synth-")) && heldout.stream().allMatch(t -> t.name().startsWith("synth-"));
    }

    private static String beatsSentence(String beats) {
        if (beats.startsWith("provider:")) {
            return "Beat features, and the beat events that define the hazard targets,\ncome from streaming the '"
                    + beats.substring("provider:".length()) + "' beat provider over the audio hop by hop, as at runtime (parity).";
        }
        return "Beat features from the generator's beat and downbeat annotation as an ideal\ntracker would report them; "
                + "songs with seed 3 mod 4 have downbeat_prob zeroed.";
    }

    /** The dataset command that reproduces a synthetic corpus (seeds are in the track names), else its shape. */
    private static String datasetCommand(List<Track> train, List<Track> heldout) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int n = 0;
        for (List<Track> part : List.of(train, heldout)) {
            for (Track t : part) {
                if (!t.name().startsWith("synth-")) {
                    return "dataset --audio AUDIO_DIR --labels LABEL_DIR";
                }
                long seed = Long.parseLong(t.name().substring("synth-".length()));
                min = Math.min(min, seed);
                max = Math.max(max, seed);
                n++;
            }
        }
        return max - min + 1 == n ? "dataset --synthetic " + n + " --seed " + min : "dataset --synthetic ... (seeds " + min + ".." + max + ")";
    }
}
