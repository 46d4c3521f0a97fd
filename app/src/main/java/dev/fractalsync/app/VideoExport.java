package dev.fractalsync.app;

import dev.fractalsync.render.HeadlessRenderer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An H.264 MP4 written by an {@code ffmpeg} child process: raw BGRA frames go to its stdin; the song's audio for the
 * same time span is read by ffmpeg from the song's file (its channels and sample rate kept, resampled only when AAC
 * cannot carry the rate), or, for samples made in the process, handed over as a temporary 16-bit WAV beside the output
 * (ffmpeg needs a seekable second input), and muxed as AAC; the output is cut to the shorter of the two streams.
 * <p>
 * All or nothing, like every output of the command line: ffmpeg writes a temporary file beside the target, which
 * replaces the target only when ffmpeg succeeded ({@link #finish()}). Closing without finishing (an error, a full
 * disk) and Ctrl-C stop ffmpeg and remove the temporary video, audio and log files, so the previous video stays.
 */
final class VideoExport implements HeadlessRenderer.FrameObserver, AutoCloseable {
    private final Process ffmpeg;
    private final OutputStream stdin;
    private final Path audioFile;
    private final Path partial;
    private final Path out;
    private final Path log;
    private final Thread onExit;
    private ByteBuffer frameBytes;
    private boolean finished;

    private VideoExport(Process ffmpeg, Path audioFile, Path partial, Path out, Path log) {
        this.ffmpeg = ffmpeg;
        this.stdin = ffmpeg.getOutputStream();
        this.audioFile = audioFile;
        this.partial = partial;
        this.out = out;
        this.log = log;
        // Ctrl-C: ffmpeg (same process group) would close a playable half of the video; stop it and remove the rest
        this.onExit = new Thread(this::discard, "video-export-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * Writes a video's audio track: hands {@link TrackWriter#write} the samples from the span's start, in order, and
     * returns how many of those written belong to the track (the rest is cut off again: a first pass may only learn
     * the song's length, and so the span's end, at its end).
     */
    @FunctionalInterface
    interface AudioTrack {
        long write(TrackWriter out) throws Exception;
    }

    /**
     * The audio of a video: the samples a track writes (mono, at a rate of the caller's), or a span of the song's own
     * file, which ffmpeg reads itself so that the video keeps the file's channels and sample rate.
     */
    sealed interface Audio permits Audio.Samples, Audio.Source {
        /** Mono samples at {@code sampleRate}, streamed into a temporary WAV by {@code track}. */
        record Samples(int sampleRate, AudioTrack track) implements Audio {
        }

        /**
         * {@code seconds} of {@code file} from {@code startSeconds}; {@code sampleRate} is the file's own, which the
         * video keeps when AAC can carry it.
         */
        record Source(Path file, double startSeconds, double seconds, int sampleRate) implements Audio {
        }
    }

    /** The sample rates ffmpeg's AAC encoder takes; any other is resampled to 48 kHz. */
    private static final java.util.Set<Integer> AAC_RATES = java.util.Set.of(96000, 88200, 64000, 48000, 44100, 32000,
            24000, 22050, 16000, 12000, 11025, 8000, 7350);

    static VideoExport start(String ffmpegCommand, Path out, int width, int height, double fps, int sampleRate,
                             AudioTrack audio) throws Exception {
        return start(ffmpegCommand, out, width, height, fps, audio == null ? null : new Audio.Samples(sampleRate, audio));
    }

    /**
     * Starts ffmpeg for a {@code width x height} video at {@code fps} with {@code audio} (no audio stream when null).
     * A {@link Audio.Samples} track is streamed into a temporary 16-bit WAV beside the output before ffmpeg starts
     * (ffmpeg needs its length), never held in memory; a {@link Audio.Source} span is read by ffmpeg from the file.
     *
     * @throws IllegalStateException one line when ffmpeg cannot be run
     */
    static VideoExport start(String ffmpegCommand, Path out, int width, int height, double fps, Audio audio)
            throws Exception {
        if (width % 2 != 0 || height % 2 != 0) {
            throw new UsageException("--video needs an even width and height (yuv420p), got " + width + "x" + height);
        }
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        OutputFile.checkWritable(out, "--video");
        Path wav = null;
        Path log = null;
        Path partial = null;
        try {
            wav = audio instanceof Audio.Samples ? Files.createTempFile(dir, ".fractalsync-audio-", ".wav") : null;
            log = Files.createTempFile(dir, ".fractalsync-ffmpeg-", ".log");
            partial = partialName(target);
            if (audio instanceof Audio.Samples s) {
                writeWav(s.track(), s.sampleRate(), wav);
            }
        } catch (IOException | TrackWriter.Failure e) {
            deleteQuietly(wav);
            deleteQuietly(log);
            deleteQuietly(partial);
            IOException cause = e instanceof TrackWriter.Failure f ? f.getCause() : (IOException) e;
            // the JDK's message is only the temporary file's path: say what it was for and what to do
            throw new IOException("--video " + out + ": cannot write the temporary audio track beside it in " + dir
                    + " (" + OutputFile.reason(cause) + "); choose another directory or free some space", cause);
        } catch (Exception | Error e) { // reading the song failed, or it is too short: no trace of the attempt
            deleteQuietly(wav);
            deleteQuietly(log);
            deleteQuietly(partial);
            throw e;
        }
        List<String> cmd = new ArrayList<>(List.of(ffmpegCommand, "-y", "-hide_banner", "-loglevel", "error",
                "-f", "rawvideo", "-pix_fmt", "bgra", "-s", width + "x" + height,
                "-framerate", String.format(Locale.ROOT, "%.6f", fps), "-i", "-"));
        if (wav != null) {
            cmd.addAll(List.of("-i", wav.toString()));
        } else if (audio instanceof Audio.Source s) {
            cmd.addAll(List.of("-ss", String.format(Locale.ROOT, "%.6f", s.startSeconds()),
                    "-t", String.format(Locale.ROOT, "%.6f", s.seconds()), "-i", s.file().toAbsolutePath().toString()));
        }
        if (audio != null) {
            cmd.addAll(List.of("-map", "0:v:0", "-map", "1:a:0"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"));
        if (audio != null) {
            cmd.addAll(List.of("-c:a", "aac", "-b:a", "192k"));
            if (audio instanceof Audio.Source s && !AAC_RATES.contains(s.sampleRate())) {
                cmd.addAll(List.of("-ar", "48000"));
            }
            cmd.add("-shortest");
        }
        cmd.addAll(List.of("-movflags", "+faststart", partial.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile()).start();
        } catch (IOException e) {
            deleteQuietly(wav);
            deleteQuietly(log);
            deleteQuietly(partial);
            throw new IllegalStateException("--video needs ffmpeg, but '" + ffmpegCommand + "' cannot be run ("
                    + e.getMessage() + "); install it (e.g. apt-get install ffmpeg) or pass --ffmpeg PATH");
        }
        return new VideoExport(p, wav, partial, target, log);
    }

    /**
     * A free name beside {@code target} for ffmpeg to write, hidden and with the target's extension (ffmpeg picks the
     * container from it).
     */
    static Path partialName(Path target) throws IOException {
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 ? name.substring(dot) : ".mp4";
        OutputFile.Temp t = OutputFile.newTemp(target.getParent(), "." + name + ".part-", ext);
        t.out().close();
        return t.path();
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing more to do: the name is hidden and says what it was
        }
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
            // ffmpeg writes its reason (e.g. "No space left on device") as it exits: wait for it before reading the log
            try {
                ffmpeg.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new UncheckedIOException("--video " + out + ": ffmpeg stopped taking frames (" + ffmpegError() + ")", e);
        }
    }

    /**
     * Ends the stream, waits for ffmpeg to finish the file and puts it in place of the target; one line with ffmpeg's
     * own error when it failed (the target then stays as it was).
     */
    void finish() throws IOException, InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // ffmpeg already gone: its exit code and log tell why
        }
        int code = ffmpeg.waitFor();
        if (code != 0) {
            throw new IllegalStateException("ffmpeg failed writing " + out + " (exit " + code + "): " + ffmpegError());
        }
        try {
            try {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("--video " + out + ": cannot replace it (" + OutputFile.reason(e) + "); choose another "
                    + "name or make it and its directory writable", e);
        }
        finished = true;
    }

    /** Removes the temporary files; without {@link #finish()} first, stops ffmpeg and leaves the target as it was. */
    @Override
    public void close() {
        discard();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void discard() {
        if (ffmpeg.isAlive()) {
            ffmpeg.destroyForcibly();
            try {
                ffmpeg.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!finished) {
            deleteQuietly(partial);
        }
        deleteQuietly(audioFile);
        deleteQuietly(log);
    }

    private String ffmpegError() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).trim();
        } catch (IOException e) {
            return "no message";
        }
    }

    /**
     * The track {@code audio} writes as a mono 16-bit WAV at {@code sampleRate} (clipped to ±1): the same bytes
     * {@code AudioSystem.write} makes of those samples, written as they come and sized at the end.
     */
    static void writeWav(AudioTrack audio, int sampleRate, Path file) throws Exception {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            TrackWriter w = new TrackWriter(ch);
            ch.write(header(sampleRate, 0));
            long keep = Math.max(0, Math.min(audio.write(w), w.written()));
            w.flush();
            ch.truncate(TrackWriter.HEADER + 2 * keep);
            ch.write(header(sampleRate, keep), 0);
        }
    }

    /** The 44-byte header of a mono 16-bit PCM WAV of {@code samples} samples. */
    private static ByteBuffer header(int sampleRate, long samples) {
        long data = 2 * samples;
        if (data + 36 > 0xFFFFFFFFL) {
            throw new TrackWriter.Failure(new IOException("the audio track exceeds the 4 GB a WAV can hold"));
        }
        ByteBuffer b = ByteBuffer.allocate(TrackWriter.HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + data))
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(2 * sampleRate).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
        return b.flip();
    }

    /** Mono 16-bit little-endian PCM into the temporary WAV, through a small buffer. */
    static final class TrackWriter {
        static final int HEADER = 44;
        private final java.nio.channels.FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        private TrackWriter(java.nio.channels.FileChannel ch) {
            this.ch = ch;
        }

        /** Appends {@code n} samples of {@code mono} from {@code offset}, clipped to ±1 and rounded to 16 bits. */
        void write(float[] mono, int offset, int n) {
            for (int i = offset; i < offset + n; i++) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                float v = Math.max(-1f, Math.min(1f, mono[i]));
                buf.putShort((short) Math.round(v * 32767f));
            }
            written += n;
        }

        /** Samples appended so far. */
        long written() {
            return written;
        }

        private void flush() {
            buf.flip();
            try {
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                throw new Failure(e);
            }
            buf.clear();
        }

        /** Writing the track failed (a full disk): told apart from a failure to read the song. */
        static final class Failure extends UncheckedIOException {
            Failure(IOException cause) {
                super(cause.getMessage(), cause);
            }
        }
    }
}
