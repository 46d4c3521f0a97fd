package dev.fractalsync.clock;

import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.AudioStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * Drives a {@link SlowClock} in real time on its own thread, from a file (played through the sound card when one
 * exists, the stream clock then following the audio actually played) or from the microphone. Without a sound card,
 * file playback is paced by the wall clock. {@link #streamTime()} is the render side's time base.
 */
public final class LiveDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDriver.class);

    private final SlowClock clock;
    private final int sampleRate;
    private final int hop;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile boolean finished;
    private volatile long startNanos;
    private volatile long framesConsumed;
    private volatile SourceDataLine playbackLine;
    private volatile Throwable failure;

    private LiveDriver(SlowClock clock, int sampleRate, int hop, String name, Runnable body) {
        this.clock = clock;
        this.sampleRate = sampleRate;
        this.hop = hop;
        this.thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failure = e;
                LOG.error("{} stopped: {}", name, e.toString());
            } finally {
                finished = true;
            }
        }, name);
        this.thread.setDaemon(true);
    }

    /** Plays {@code mono} (at the contract rate) in real time; {@code playback} false keeps the sound card closed. */
    public static LiveDriver playFile(float[] mono, SlowClock clock, int sampleRate, int hop, boolean playback) {
        LiveDriver[] self = new LiveDriver[1];
        self[0] = new LiveDriver(clock, sampleRate, hop, "fractalsync-playback", () -> self[0].runFile(mono, playback));
        self[0].thread.start();
        return self[0];
    }

    /** Captures the default microphone at the contract rate, mono 16-bit. */
    public static LiveDriver microphone(SlowClock clock, int sampleRate, int hop) throws AudioInputException {
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        TargetDataLine line;
        try {
            line = AudioSystem.getTargetDataLine(fmt);
            line.open(fmt, hop * 2 * 4);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new AudioInputException("no capture device available for 48 kHz mono 16-bit input (" + e.getMessage() + ")");
        }
        LiveDriver[] self = new LiveDriver[1];
        self[0] = new LiveDriver(clock, sampleRate, hop, "fractalsync-microphone", () -> self[0].runMic(line));
        self[0].thread.start();
        return self[0];
    }

    private void runFile(float[] mono, boolean playback) {
        SourceDataLine line = playback ? openPlayback() : null;
        playbackLine = line;
        float[] buf = new float[hop];
        byte[] pcm = new byte[hop * 2];
        long hops = HopCutter.hopCount(mono.length, hop);
        startNanos = System.nanoTime();
        for (long h = 0; h < hops && !stopped; h++) {
            HopCutter.copyHop(mono, h, hop, buf);
            clock.processHop(buf);
            if (line != null) {
                toPcm16(buf, pcm);
                line.write(pcm, 0, pcm.length); // blocks: paces the loop to the sound card
            } else {
                long due = startNanos + (long) ((h + 1) * 1e9 * hop / sampleRate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            framesConsumed = (h + 1) * hop;
        }
        if (line != null) {
            if (!stopped) {
                line.drain();
            }
            line.close();
        }
    }

    private void runMic(TargetDataLine line) {
        byte[] pcm = new byte[hop * 2];
        float[] samples = new float[hop];
        AudioStream stream = new AudioStream(sampleRate, hop, (buf, h) -> {
            clock.processHop(buf);
            framesConsumed += hop;
        });
        line.start();
        startNanos = System.nanoTime();
        try {
            while (!stopped) {
                int n = line.read(pcm, 0, pcm.length) / 2;
                if (n <= 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)) / 32768f;
                }
                stream.feed(samples, 0, n, sampleRate, 1);
            }
        } finally {
            line.stop();
            line.close();
        }
    }

    private SourceDataLine openPlayback() {
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(fmt);
            line.open(fmt, hop * 2 * 8);
            line.start();
            return line;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.info("no audio output device ({}); running silently on the wall clock", e.getMessage());
            return null;
        }
    }

    private static void toPcm16(float[] in, byte[] out) {
        for (int i = 0; i < in.length; i++) {
            int s = Math.round(Math.max(-1f, Math.min(1f, in[i])) * 32767f);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
    }

    /**
     * Current stream time in seconds: the sound card's played position when playing back, else the wall clock
     * since start (capped at the audio consumed so far plus one hop, so rendering never runs ahead of analysis).
     */
    public double streamTime() {
        SourceDataLine line = playbackLine;
        if (line != null && line.isOpen()) {
            return line.getLongFramePosition() / (double) sampleRate;
        }
        if (startNanos == 0) {
            return 0;
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return Math.min(wall, (framesConsumed + hop) / (double) sampleRate);
    }

    public boolean finished() {
        return finished;
    }

    /** The error that stopped the driver thread, if any. */
    public Throwable failure() {
        return failure;
    }

    public void stop() {
        stopped = true;
    }

    /** Waits for the driver to finish (or {@code millis}). */
    public void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
