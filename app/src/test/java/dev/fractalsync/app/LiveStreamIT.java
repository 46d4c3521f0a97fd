package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import java.awt.GraphicsEnvironment;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code run demo --stream udp://...} under Xvfb: ffprobe, as OBS or VLC would, reads the live stream while the run
 * goes on and finds an H.264 picture at the window's size and the song's audio as AAC.
 */
class LiveStreamIT {
    private static final Path SCRIPT = Path.of("..", "bin", "fractalsync").toAbsolutePath().normalize();

    private static boolean onPath(String program) {
        try {
            return new ProcessBuilder(program, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void ffprobeReadsTheLiveStreamWithPictureAndSound() throws Exception {
        String display = System.getenv("DISPLAY");
        assumeTrue(display != null && !display.isBlank(), "no DISPLAY: stream test skipped (CI runs under xvfb-run)");
        assumeTrue(!GraphicsEnvironment.isHeadless(), "headless JVM: stream test skipped");
        assumeTrue(onPath("ffmpeg") && onPath("ffprobe"), "no ffmpeg/ffprobe (apt-get install ffmpeg; .ci/run does)");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path log = shots.resolve("stream-run.log");
        String url = "udp://127.0.0.1:" + port;
        Process run = new ProcessBuilder(SCRIPT.toString(), "run", "demo", "--seconds", "60", "--no-playback",
                "--width", "640", "--height", "360", "--stream", url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && run.isAlive() && !Files.readString(log).contains("streaming ")) {
                Thread.sleep(200);
            }
            assertTrue(Files.readString(log).contains("streaming 640x360"), "the run starts its stream; log: "
                    + Files.readString(log));
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-probesize", "50M", "-analyzeduration", "10M",
                    "-show_entries", "stream=codec_type,codec_name,width,height,sample_rate", "-of", "compact",
                    url + "?timeout=20000000").redirectErrorStream(true).start();
            boolean done = probe.waitFor(40, TimeUnit.SECONDS);
            String out = done ? new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "(timed out)";
            probe.destroyForcibly();
            Files.writeString(shots.resolve("stream-ffprobe.txt"), out);
            assertTrue(out.contains("codec_name=h264|codec_type=video|width=640|height=360"), "H.264 video: " + out);
            assertTrue(out.contains("codec_name=aac|codec_type=audio|sample_rate=48000"), "AAC audio: " + out);
        } finally {
            run.destroy();
            if (!run.waitFor(20, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }
}
