package dev.fractalsync.app;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.evaluation.BeatEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input-level stage seen from {@code analyze} with the default providers: a quiet copy of a song is analysed
 * like the original, and a minute of near-silence is neither beats nor anything but {@code silence}.
 */
class InputLevelEndToEndTest {
    @Test
    void aQuietCopyTracksLikeTheOriginal(@TempDir Path dir) throws Exception {
        DemoSong song = DemoSong.render(SongSpec.demo());
        float[] quiet = song.samples().clone();
        float g = (float) Math.pow(10, -30 / 20.0);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] *= g;
        }
        double[] f = new double[2];
        float[][] copies = {song.samples(), quiet};
        for (int c = 0; c < 2; c++) {
            Path wav = dir.resolve("copy" + c + ".wav");
            AudioFiles.writeWav16(wav, copies[c], song.sampleRate());
            Path beats = dir.resolve("beats" + c + ".txt");
            CliRun r = CliRun.of("analyze", wav.toString(), "--quiet", "--beats", beats.toString());
            assertEquals(0, r.code(), r.err());
            double[] est = Files.readAllLines(beats).stream().mapToDouble(Double::parseDouble).toArray();
            f[c] = BeatEvaluation.evaluate(song.truth().beats(), est, 5.0).fMeasure();
        }
        assertTrue(f[0] >= 0.9, "original: F " + f[0]);
        assertEquals(f[0], f[1], 0.03, "-30 dB copy: F " + f[1] + " vs " + f[0]);
    }

    @Test
    void aMinuteOfNearSilenceIsNoBeatsAndSilence(@TempDir Path dir) throws Exception {
        float[] noise = new float[48_000 * 60];
        SplittableRandom r = new SplittableRandom(11);
        double amplitude = Math.pow(10, -60 / 20.0) * Math.sqrt(3); // uniform noise at -60 dBFS RMS
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (amplitude * (r.nextDouble() * 2 - 1));
        }
        Path wav = dir.resolve("near-silence.wav");
        AudioFiles.writeWav16(wav, noise, 48_000);
        Path beats = dir.resolve("beats.txt");
        Path states = dir.resolve("states.jsonl");
        CliRun run = CliRun.of("analyze", wav.toString(), "--quiet", "--beats", beats.toString(), "--out", states.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(), Files.readAllLines(beats), "no beats in near-silence");
        List<String> lines = Files.readAllLines(states);
        for (int h = (int) (2.5 / (1024 / 48_000.0)); h < lines.size(); h += 7) {
            SlowState s = StateJson.read(lines.get(h), SlowState.class);
            assertTrue(s.structure().sectionProb(SectionLabel.SILENCE) >= 0.95, "hop " + h + ": " + s.structure());
        }
    }
}
