package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path tmp;



    @Test
    void analyzeWritesOneStatePerHopOfTheDemo() throws Exception {
        Path out = tmp.resolve("states.jsonl");
        Path plot = tmp.resolve("timeline.png");
        CliRun r = CliRun.of("analyze", "demo", "--out", out.toString(), "--beat", "oscillator", "--quiet", "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.size() > 3000, "states: " + lines.size());
        SlowState last = StateJson.read(lines.get(lines.size() - 1), SlowState.class);
        assertEquals(lines.size() - 1, last.hopIndex());
        assertTrue(Files.size(plot) > 10_000);
    }

    @Test
    void missingFileIsOneClearLine() {
        CliRun r = CliRun.of("analyze", tmp.resolve("nope.wav").toString(), "--out", tmp.resolve("x.jsonl").toString(), "--quiet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("fractalsync: " + tmp.resolve("nope.wav") + ": no such file"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownProviderListsTheValidIds() {
        CliRun r = CliRun.of("analyze", "demo", "--out", tmp.resolve("x.jsonl").toString(), "--beat=nosuch", "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown beat provider 'nosuch'; available:"), r.err());
        assertTrue(r.err().contains("oscillator"), r.err());
    }

    @Test
    void badContractIsReportedByFileAndField() throws Exception {
        Path contract = tmp.resolve("c.json");
        Files.writeString(contract, "{\"version\":\"1.0.0\"}");
        CliRun r = CliRun.of("analyze", "demo", "--out", tmp.resolve("x.jsonl").toString(), "--contract", contract.toString(), "--quiet");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(contract + ": field 'sample_rate': missing"), r.err());
    }

    @Test
    void providersListsTheOscillator() {
        CliRun r = CliRun.of("providers", "--plugins", tmp.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("oscillator"), r.out());
        assertTrue(r.out().contains("neutral"), r.out());
    }

    @Test
    void headlessRunWritesFramesAndAContactSheet() throws Exception {
        Path out = tmp.resolve("frames");
        CliRun r = CliRun.of("run", "demo", "--headless", "--frames", "12", "--fps", "4", "--width", "160", "--height", "90",
                "--out", out.toString(), "--beat", "oscillator");
        assertEquals(0, r.code(), r.err());
        for (int i = 0; i < 12; i++) {
            assertTrue(Files.size(out.resolve(String.format("frame_%05d.png", i))) > 500);
        }
        assertTrue(Files.exists(out.resolve("contact_sheet.png")));
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(out.resolve("frame_00004.png").toFile());
        java.awt.image.BufferedImage last = javax.imageio.ImageIO.read(out.resolve("frame_00011.png").toFile());
        int differing = 0;
        for (int y = 0; y < 90; y += 3) {
            for (int x = 0; x < 160; x += 3) {
                if (first.getRGB(x, y) != last.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertTrue(differing > 100, "frames change over time: " + differing);
    }

    @Test
    void twoHeadlessRunsAreByteIdentical() throws Exception {
        for (String run : new String[]{"a", "b"}) {
            CliRun r = CliRun.of("run", "demo", "--headless", "--start", "20", "--seconds", "1", "--fps", "6", "--width", "128",
                    "--height", "72", "--out", tmp.resolve(run).toString(), "--preset", "ember");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("frames 100%"), "progress bar: " + r.err());
        }
        for (int i = 0; i < 6; i++) {
            String name = String.format("frame_%05d.png", i);
            assertEquals(-1L, Files.mismatch(tmp.resolve("a").resolve(name), tmp.resolve("b").resolve(name)), name);
        }
        assertEquals(-1L, Files.mismatch(tmp.resolve("a/contact_sheet.png"), tmp.resolve("b/contact_sheet.png")));
        assertTrue(!Files.exists(tmp.resolve("a").resolve("frame_00006.png")));
    }

    @Test
    void headlessWithoutAFrameCountIsAWholeSongOverview() throws Exception {
        CliRun r = CliRun.of("run", "demo", "--headless", "--tiles", "6", "--fps", "10", "--width", "96", "--height", "54",
                "--aa", "1", "--out", tmp.resolve("o").toString(), "--beat", "oscillator");
        assertEquals(0, r.code(), r.err());
        try (var files = Files.list(tmp.resolve("o"))) {
            assertEquals(7, files.count(), "six frames and the sheet");
        }
        assertTrue(r.err().contains("whole-song overview: 6 frames"), r.err());
    }

    @Test
    void badLookOptionsAreOneLine() {
        CliRun preset = CliRun.of("run", "demo", "--headless", "--preset", "disco", "--out", tmp.toString());
        preset.assertUsageErrorStartingWith("fractalsync run", "unknown preset 'disco'; valid presets: neon");
        CliRun sens = CliRun.of("run", "demo", "--headless", "--sensitivity", "9", "--out", tmp.toString());
        assertEquals(2, sens.code());
        assertTrue(sens.err().contains("--sensitivity must be in [0, 3.0]"), sens.err());
        CliRun node = CliRun.of("render-node", "--headless", "--seconds", "1", "--sensitivity", "9", "--out", tmp.toString());
        assertEquals(2, node.code(), "render-node checks the look before it joins the cluster: " + node.err());
        assertTrue(node.err().contains("--sensitivity must be in [0, 3.0]"), node.err());
    }

    @Test
    void videoWithoutFfmpegIsOneClearLine() {
        CliRun r = CliRun.of("run", "demo", "--video", tmp.resolve("v.mp4").toString(), "--seconds", "1",
                "--ffmpeg", tmp.resolve("no-such-ffmpeg").toString());
        assertEquals(1, r.code());
        String err = r.err().trim();
        assertEquals(1, err.lines().filter(l -> l.startsWith("fractalsync:")).count(), err);
        String line = err.lines().filter(l -> l.startsWith("fractalsync:")).findFirst().orElseThrow();
        assertTrue(line.startsWith("fractalsync: --video needs ffmpeg, but '"), err);
        assertTrue(line.contains("install it"), err);
        assertTrue(!err.contains("\tat "), "no stack trace: " + err);
        assertTrue(!Files.exists(tmp.resolve("v.mp4")));
    }

    @Test
    void videoHasH264AndAudioOfTheRequestedLength() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("ffmpeg") && onPath("ffprobe"),
                "ffmpeg/ffprobe not installed (CI installs them)");
        Path mp4 = tmp.resolve("clip.mp4");
        CliRun r = CliRun.of("run", "demo", "--video", mp4.toString(), "--start", "30", "--seconds", "2", "--fps", "24",
                "--width", "192", "--height", "108", "--aa", "1");
        assertEquals(0, r.code(), r.err());
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,duration",
                "-of", "csv=p=0", mp4.toString()).redirectErrorStream(true).start();
        String report = new String(probe.getInputStream().readAllBytes());
        assertEquals(0, probe.waitFor(), report);
        String video = report.lines().filter(l -> l.contains("video")).findFirst().orElseThrow(() -> new AssertionError(report));
        String audio = report.lines().filter(l -> l.contains("audio")).findFirst().orElseThrow(() -> new AssertionError(report));
        assertTrue(video.startsWith("h264,"), report);
        assertTrue(audio.startsWith("aac,"), report);
        assertEquals(2.0, Double.parseDouble(video.split(",")[2]), 0.05, report);
        assertEquals(2.0, Double.parseDouble(audio.split(",")[2]), 0.1, report);
    }

    @Test
    void videoOfAFileKeepsItsChannelsAndRateAndTheSpanFromStart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("ffmpeg") && onPath("ffprobe"),
                "ffmpeg/ffprobe not installed (CI installs them)");
        // 44.1 kHz stereo: a 1 kHz tone on the right only, and a 40 ms burst on the left at 2.5 s
        int rate = 44_100;
        int n = 5 * rate;
        byte[] pcm = new byte[n * 4];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.Random noise = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double left = t >= 2.5 && t < 2.54 ? 0.8 * (2 * noise.nextDouble() - 1) : 0;
            double right = 0.3 * Math.sin(2 * Math.PI * 1000 * t);
            b.putShort((short) Math.round(left * 32767)).putShort((short) Math.round(right * 32767));
        }
        Path song = tmp.resolve("stereo.wav");
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(rate, 16, 2, true, false);
        try (javax.sound.sampled.AudioInputStream in = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm), format, n)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, song.toFile());
        }
        Path mp4 = tmp.resolve("stereo.mp4");
        CliRun r = CliRun.of("run", song.toString(), "--video", mp4.toString(), "--start", "2", "--seconds", "1.5",
                "--fps", "24", "--width", "192", "--height", "108", "--aa", "1");
        assertEquals(0, r.code(), r.err());
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "stream=sample_rate,channels,duration", "-of", "csv=p=0", mp4.toString()).redirectErrorStream(true).start();
        String report = new String(probe.getInputStream().readAllBytes()).trim();
        assertEquals(0, probe.waitFor(), report);
        String[] audio = report.split(",");
        assertEquals("44100", audio[0], report);
        assertEquals("2", audio[1], report);
        assertEquals(1.5, Double.parseDouble(audio[2]), 0.05, report);
        // the decoded track: the burst 0.5 s in, on the left only; the tone on the right
        Process decode = new ProcessBuilder("ffmpeg", "-v", "error", "-i", mp4.toString(), "-map", "0:a:0", "-f", "f32le",
                "-c:a", "pcm_f32le", "-").start();
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(decode.getInputStream().readAllBytes())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        assertEquals(0, decode.waitFor());
        int frames = f.limit() / 2;
        int loudest = 0;
        double leftOutside = 0;
        double right = 0;
        for (int i = 0; i < frames; i++) {
            if (Math.abs(f.get(2 * i)) > Math.abs(f.get(2 * loudest))) {
                loudest = i;
            }
            double t = (double) i / rate;
            if (t < 0.45 || t > 0.65) {
                leftOutside = Math.max(leftOutside, Math.abs(f.get(2 * i)));
            }
            right += f.get(2 * i + 1) * (double) f.get(2 * i + 1);
        }
        assertEquals(0.52, (double) loudest / rate, 0.03, "the burst's place in the video's audio");
        assertTrue(leftOutside < 0.05, "the right channel's tone leaked into the left: " + leftOutside);
        assertEquals(0.3 / Math.sqrt(2), Math.sqrt(right / frames), 0.03, "the right channel's tone (RMS)");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void demoWritesWavAndTruth() {
        CliRun r = CliRun.of("demo", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(tmp.resolve("demo.wav")));
        assertTrue(Files.exists(tmp.resolve("demo.truth.json")));
    }
}
