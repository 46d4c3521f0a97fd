package dev.fractalsync.app;

import dev.fractalsync.render.SwingVisualizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * {@code run ... --stream URL}: the window's frames, live, as H.264 with the song's audio as AAC, through ffmpeg to
 * {@code udp://} or {@code srt://} (MPEG-TS) or an {@code rtmp://} server (FLV), for OBS, VLC or Resolume to take.
 * <p>
 * ffmpeg starts with the first frame and reads the song's audio itself, in real time ({@code -re}) from the position
 * being heard then. The video is constant-rate: a sender thread writes one frame per tick of the stream's frame rate
 * from that moment on (the newest frame the window rendered, or the previous one again), so video frame k is the
 * picture of the song's position at start + k / fps, which is where the audio is at that timestamp. The render thread
 * hands a frame over only when a buffer is free (two in all): a frame that cannot be taken in time is dropped, never
 * queued without bound. If ffmpeg fails, the stream stops with one line and the show goes on.
 * <p>
 * Wall-clock timestamps on both inputs were tried first: with them, ffmpeg 5.1 muxed no audio packet at all once the
 * audio input was seeked ({@code -ss}), with or without an accurate seek.
 */
final class LiveStream implements SwingVisualizer.FrameSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);

    private final String ffmpeg;
    private final String url;
    private final int width;
    private final int height;
    private final double fps;
    private final Path audio;
    private final boolean deleteAudio;
    private final DoubleSupplier audibleSeconds;
    private final BlockingQueue<int[]> free = new ArrayBlockingQueue<>(2);
    private final java.util.concurrent.atomic.AtomicReference<int[]> newest = new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean failed;
    private Process process;
    private Thread sender;

    private LiveStream(String ffmpeg, String url, int width, int height, double fps, Path audio, boolean deleteAudio,
                       DoubleSupplier audibleSeconds) {
        this.ffmpeg = ffmpeg;
        this.url = url;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.audio = audio;
        this.deleteAudio = deleteAudio;
        this.audibleSeconds = audibleSeconds;
        free.add(new int[width * height]);
        free.add(new int[width * height]);
    }

    /** The muxer for {@code url}'s scheme, or a one-line error naming the schemes there are. */
    static String format(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.startsWith("udp://") || u.startsWith("srt://")) {
            return "mpegts";
        }
        if (u.startsWith("rtmp://") || u.startsWith("rtmps://")) {
            return "flv";
        }
        throw new IllegalArgumentException("--stream takes udp://HOST:PORT, srt://HOST:PORT or rtmp://SERVER/APP/KEY, got '"
                + url + "'");
    }

    /**
     * A stream of {@code width}×{@code height} frames at {@code fps} with the audio of {@code audio} (null: none; a
     * temporary file when {@code deleteAudio}), which starts at the first frame.
     */
    static LiveStream create(String ffmpeg, String url, int width, int height, double fps, Path audio,
                             boolean deleteAudio, DoubleSupplier audibleSeconds) {
        format(url);
        return new LiveStream(ffmpeg, url, width, height, fps, audio, deleteAudio, audibleSeconds);
    }

    List<String> command(double audioStart) {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
                "-f", "rawvideo", "-pix_fmt", "bgra", "-s", width + "x" + height,
                "-framerate", String.format(Locale.ROOT, "%.3f", fps), "-i", "pipe:0"));
        if (audio != null) {
            cmd.addAll(List.of("-re", "-ss", String.format(Locale.ROOT, "%.3f", audioStart), "-i", audio.toString(),
                    "-map", "0:v:0", "-map", "1:a:0", "-c:a", "aac", "-b:a", "160k"));
        }
        cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-x264-params", "repeat-headers=1",
                "-pix_fmt", "yuv420p", "-g", String.valueOf(Math.max(1, Math.round(fps))), "-f", format(url), url));
        return cmd;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public double fps() {
        return fps;
    }

    @Override
    public int[] borrow() {
        if (failed) {
            return null;
        }
        int[] buffer = free.poll(); // none when one is being converted and the other waits as the newest
        if (buffer == null) {
            dropped.incrementAndGet();
        }
        return buffer;
    }

    @Override
    public void submit(int[] frame) {
        if (sender == null) {
            start();
        }
        int[] replaced = newest.getAndSet(frame);
        if (replaced != null) { // the sender never took it: a frame dropped
            dropped.incrementAndGet();
            free.offer(replaced);
        }
    }

    private void start() {
        List<String> cmd = command(Math.max(0, audibleSeconds.getAsDouble()));
        try {
            process = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            failed = true;
            System.err.println("--stream: ffmpeg cannot be run (" + e.getMessage() + "); install it or pass --ffmpeg PATH; "
                    + "the show goes on without the stream");
            sender = new Thread(() -> { });
            return;
        }
        System.err.println("streaming " + width + "x" + height + " at " + fps + " FPS to " + url);
        sender = new Thread(this::send, "fractalsync-stream");
        sender.setDaemon(true);
        sender.start();
    }

    private void send() {
        ByteBuffer bytes = ByteBuffer.allocate(width * height * 4).order(ByteOrder.LITTLE_ENDIAN);
        long t0 = System.nanoTime();
        double period = 1e9 / fps;
        long tick = 0;
        boolean any = false;
        try (OutputStream out = process.getOutputStream()) {
            while (!failed) {
                long due = t0 + Math.round(tick * period);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int[] frame = newest.getAndSet(null);
                if (frame != null) {
                    bytes.clear();
                    for (int px : frame) {
                        bytes.putInt(px | 0xff000000); // 0xAARRGGBB little-endian is ffmpeg's bgra
                    }
                    free.offer(frame);
                    any = true;
                }
                if (any) { // the newest picture, or the last one again: one frame per tick
                    out.write(bytes.array(), 0, bytes.capacity());
                    out.flush();
                    sent.incrementAndGet();
                }
                tick++;
                if (!process.isAlive()) {
                    break;
                }
            }
        } catch (IOException e) {
            if (!failed) {
                LOG.warn("--stream {}: ffmpeg stopped taking frames ({}); the show goes on without the stream", url,
                        e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failed = true;
    }

    long sent() {
        return sent.get();
    }

    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        failed = true;
        if (sender != null) {
            sender.interrupt();
        }
        if (process != null) {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
            System.err.printf(Locale.ROOT, "stream: %d frames sent, %d dropped%n", sent(), dropped());
        }
        if (deleteAudio && audio != null) {
            try {
                Files.deleteIfExists(audio);
            } catch (IOException ignored) {
                // a temporary file in the temp directory
            }
        }
    }
}
