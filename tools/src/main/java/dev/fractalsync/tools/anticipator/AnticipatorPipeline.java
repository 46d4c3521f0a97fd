package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.json.ContractFiles;
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
 * The {@code train-anticipator} pipeline: read one or more datasets, train on their training tracks, export ONNX,
 * score base rate, novelty baseline and the exported model (through the runtime provider, so the scores are those of
 * the shipped file) on each dataset's held-out tracks and on every validation dataset, and write the model card.
 *
 * @param data       dataset directories with index.json; their train tracks are trained on
 * @param validate   dataset directories used only for evaluation (every track), e.g. songs rendered with a
 *                   SoundFont the training never saw
 * @param out        ONNX file to write
 * @param card       model card to write (null: MODEL_CARD.md next to {@code out})
 * @param config     training configuration
 * @param pitch      give the network the F_pitch (chroma) window and the harmonic context (false: an ablation
 *                   without them)
 * @param decimation structure decimation for the evaluation
 * @param cardNotes  a Markdown file whose text goes into the card under "Generalization" (e.g. the
 *                   leave-one-family-out table, measured by separate runs), or null
 */
public record AnticipatorPipeline(List<Path> data, List<Path> validate, Path out, Path card, TrainingConfig config,
                                  boolean pitch, int decimation, Path cardNotes) {

    /** A named set of evaluation tracks; {@code validationOnly} sets are never used for calibration. */
    private record Group(String name, List<Track> tracks, boolean validationOnly) {
    }

    private record Loaded(List<Track> train, List<Group> groups) {
    }

    private Loaded load(ModelContract contract) throws IOException {
        if (!contract.decimations().contains(decimation)) {
            throw new IllegalArgumentException("decimation must be one of " + contract.decimations());
        }
        List<Track> train = new java.util.ArrayList<>();
        List<Group> groups = new java.util.ArrayList<>();
        for (Path d : data) {
            List<Track> all = DatasetFiles.readAll(d);
            train.addAll(all.stream().filter(t -> t.split().equals(Track.TRAIN)).toList());
            List<Track> held = all.stream().filter(t -> t.split().equals(Track.HELDOUT)).toList();
            if (!held.isEmpty()) {
                groups.add(new Group(d.getFileName() + " (held-out split)", held, false));
            }
        }
        for (Path d : validate) {
            groups.add(new Group(d.getFileName() + " (validation only)", DatasetFiles.readAll(d), true));
        }
        if (train.isEmpty() || groups.isEmpty()) {
            throw new IllegalArgumentException(data + ": need training tracks and held-out or validation tracks, found "
                    + train.size() + " train tracks and " + groups.size() + " evaluation sets");
        }
        return new Loaded(train, groups);
    }

    /** Scores the existing model file {@code out} (no training), with base rate and novelty baseline alongside. */
    public void evaluateOnly(PrintStream report, PrintStream progress) throws IOException, dev.fractalsync.api.spi.ProviderException {
        ModelContract contract = ContractFiles.v1();
        if (!Files.isRegularFile(out)) {
            throw new IllegalArgumentException(out + " not found: train a model first or point --out at one");
        }
        Loaded l = load(contract);
        for (Group g : l.groups()) {
            report.print(scores(contract, g, StructureEvaluation.sectionFrequency(l.train()),
                    StructureEvaluation.hazardBaseRate(l.train()), progress));
        }
    }

    /** Runs everything; results go to {@code out}, progress (may be null) to {@code progress}. */
    public void run(PrintStream report, PrintStream progress) throws IOException, dev.fractalsync.api.spi.ProviderException {
        ModelContract contract = ContractFiles.v1();
        TrainingConfig cfg = config;
        Loaded l = load(contract);
        List<Track> train = l.train();
        long trainHops = train.stream().mapToLong(Track::hops).sum();
        report.printf(Locale.ROOT, "data: %d train tracks (%d hops, %.1f min)%n", train.size(), trainHops,
                trainHops * contract.hopSeconds() / 60);
        for (Group g : l.groups()) {
            long hops = g.tracks().stream().mapToLong(Track::hops).sum();
            report.printf(Locale.ROOT, "eval: %s: %d tracks (%.1f min)%n", g.name(), g.tracks().size(), hops * contract.hopSeconds() / 60);
        }

        WindowPooling pooling = new WindowPooling(contract.tSlow(), contract.audioFeatures().size(), contract.beatFeatures().size(),
                pitch ? contract.pitchFeatures().size() : 0);
        long started = System.nanoTime();
        AnticipatorInputs inputs = new AnticipatorInputs(pooling);
        AnticipatorTrainer.Result result = new AnticipatorTrainer(inputs, progress).train(train, cfg);
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        report.printf(Locale.ROOT, "trained %d parameters in %.0f s (%s)%n", result.net().parameterCount(), trainSeconds, cfg);

        // calibrate the hazard on the held-out split of the training sets (songs not trained on, never the
        // validation-only sets, so those stay untouched)
        List<Track> calibration = l.groups().stream().filter(g -> !g.validationOnly())
                .flatMap(g -> g.tracks().stream()).toList();
        HazardCalibration.Fit fit = HazardCalibration.fit(result.net(), inputs, calibration, result.hazardBaseRate(), 4);
        report.printf(Locale.ROOT, "hazard calibration on %d held-out-split tracks: pull a = %.2f, mean Brier %.4f -> %.4f, "
                + "worst song's Brier / its constant %.2f -> %.2f%n", calibration.size(), fit.shrink(), fit.brierBefore(),
                fit.brierAfter(), fit.worstRatioBefore(), fit.worstRatioAfter());

        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("hazard_calibration", String.valueOf(fit.shrink()));
        meta.put("training_config", cfg.toString());
        meta.put("training_tracks", String.valueOf(train.size()));
        meta.put("datasets", data.toString());
        byte[] onnx = AnticipatorOnnxExporter.export(result.net(), inputs, contract, meta);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(out, onnx);
        report.printf(Locale.ROOT, "model -> %s (%d bytes)%n", out, onnx.length);

        StringBuilder all = new StringBuilder(String.format(Locale.ROOT,
                "hazard calibration (pull toward the base-rate logits: the weakest that keeps 90 %% of the held-out-split songs below their own constant): a = %.2f, "
                        + "mean Brier %.4f -> %.4f, worst song's Brier / its constant's %.2f -> %.2f%n%n",
                fit.shrink(), fit.brierBefore(), fit.brierAfter(), fit.worstRatioBefore(), fit.worstRatioAfter()));
        for (Group g : l.groups()) {
            String scores = scores(contract, g, result.sectionFrequency(), result.hazardBaseRate(), progress);
            report.print(scores);
            all.append(scores).append(System.lineSeparator());
        }
        List<String> commands = new java.util.ArrayList<>();
        for (Path d : data) {
            commands.add(datasetCommand(d));
        }
        for (Path d : validate) {
            commands.add(datasetCommand(d));
        }
        Path cardFile = card != null ? card : (parent != null ? parent.resolve("MODEL_CARD.md") : Path.of("MODEL_CARD.md"));
        String notes = cardNotes == null ? "" : "\n## Generalization\n" + Files.readString(cardNotes).strip() + "\n";
        Files.writeString(cardFile, modelCard(contract, cfg, result, train, trainSeconds, onnx.length, all.toString(),
                DatasetFiles.beatsSource(data.get(0)), commands, l.groups()).replace("\n## Limits\n", notes + "\n## Limits\n"));
        report.println("model card -> " + cardFile);
    }

    private static String datasetCommand(Path d) throws IOException {
        String c = DatasetFiles.command(d);
        if (c == null) {
            return "bin/fractalsync-tools dataset ... --out " + d;
        }
        return "bin/fractalsync-tools " + c.replace("\n", "\nbin/fractalsync-tools ");
    }

    private String scores(ModelContract contract, Group group, double[] sectionFrequency, double[] hazardBaseRate,
                          PrintStream progress) throws dev.fractalsync.api.spi.ProviderException {
        List<Track> heldout = group.tracks();
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
        scores.append(String.format(Locale.ROOT, "%s: %d tracks, %.1f min, decimation %d%n", group.name(), heldout.size(),
                heldHops * contract.hopSeconds() / 60, decimation));
        scores.append(base.report("base-rate"));
        scores.append(novelty.report("novelty"));
        scores.append(anticipator.report("anticipator"));
        return scores.toString();
    }

    private static IntConsumer counter(PrintStream progress, String label, int total) {
        if (progress == null) {
            return null;
        }
        return done -> progress.print("\r" + label + " " + done + "/" + total + (done == total ? System.lineSeparator() : ""));
    }

    private String modelCard(ModelContract contract, TrainingConfig cfg, AnticipatorTrainer.Result r, List<Track> train,
                                    double trainSeconds, int bytes, String report, String beats, List<String> commands,
                                    List<Group> groups) {
        StringBuilder freq = new StringBuilder();
        for (int c = 0; c < SectionLabel.COUNT; c++) {
            freq.append(String.format(Locale.ROOT, "%s %.1f%%%s", SectionLabel.ofIndex(c).contractName(),
                    100 * r.sectionFrequency()[c], c + 1 < SectionLabel.COUNT ? ", " : ""));
        }
        StringBuilder rates = new StringBuilder();
        for (int k = 0; k < Horizons.COUNT; k++) {
            rates.append(String.format(Locale.ROOT, "@%d %.3f%s", Horizons.beats(k), r.hazardBaseRate()[k], k + 1 < Horizons.COUNT ? ", " : ""));
        }
        StringBuilder evalSets = new StringBuilder();
        for (Group g : groups) {
            evalSets.append("- ").append(g.name()).append(": ").append(g.tracks().size()).append(" tracks\n");
        }
        return """
                # Anticipator model card

                Generated by `fractalsync train-anticipator` on %s. Do not edit by hand: regenerate.

                ## What it is
                The structure anticipator of contract %s (`models.anticipator`): inputs `audio_window [1,%d,%d]`,
                `beat_window [1,%d,%d]`%s (the last T_slow hops, oldest first) and `song_context [1,%d]` (the causal
                song-level context of `SongContext`: the song's running mean audio and chroma frames, loudness/density/
                brightness relative to the song so far, novelty, repetition of earlier parts, position in 12/16/24/32-beat
                cycles since the music onset and since the last detected change, bars since the last change on the
                downbeat grid and its position in 4/8/16-bar cycles, time since onset, silence run, and the harmony:
                its novelty, distance from the song's mean, repetition of an earlier part's and of the loudest part's,
                how fast the chords move, how clear the song's key is and the last 1.5 s of chroma in that key, so a
                chord reads as its function); outputs `section_logits [1,8]` and `hazard_logits [1,5]` (boundary
                within 1, 2, 4, 8, 16 beats).
                Architecture: the song's mean audio%s frame is subtracted from every window frame (the network sees
                timbre and level relative to the song, not the absolute sound of one synthesizer or master), the
                window is mean-pooled into 16 blocks of 16 hops plus the newest 4 blocks of 4 hops (%d values),
                concatenated with the other %d context values, standardized (folded into the first layer), %s, a linear section head and a hazard head monotone by construction
                (logit[k] = logit[k-1] + softplus(raw[k])). %d parameters, %d bytes of ONNX (opset 13). Trained in
                Java (hand-written backprop, checked against finite differences by `AnticipatorNetGradientTest`), Adam,
                seed %d, %.0f s on one core of a shared machine. At runtime the provider also raises `silence` to at
                least 0.95 after 2 s of silent hops (below -55 dBFS).

                ## Data
                %d training tracks, %d hops (%.1f h). %s
                Label frequencies: %s. Hazard base rates: %s.

                Evaluation sets (validation-only sets are never trained on or used for calibration, though design choices were compared on them; the
                FluidR3 SoundFonts are not used at all: they are reserved for external evaluation):
                %s
                Losses: class-weighted cross-entropy on the section (inverse square-root frequency, clamped to
                [0.25, 4]; label smoothing %.2f) + %.1f x mean binary cross-entropy over the five horizons.
                Configuration: %s.

                ## Metrics
                ```
                %s```
                Section accuracy/macro-F1 are per hop (macro over labels present in the truth). Boundary F: an
                estimated boundary is a change of the arg-max label that then holds >= 1 s, matched one-to-one with the
                true section starts within 0.5 s and 3 s. Brier and AUC per horizon are per hop; the base-rate
                predictor always outputs the training label frequencies and hazard base rates (AUC 0.5).
                Anticipation: for each boundary, the lead in beats at which hazard@4 rose above 0.5 and stayed there
                until the boundary (ideal: 4); false alarms are hops more than 8 beats before a boundary with
                hazard@4 > 0.5.

                ## Limits
                - Trained on rendered arrangements: the forms, bar times, metres and chords of real chart songs
                  (McGill Billboard transcriptions, 1958-1991) in four arranger families, plus the project's own
                  generated songs, all rendered with General-MIDI SoundFonts. Real recordings with sung lyrics,
                  production effects and timbres no SoundFont has are harder; sections that differ little in
                  instrumentation and level are the least reliable.
                - Section labels come from the transcriptions (mapped onto the eight labels as `SectionMapping`
                  documents) and the generator's plans; verse/chorus are heard through arrangement (density, level,
                  register, repetition), not through lyrics.
                - %s
                - Bar and phrase counting integrates the beat tracker's tempo; a wrong tempo octave halves or
                  doubles the cycle lengths the model sees.
                - Trained on single songs: in continuous music (DJ sets, gapless albums) the song context never
                  restarts on silence, and the model drifts to `outro`. The provider restarts the context after
                  30 s of net `outro` (docs/beat-tracking.md, Structure, gives the measured effect). Song changes
                  inside a mix are still found late, only once the previous song's context has run out.

                ## Regenerate
                ```
                %s
                bin/fractalsync-tools train-anticipator %s --epochs %d --hidden %d --hidden2 %d --dropout %s --stride %d --lr %s --seed %d%s
                ```
                """.formatted(Instant.now().toString().substring(0, 10), contract.version(), contract.tSlow(),
                contract.audioFeatures().size(), contract.tSlow(), contract.beatFeatures().size(),
                pitch ? ", `pitch_window [1," + contract.tSlow() + "," + contract.pitchFeatures().size() + "]`" : "",
                contract.songContextFeatures().size(), pitch ? " and chroma" : "", pooledValues(contract),
                AnticipatorInputs.contextTail(),
                cfg.hidden2() > 0 ? "ReLU layers of " + cfg.hidden() + " and " + cfg.hidden2() + " units"
                        : "one ReLU layer of " + cfg.hidden() + " units",
                r.net().parameterCount(), bytes, cfg.seed(), trainSeconds, train.size(), r.trainingHops(),
                r.trainingHops() * contract.hopSeconds() / 3600, beatsSentence(beats),
                freq, rates, evalSets, cfg.labelSmoothing(), cfg.hazardWeight(), cfg, report,
                beats.startsWith("provider:")
                        ? "Trained with the beat features of one beat provider: another tracker (or the placeholder\n  oscillator, "
                        + "which has no downbeats and a fixed tempo) shifts the inputs and lowers the scores."
                        : "Beat features came from annotations; a real-time tracker (BeatNet) is noisier.",
                String.join("\n", commands), dataArguments(), cfg.epochs(), cfg.hidden(), cfg.hidden2(), cfg.dropout(), cfg.stride(), cfg.learningRate(), cfg.seed(),
                (pitch ? "" : " --no-pitch") + augmentationOptions(cfg.augmentation()));
    }

    private static String augmentationOptions(InputAugmentation a) {
        return (a.channelDropout() > 0 ? " --channel-dropout " + a.channelDropout() : "")
                + (a.contrastJitter() > 0 ? " --contrast-jitter " + a.contrastJitter() : "");
    }

    private int pooledValues(ModelContract contract) {
        return new WindowPooling(contract.tSlow(), contract.audioFeatures().size(), contract.beatFeatures().size(),
                pitch ? contract.pitchFeatures().size() : 0).outputSize();
    }

    private String dataArguments() {
        StringBuilder sb = new StringBuilder();
        for (Path d : data) {
            sb.append(sb.isEmpty() ? "" : " ").append("--data ").append(d);
        }
        for (Path d : validate) {
            sb.append(" --validate ").append(d);
        }
        if (decimation != 1) {
            sb.append(" --decimation ").append(decimation);
        }
        return sb.toString();
    }

    private static String beatsSentence(String beats) {
        if (beats.startsWith("provider:")) {
            return "Beat features come from streaming the '" + beats.substring("provider:".length())
                    + "' beat provider over the audio hop by hop, as at runtime (parity); hazard targets count the "
                    + "exact annotated beats where the corpus has them.";
        }
        return "Beat features from the beat annotation as an ideal tracker would report them.";
    }
}
