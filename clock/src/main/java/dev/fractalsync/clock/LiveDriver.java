package dev.fractalsync.clock;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.AudioStream;
import dev.fractalsync.audio.CaptureDevices;
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
 * file playback is paced by the wall clock. {@link #streamTime()} is the audible stream time and {@link #avClock()}
 * the visuals' time base: both come from the device's position (what it has played or captured), never from when
 * samples were written or read.
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
    private volatile long framesWritten;
    private volatile PlaybackPosition position = NOT_STARTED;
    private final AvClock av;
    private volatile Throwable failure;

    private static final PlaybackPosition NOT_STARTED = new PlaybackPosition() {
        @Override
        public long framePosition() {
            return 0;
        }

        @Override
        public double latencySeconds() {
            return 0;
        }
    };

    private LiveDriver(SlowClock clock, int sampleRate, int hop, String name, AvClock.Direction direction,
                       double avOffsetMs, Runnable body) {
        this.clock = clock;
        this.sampleRate = sampleRate;
        this.hop = hop;
        PlaybackPosition current = new PlaybackPosition() {
            @Override
            public long framePosition() {
                return position.framePosition();
            }

            @Override
            public double latencySeconds() {
                return position.latencySeconds();
            }
        };
        this.av = new AvClock(current, sampleRate, direction, avOffsetMs);
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
        return playFile(mono, clock, sampleRate, hop, playback, 0);
    }

    /** As {@link #playFile(float[], SlowClock, int, int, boolean)} with a user A/V offset (positive: visuals later). */
    public static LiveDriver playFile(float[] mono, SlowClock clock, int sampleRate, int hop, boolean playback,
                                      double avOffsetMs) {
        return playFile(sink -> HopCutter.cut(mono, hop, sink), clock, sampleRate, hop, playback, avOffsetMs);
    }

    /**
     * Plays the hops of {@code hops} (contract hops at {@code sampleRate}, e.g. a file decoded as it plays, so any
     * length fits in a small, fixed amount of memory) in real time; what the source throws stops the driver and is
     * its {@link #failure()}.
     */
    public static LiveDriver playFile(OfflinePipeline.HopSource hops, SlowClock clock, int sampleRate, int hop,
                                      boolean playback, double avOffsetMs) {
        LiveDriver[] self = new LiveDriver[1];
        self[0] = new LiveDriver(clock, sampleRate, hop, "fractalsync-playback", AvClock.Direction.PLAYBACK, avOffsetMs,
                () -> self[0].runFile(hops, playback));
        self[0].thread.start();
        return self[0];
    }

    /** Captures the default microphone at the contract rate, mono 16-bit. */
    public static LiveDriver microphone(SlowClock clock, int sampleRate, int hop) throws AudioInputException {
        return microphone(clock, sampleRate, hop, 0);
    }

    /** As {@link #microphone(SlowClock, int, int)} with a user A/V offset (positive: visuals later). */
    public static LiveDriver microphone(SlowClock clock, int sampleRate, int hop, double avOffsetMs)
            throws AudioInputException {
        return microphone(clock, sampleRate, hop, avOffsetMs, null);
    }

    /**
     * Captures the capture device {@code device} names (index or part of its name; null = the first one, see
     * {@link CaptureDevices#select}) in the 16-bit format it offers closest to {@code sampleRate}; any other rate
     * and channel count is mixed and resampled once by {@link AudioStream}.
     */
    public static LiveDriver microphone(SlowClock clock, int sampleRate, int hop, double avOffsetMs, String device)
            throws AudioInputException {
        CaptureDevices.Device chosen = CaptureDevices.select(CaptureDevices.list(), device);
        AudioFormat fmt = CaptureDevices.captureFormat(chosen, sampleRate);
        int deviceRate = Math.round(fmt.getSampleRate());
        TargetDataLine line = CaptureDevices.open(chosen, fmt, (int) ((long) hop * 4 * deviceRate / sampleRate));
        LOG.info("capturing from '{}' at {} Hz, {} channel(s)", chosen.name(), deviceRate, fmt.getChannels());
        LiveDriver[] self = new LiveDriver[1];
        self[0] = new LiveDriver(clock, sampleRate, hop, "fractalsync-microphone", AvClock.Direction.CAPTURE, avOffsetMs,
                () -> self[0].runMic(line));
        self[0].thread.start();
        return self[0];
    }

    private void runFile(OfflinePipeline.HopSource hops, boolean playback) {
        SourceDataLine line = playback ? openPlayback() : null;
        byte[] pcm = new byte[hop * 2];
        startNanos = System.nanoTime();
        position = line != null ? new OutputLinePosition(line) : new WallClockPosition();
        try {
            hops.hops((buf, h) -> {
                if (stopped) {
                    throw new Stopped();
                }
                clock.processHop(buf);
                if (line != null) {
                    toPcm16(buf, pcm);
                    line.write(pcm, 0, pcm.length); // blocks: paces the loop to the sound card
                    framesWritten += hop;
                } else {
                    long due = startNanos + (long) ((h + 1) * 1e9 * hop / sampleRate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            throw new Stopped();
                        }
                    }
                }
                framesConsumed = (h + 1) * hop;
            });
        } catch (Stopped e) {
            // stopped, or interrupted while pacing
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // the file could not be read or decoded: one line, as the source said it
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            if (line != null) {
                if (!stopped) {
                    line.drain();
                }
                line.close();
            }
        }
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private void runMic(TargetDataLine line) {
        AudioFormat fmt = line.getFormat();
        int channels = fmt.getChannels();
        int deviceRate = Math.round(fmt.getSampleRate());
        boolean bigEndian = fmt.isBigEndian();
        byte[] pcm = new byte[hop * 2 * channels];
        float[] samples = new float[hop * channels];
        AudioStream stream = new AudioStream(sampleRate, hop, (buf, h) -> {
            clock.processHop(buf);
            framesConsumed += hop;
        });
        line.start();
        startNanos = System.nanoTime();
        position = new InputLinePosition(line);
        try {
            while (!stopped) {
                int n = line.read(pcm, 0, pcm.length) / 2;
                if (n <= 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    int lo = pcm[2 * i + (bigEndian ? 1 : 0)] & 0xff;
                    int hi = pcm[2 * i + (bigEndian ? 0 : 1)];
                    samples[i] = (short) (lo | (hi << 8)) / 32768f;
                }
                stream.feed(samples, 0, n / channels, deviceRate, channels);
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
     * Output line: the frames it reports played, but never more than were written minus what its buffer still holds
     * (some implementations count frames written). Java Sound reports no latency past its own buffer.
     */
    private final class OutputLinePosition implements PlaybackPosition {
        private final SourceDataLine line;
        private final int frameBytes;

        OutputLinePosition(SourceDataLine line) {
            this.line = line;
            this.frameBytes = Math.max(1, line.getFormat().getFrameSize());
        }

        @Override
        public long framePosition() {
            if (!line.isOpen()) {
                return framesWritten;
            }
            long queued = Math.max(0, line.getBufferSize() - line.available()) / frameBytes;
            return Math.max(0, Math.min(line.getLongFramePosition(), framesWritten - queued));
        }

        @Override
        public double latencySeconds() {
            return 0;
        }
    }

    /** Microphone: the frames the device has captured, including those still waiting in its buffer for us. */
    private final class InputLinePosition implements PlaybackPosition {
        private final TargetDataLine line;

        InputLinePosition(TargetDataLine line) {
            this.line = line;
        }

        @Override
        public long framePosition() {
            return line.isOpen() ? Math.max(framesConsumed, line.getLongFramePosition()) : framesConsumed;
        }

        @Override
        public double latencySeconds() {
            return 0;
        }
    }

    /** No sound card: the wall clock since start, capped at the audio analysed so far plus one hop. */
    private final class WallClockPosition implements PlaybackPosition {
        @Override
        public long framePosition() {
            long wall = (long) ((System.nanoTime() - startNanos) / 1e9 * sampleRate);
            return Math.min(wall, framesConsumed + hop);
        }

        @Override
        public double latencySeconds() {
            return 0;
        }
    }

    /** Stream time in seconds of the sound audible now (the device's position, latency compensated). */
    public double streamTime() {
        return av.audibleTime();
    }

    /** The A/V time base: audible time, the visuals' time and the user offset. */
    public AvClock avClock() {
        return av;
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
