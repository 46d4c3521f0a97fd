package dev.fractalsync.app;

import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.render.HeadlessRenderer;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An H.264 MP4 written by an {@code ffmpeg} child process: raw BGRA frames go to its stdin, the song's audio for the
 * same time span is handed over as a temporary 16-bit WAV beside the output (ffmpeg needs a seekable second input) and
 * muxed as AAC; the output is cut to the shorter of the two streams.
 */
final class VideoExport implements HeadlessRenderer.FrameObserver, AutoCloseable {
    private final Process ffmpeg;
    private final OutputStream stdin;
    private final Path audioFile;
    private final Path out;
    private final Path log;
    private ByteBuffer frameBytes;

    private VideoExport(Process ffmpeg, Path audioFile, Path out, Path log) {
        this.ffmpeg = ffmpeg;
        this.stdin = ffmpeg.getOutputStream();
        this.audioFile = audioFile;
        this.out = out;
        this.log = log;
    }

    /**
     * Starts ffmpeg for a {@code width x height} video at {@code fps} with the audio of {@code audio} from
     * {@code startSec} for {@code seconds} (no audio stream when {@code audio} is null).
     *
     * @throws IllegalStateException one line when ffmpeg cannot be run
     */
    static VideoExport start(String ffmpegCommand, Path out, int width, int height, double fps, MonoAudio audio,
                             double startSec, double seconds) throws IOException {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new UsageException("--video needs an even width and height (yuv420p), got " + width + "x" + height);
        }
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        OutputFile.checkWritable(out, "--video");
        Path wav = null;
        Path log = null;
        try {
            wav = audio == null ? null : Files.createTempFile(dir, ".fractalsync-audio-", ".wav");
            log = Files.createTempFile(dir, ".fractalsync-ffmpeg-", ".log");
            if (wav != null) {
                writeWav(audio, startSec, seconds, wav);
            }
        } catch (IOException e) {
            if (wav != null) {
                Files.deleteIfExists(wav);
            }
            if (log != null) {
                Files.deleteIfExists(log);
            }
            // the JDK's message is only the temporary file's path: say what it was for and what to do
            throw new IOException("--video " + out + ": cannot write the temporary audio track beside it in " + dir
                    + " (" + OutputFile.reason(e) + "); choose another directory or free some space", e);
        }
        List<String> cmd = new ArrayList<>(List.of(ffmpegCommand, "-y", "-hide_banner", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "bgra", "-s", width + "x" + height,
                "-framerate", String.format(Locale.ROOT, "%.6f", fps), "-i", "-"));
        if (wav != null) {
            cmd.addAll(List.of("-i", wav.toString(), "-map", "0:v:0", "-map", "1:a:0"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"));
        if (wav != null) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "192k", "-shortest"));
        }
        cmd.addAll(List.of("-movflags", "+faststart", target.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile()).start();
        } catch (IOException e) {
            if (wav != null) {
                Files.deleteIfExists(wav);
            }
            Files.deleteIfExists(log);
            throw new IllegalStateException("--video needs ffmpeg, but '" + ffmpegCommand + "' cannot be run ("
                    + e.getMessage() + "); install it (e.g. apt-get install ffmpeg) or pass --ffmpeg PATH");
        }
        return new VideoExport(p, wav, target, log);
    }

    @Override
    public void frame(int index, double tSec, int[] argb, int width, int height) {
        int bytes = width * height * 4;
        if (frameBytes == null || frameBytes.capacity() != bytes) {
            frameBytes = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        frameBytes.clear();
        // 0xAARRGGBB little-endian is B, G, R, A: ffmpeg's bgra; the alpha byte is forced opaque.
        for (int i = 0; i < width * height; i++) {
            frameBytes.putInt(argb[i] | 0xff000000);
        }
        try {
            stdin.write(frameBytes.array(), 0, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg stopped taking frames (" + ffmpegError() + ")", e);
        }
    }

    /** Waits for ffmpeg to finish the file; one line with ffmpeg's own error when it failed. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            try {
                stdin.close();
            } catch (IOException e) {
                // ffmpeg already gone: its exit code and log tell why
            }
            int code = ffmpeg.waitFor();
            if (code != 0) {
                throw new IllegalStateException("ffmpeg failed writing " + out + " (exit " + code + "): " + ffmpegError());
            }
        } finally {
            if (audioFile != null) {
                Files.deleteIfExists(audioFile);
            }
            Files.deleteIfExists(log);
        }
    }

    private String ffmpegError() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return "no message";
        }
    }

    /** The span of {@code audio} as a mono 16-bit WAV at its own rate (clipped to ±1). */
    static void writeWav(MonoAudio audio, double startSec, double seconds, Path file) throws IOException {
        float[] s = audio.samples();
        int from = (int) Math.min(s.length, Math.round(startSec * audio.sampleRate()));
        int to = (int) Math.min(s.length, from + Math.round(seconds * audio.sampleRate()));
        byte[] pcm = new byte[(to - from) * 2];
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            float v = Math.max(-1f, Math.min(1f, s[i]));
            b.putShort((short) Math.round(v * 32767f));
        }
        AudioFormat format = new AudioFormat(audio.sampleRate(), 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, to - from)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
