package dev.fractalsync.audio;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.dsp.Resampler;

/**
 * Turns audio as it arrives (any sample rate, any channel count, any buffer size) into contract hops: mixes to mono
 * by averaging the channels, replaces NaN/Inf by silence (counted), resamples to the contract rate and cuts hops.
 * Files, arrays handed to the embedding API and the microphone all pass through here, so there is one way audio
 * becomes hops. Not thread-safe: one feeding thread.
 */
public final class AudioStream {
    public static final int MIN_RATE = 1000;
    public static final int MAX_RATE = 768_000;
    public static final int MAX_CHANNELS = 64;
    private static final int CHUNK = 4096;

    private final int targetRate;
    private final HopCutter cutter;
    private final HopCutter.HopSink sink;
    private final float[] mono = new float[CHUNK];
    private float[] resampled = new float[0];
    private float[] silence = new float[0];

    private int inputRate;
    private Resampler resampler;
    private long inputFramesAtRate;
    private long outputAtRate;
    private long sanitized;

    /** Hops of {@code hop} samples at {@code targetRate} go to {@code sink}. */
    public AudioStream(int targetRate, int hop, HopCutter.HopSink sink) {
        this.targetRate = targetRate;
        this.cutter = new HopCutter(hop);
        this.sink = sink;
    }

    /** Feeds a whole buffer of interleaved frames. */
    public void feed(float[] interleaved, int sampleRate, int channels) {
        if (interleaved == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        check(sampleRate, channels);
        if (interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples are not a whole number of " + channels
                    + "-channel frames");
        }
        feed(interleaved, 0, interleaved.length / channels, sampleRate, channels);
    }

    /** Feeds {@code frames} interleaved frames starting at sample {@code offset}. */
    public void feed(float[] interleaved, int offset, int frames, int sampleRate, int channels) {
        check(sampleRate, channels);
        if (offset < 0 || frames < 0 || (long) offset + (long) frames * channels > interleaved.length) {
            throw new IllegalArgumentException("offset " + offset + " and " + frames + " frames of " + channels
                    + " channels exceed the buffer of " + interleaved.length + " samples");
        }
        if (sampleRate != inputRate) {
            drainResampler();
            inputRate = sampleRate;
            resampler = sampleRate == targetRate ? null
                    : Resampler.highQuality(sampleRate, targetRate, CHUNK);
            inputFramesAtRate = 0;
            outputAtRate = 0;
        }
        for (int done = 0; done < frames; ) {
            int n = Math.min(CHUNK, frames - done);
            mixDown(interleaved, offset + done * channels, n, channels);
            inputFramesAtRate += n;
            pushMono(n);
            done += n;
        }
    }

    /**
     * Reads {@code reader} to its end as hops of {@code hop} samples at {@code rate}: decoded, resampled and cut as
     * {@link #feed} does, the last hop zero-padded.
     */
    public static void readAll(AudioFileReader reader, int rate, int hop, HopCutter.HopSink sink)
            throws AudioInputException {
        AudioStream stream = new AudioStream(rate, hop, sink);
        float[] chunk = new float[1 << 14];
        int n;
        while ((n = reader.read(chunk)) >= 0) {
            stream.feed(chunk, 0, n, reader.sampleRate(), 1);
        }
        stream.finish();
    }

    /** End of stream: emits the resampler's tail and the last partial hop, zero-padded. */
    public void finish() {
        drainResampler();
        cutter.flush(sink);
    }

    /** Forgets everything fed so far (the next sample starts a new stream at hop 0). */
    public void reset() {
        resampler = null;
        inputRate = 0;
        inputFramesAtRate = 0;
        outputAtRate = 0;
        sanitized = 0;
        cutter.reset();
    }

    /** NaN/Inf input samples replaced by silence so far. */
    public long sanitizedSamples() {
        return sanitized;
    }

    /** Hops emitted so far. */
    public long hops() {
        return cutter.hopsEmitted();
    }

    private static void check(int sampleRate, int channels) {
        if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside " + MIN_RATE + ".." + MAX_RATE);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channel count " + channels + " is outside 1.." + MAX_CHANNELS);
        }
    }

    private void mixDown(float[] in, int from, int frames, int channels) {
        if (channels == 1) {
            for (int i = 0; i < frames; i++) {
                float v = in[from + i];
                if (Float.isFinite(v)) {
                    mono[i] = 0f + v;   // as the sum below: -0 becomes +0
                } else {
                    mono[i] = 0f;
                    sanitized++;
                }
            }
            return;
        }
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            int base = from + i * channels;
            for (int c = 0; c < channels; c++) {
                float v = in[base + c];
                if (Float.isFinite(v)) {
                    sum += v;
                } else {
                    sanitized++;
                }
            }
            mono[i] = channels == 1 ? sum : sum / channels;
        }
    }

    private void pushMono(int n) {
        if (resampler == null) {
            outputAtRate += n;
            cutter.push(mono, 0, n, sink);
            return;
        }
        int room = resampler.maxOutput(n);
        if (resampled.length < room) {
            resampled = new float[room];
        }
        int out = resampler.push(mono, 0, n, resampled, 0); // lags the input by the filter's half width
        outputAtRate += out;
        cutter.push(resampled, 0, out, sink);
    }

    /** Pushes silence through the resampler until every output sample the input so far implies has come out. */
    private void drainResampler() {
        if (resampler == null) {
            return;
        }
        long expected = Math.round((double) inputFramesAtRate * targetRate / inputRate);
        if (silence.length == 0) {
            silence = new float[CHUNK];
        }
        int room = resampler.maxOutput(CHUNK);
        if (resampled.length < room) {
            resampled = new float[room];
        }
        while (outputAtRate < expected) {
            int out = resampler.push(silence, 0, CHUNK, resampled, 0);
            int keep = (int) Math.min(out, expected - outputAtRate);
            cutter.push(resampled, 0, keep, sink);
            outputAtRate += keep;
        }
        resampler = null;
        inputRate = 0;
    }
}
