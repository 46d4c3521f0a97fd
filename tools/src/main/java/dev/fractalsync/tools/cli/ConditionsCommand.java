package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.tools.midi.ListeningConditions;
import dev.fractalsync.tools.midi.ListeningConditions.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "conditions", mixinStandardHelpOptions = true, description = {
        "Write the invariance test set: each song (48 kHz WAV, e.g. from midi-corpus) as it may arrive in the world, "
                + "one directory per condition, with its truth files (NAME.truth.json, .beats, .lab) copied beside it.",
        "Score a condition with: eval-beats DIR/COND/*.wav and eval-structure DIR/COND/*.wav."},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync-tools conditions corpus/*.wav --out conditions",
                "  fractalsync-tools conditions song.wav --only m30db,mp3 --out conditions"})
final class ConditionsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "Song WAV files (48 kHz).")
    List<Path> songs;

    @Option(names = "--out", required = true, description = "Output directory (one subdirectory per condition).")
    Path out;

    @Option(names = "--only", split = ",", description = "Conditions to write (default: all of "
            + "clean, m30db, m20db, m10db, p6clip, reverb, band, mp3, r44k, antiphase).")
    List<String> only;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the directory of the condition subdirectories");
        List<Condition> conditions = only == null ? Arrays.asList(Condition.values())
                : only.stream().map(Condition::byId).toList();
        for (Path song : songs) {
            if (!Files.isRegularFile(song)) {
                throw new IllegalArgumentException("song file " + song + " does not exist");
            }
        }
        ListeningConditions writer = new ListeningConditions();
        for (Path song : songs) {
            float[] samples = ListeningConditions.readSong(song);
            String name = song.getFileName().toString();
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            for (Condition c : conditions) {
                Path dir = Files.createDirectories(out.resolve(c.id()));
                long t0 = System.nanoTime();
                writer.write(samples, c, dir.resolve(stem + ".wav"));
                for (String suffix : List.of(".truth.json", ".beats", ".lab")) {
                    Path truth = song.resolveSibling(stem + suffix);
                    if (Files.isRegularFile(truth)) {
                        Files.copy(truth, dir.resolve(stem + suffix), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                if (!progress.quiet()) {
                    System.err.printf(Locale.ROOT, "%s  %-9s %s (%.1f s)%n", stem, c.id(), c.description(),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return 0;
    }
}
