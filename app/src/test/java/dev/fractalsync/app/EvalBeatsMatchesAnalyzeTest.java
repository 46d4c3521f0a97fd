package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.evaluation.BeatEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code eval-beats} scores exactly the beats {@code analyze --beats} writes: both run the song through the engine's
 * one offline entry. Two songs in one {@code eval-beats} also check that the second, on the reset engine, scores as a
 * fresh {@code analyze} of it does.
 */
class EvalBeatsMatchesAnalyzeTest {
    @Test
    void evalBeatsScoresTheBeatsAnalyzeWrites(@TempDir Path dir) throws Exception {
        List<Path> songs = new ArrayList<>();
        for (long seed : new long[]{2003, 41}) {
            DemoSong song = DemoSong.render(SongSpec.random(seed));
            Path wav = dir.resolve("song" + seed + ".wav");
            AudioFiles.writeWav16(wav, song.samples(), song.sampleRate());
            StringBuilder truth = new StringBuilder();
            List<Double> downbeats = new ArrayList<>();
            for (double d : song.truth().downbeats()) {
                downbeats.add(d);
            }
            for (double b : song.truth().beats()) {
                truth.append(String.format(Locale.ROOT, "%.6f %d%n", b, downbeats.contains(b) ? 1 : 0));
            }
            Files.writeString(dir.resolve("song" + seed + ".beats"), truth);
            songs.add(wav);
        }
        CliRun eval = CliRun.of("eval-beats", songs.get(0).toString(), songs.get(1).toString(), "--no-aubio", "-q");
        assertEquals(0, eval.code(), eval.err());
        List<String> lines = eval.out().lines().toList();
        for (int i = 0; i < songs.size(); i++) {
            Path wav = songs.get(i);
            Path beats = dir.resolve("analyzed" + i + ".beats");
            Path downbeats = dir.resolve("analyzed" + i + ".downbeats");
            CliRun analyze = CliRun.of("analyze", wav.toString(), "--beats", beats.toString(), "--downbeats",
                    downbeats.toString(), "-q");
            assertEquals(0, analyze.code(), analyze.err());
            Path truth = dir.resolve(wav.getFileName().toString().replace(".wav", ".beats"));
            BeatEvaluation.Score expected = BeatEvaluation.evaluate(BeatTruth.read(truth), times(beats), 5.0);
            BeatEvaluation.Score expectedDown = BeatEvaluation.evaluate(BeatTruth.readDownbeats(truth), times(downbeats), 5.0);
            String[] row = lines.get(1 + i).trim().split("\\s+");
            assertEquals(wav.getFileName().toString(), row[0]);
            String expectedScores = String.format(Locale.ROOT, "%.3f %.3f %.3f %d", expected.fMeasure(),
                    expected.precision(), expected.recall(), expected.estimated());
            assertEquals(expectedScores, String.join(" ", row[1], row[2], row[3], row[4]), eval.out());
            assertEquals(String.format(Locale.ROOT, "%.3f", expectedDown.fMeasure()), row[9], eval.out());
        }
    }

    private static double[] times(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }
}
