package dev.fractalsync.app;

import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.clock.OfflineDriver;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.ProviderWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Outputs never destroy inputs or earlier results; streamed analysis equals whole-file analysis. */
class OutputSafetyTest {
    @TempDir
    Path tmp;

    /** 20 s of the demo song as a 44.1 kHz stereo 16-bit WAV (left and right slightly different). */
    private Path stereo441() throws Exception {
        float[] song = DemoSong.render(SongSpec.demo()).samples();
        float[] mono = dev.fractalsync.dsp.Resampler.convert(Arrays.copyOf(song, 48_000 * 20), 48_000, 44_100);
        byte[] pcm = new byte[mono.length * 4];
        for (int i = 0; i < mono.length; i++) {
            int l = Math.round(Math.max(-1, Math.min(1, mono[i])) * 32767);
            int r = Math.round(Math.max(-1, Math.min(1, mono[i] * 0.8f)) * 32767);
            pcm[4 * i] = (byte) l;
            pcm[4 * i + 1] = (byte) (l >> 8);
            pcm[4 * i + 2] = (byte) r;
            pcm[4 * i + 3] = (byte) (r >> 8);
        }
        Path wav = tmp.resolve("song.wav");
        AudioFormat fmt = new AudioFormat(44_100, 16, 2, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), fmt, mono.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, wav.toFile());
        }
        return wav;
    }

    @Test
    void streamedAnalysisEqualsWholeFileAnalysis() throws Exception {
        Path wav = stereo441();
        Path out = tmp.resolve("states.jsonl");
        CliRun r = CliRun.of("analyze", wav.toString(), "--beat=oscillator", "--structure=novelty", "--quiet",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());

        ProviderWiring wiring = new ProviderWiring(EngineSettings.defaults().withProviders("oscillator", "novelty", null));
        List<String> whole = new ArrayList<>();
        float[] mono = AudioFiles.readMono(wav, 48_000).samples();
        try (SlowClock clock = wiring.slowClock(0)) {
            clock.addListener(s -> whole.add(StateJson.write(s)));
            OfflineDriver.run(mono, 1024, clock, null);
        }
        assertEquals(whole, Files.readAllLines(out));
    }

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheInputKept() throws Exception {
        Path wav = stereo441();
        byte[] before = Files.readAllBytes(wav);
        for (String option : List.of("--out", "--beats", "--sections", "--plot")) {
            CliRun r = CliRun.of("analyze", wav.toString(), "--beat=oscillator", "--quiet", option,
                    tmp.resolve(".").resolve("song.wav").toString());
            r.assertUsageError("fractalsync analyze", option + " " + tmp.resolve(".").resolve("song.wav")
                    + " is the input file; choose another name (writing it would destroy the input)");
        }
        assertArrayEquals(before, Files.readAllBytes(wav));
    }

    @Test
    void aParentThatIsAFileIsNamed() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliRun r = CliRun.of("analyze", "demo", "--beat=oscillator", "--quiet", "--out", file.resolve("s.jsonl").toString());
        r.assertFailure("--out: cannot create directory " + file + ": " + file + " is a file; choose another path");
    }

    @Test
    void aFailedRunLeavesThePreviousOutputAndNoTemporaryFile() throws Exception {
        Path out = Files.writeString(tmp.resolve("states.jsonl"), "previous\n");
        // a run killed half way is HostilePluginsTest.killingAnalyzeMidRunKeepsThePreviousOutput
        CliRun r = CliRun.of("analyze", tmp.resolve("missing.wav").toString(), "--quiet", "--out", out.toString());
        assertEquals(1, r.code());
        assertEquals("previous\n", Files.readString(out));
        try (var s = Files.list(tmp)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void outputFileReplacesTheTargetOnlyOnCommit() throws Exception {
        Path target = Files.writeString(tmp.resolve("t.txt"), "old");
        try (OutputFile f = OutputFile.create(target, "--out")) {
            f.stream().write("new, but unfinished".getBytes());
            f.stream().flush();
            assertEquals("old", Files.readString(target));
        }
        assertEquals("old", Files.readString(target));
        try (OutputFile f = OutputFile.create(target, "--out")) {
            f.stream().write("new".getBytes());
            f.commit();
        }
        assertEquals("new", Files.readString(target));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("t.txt"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @org.junit.jupiter.api.Test
    void dashForAnOutputThatCannotStreamIsRefusedInOneLine() {
        CliRun demo = CliRun.of("demo", "--out", "-");
        demo.assertUsageError("fractalsync demo", "--out - (stdout) is not possible here: --out names "
                + "the directory of the WAV and its truth JSON");
        CliRun frames = CliRun.of("run", "demo", "--headless", "--out", "-");
        org.junit.jupiter.api.Assertions.assertEquals(2, frames.code());
        org.junit.jupiter.api.Assertions.assertTrue(frames.err().startsWith("fractalsync: --out - (stdout) is not possible"),
                frames.err());
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("-")));
    }

    /** A device or pipe named as the output is written, never replaced by a file (as root that would replace /dev/null). */
    @Test
    void aNamedPipeStaysAPipeAndReceivesTheStates() throws Exception {
        Path fifo = tmp.resolve("states.pipe");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available here");
        long[] lines = new long[1];
        Thread reader = new Thread(() -> {
            try (var in = Files.newBufferedReader(fifo)) {
                lines[0] = in.lines().count();
            } catch (java.io.IOException e) {
                lines[0] = -1;
            }
        });
        reader.start();
        CliRun r = CliRun.of("analyze", "demo", "--beat=oscillator", "--structure=neutral", "--quiet", "--out", fifo.toString());
        reader.join(60_000);
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.isRegularFile(fifo), "the pipe must not be replaced by a file");
        assertEquals(true, Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther());
        assertEquals(dev.fractalsync.dsp.HopCutter.hopCount(DemoSong.render(SongSpec.demo()).samples().length, 1024),
                lines[0]);
    }
}
