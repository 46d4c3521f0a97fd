package dev.fractalsync.app;

import dev.fractalsync.dsp.Resampler;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.evaluation.BeatEvaluation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding guide's example (docs/embedding.md), compiled and run exactly as the guide says: {@code javac -cp 'LIB/*'} and
 * {@code java -cp 'LIB/*:.'} on the plain class path (providers through META-INF/services), on the demo song
 * rendered as a 44.1 kHz stereo WAV; its beats must score F >= 0.85 against the song's truth.
 */
class EmbeddingExampleIT {
    static final Path EXAMPLE = Path.of("../docs/examples/BeatPrinter.java").toAbsolutePath().normalize();
    static final Path GUIDE = Path.of("../docs/embedding.md").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    @Test
    void guideCarriesTheExampleVerbatim() throws Exception {
        assertTrue(Files.readString(GUIDE).contains(Files.readString(EXAMPLE).strip()),
                "docs/embedding.md must contain docs/examples/BeatPrinter.java verbatim");
    }

    @Test
    void exampleCompilesRunsOnTheClassPathAndFindsTheBeats() throws Exception {
        DemoSong song = DemoSong.render(SongSpec.demo());
        Path wav = writeStereo(tmp.resolve("demo.wav"), Resampler.convert(song.samples(), song.sampleRate(), 44_100), 44_100);
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.copy(EXAMPLE, src.resolve("BeatPrinter.java"));
        String cp = LauncherIT.LIB + File.separator + "*";
        Path javaHome = Path.of(System.getProperty("java.home"));
        run(src, javaHome.resolve("bin/javac").toString(), "-cp", cp, "BeatPrinter.java");
        String out = run(src, javaHome.resolve("bin/java").toString(), "-Djava.awt.headless=true",
                "-cp", cp + File.pathSeparator + ".", "BeatPrinter", wav.toString());
        List<Double> beats = new ArrayList<>();
        for (String line : out.lines().toList()) {
            beats.add(Double.parseDouble(line.substring(0, line.indexOf(' '))));
        }
        BeatEvaluation.Score s = BeatEvaluation.evaluate(song.truth().beats(),
                beats.stream().mapToDouble(Double::doubleValue).toArray(), BeatEvaluation.DEFAULT_SKIP_SEC);
        assertTrue(s.fMeasure() >= 0.85, "beat F-measure of the embedding guide's example: " + s);
    }

    private String run(Path dir, String... cmd) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in 3 minutes");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\n" + read(out) + read(err));
        return Files.readString(out);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** The mono song on both channels of a 16-bit WAV, the right one 6 dB down. */
    static Path writeStereo(Path file, float[] mono, int rate) throws Exception {
        byte[] pcm = new byte[mono.length * 4];
        for (int i = 0; i < mono.length; i++) {
            int l = Math.round(Math.max(-1f, Math.min(1f, mono[i])) * 32767f);
            int r = l / 2;
            pcm[4 * i] = (byte) l;
            pcm[4 * i + 1] = (byte) (l >> 8);
            pcm[4 * i + 2] = (byte) r;
            pcm[4 * i + 3] = (byte) (r >> 8);
        }
        AudioFormat f = new AudioFormat(rate, 16, 2, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), f, mono.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
