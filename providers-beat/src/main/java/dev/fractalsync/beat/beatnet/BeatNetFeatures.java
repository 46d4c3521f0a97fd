package dev.fractalsync.beat.beatnet;

import dev.fractalsync.dsp.Resampler;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Streaming version of BeatNet's input features (madmom pipeline of BeatNet's online mode) for audio at any rate:
 * resample to 22050 Hz, centred frames of 1411 samples (64 ms) every 441 samples (20 ms, 50 fps) with a symmetric
 * Hann window, magnitude STFT (705 bins; or, with the fast transform, 1024 bins of the frame zero-padded to
 * {@value #FAST_FFT} points), 24-band-per-octave log filterbank 30 Hz..17 kHz (136 bands), log10(1 + x),
 * and the positive difference to the frame {@link #diffFrames()} earlier; spectrum and difference are stacked into
 * {@value #FEATURE_SIZE} values per frame.
 * <p>
 * Frame {@code i} is centred at {@code i * 0.02} s (the first frame is zero-padded on the left, as in madmom) and is
 * emitted as soon as the last sample of its window has arrived. No allocation after construction.
 */
public final class BeatNetFeatures {
    public static final int SAMPLE_RATE = 22050;
    public static final int HOP = 441;
    public static final int WINDOW = 1411;
    /** Transform length of the fast spectrum: the frame zero-padded to the next power of two. */
    public static final int FAST_FFT = 2048;
    public static final int BANDS_PER_OCTAVE = 24;
    public static final double FMIN = 30;
    public static final double FMAX = 17000;
    public static final double DIFF_RATIO = 0.5;
    public static final int FEATURE_SIZE = 272;
    public static final double FPS = (double) SAMPLE_RATE / HOP;

    /** Receives each finished feature frame; the array is reused for the next frame. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(long index, float[] features);
    }

    private final Resampler resampler;
    private final boolean fastTransform;
    private final LogFilterbank filterbank;
    private final float[] window = new float[WINDOW];
    private final int diffFrames;
    private final int bands;

    private final float[] resampled;
    private final float[] signal;
    /** Absolute index (at 22050 Hz) of {@code signal[0]}. */
    private long signalBase;
    private int signalCount;

    private final float[] fftBuffer = new float[WINDOW];
    private final Spectrum spectrum;
    private final float[] bandEnergy;
    private final float[][] history;
    private final float[] features = new float[FEATURE_SIZE];
    private long nextFrame;

    /**
     * @param inputRate  sample rate of the pushed audio
     * @param maxChunk   largest number of samples handed to one {@link #push} call
     */
    /** Centre frequency in Hz of log-filterbank band {@code band} (feature {@code band} of a frame). */
    public double bandCentreHz(int band) {
        return filterbank.centreHz(band);
    }

    public BeatNetFeatures(int inputRate, int maxChunk) {
        this(inputRate, maxChunk, false);
    }

    /**
     * @param fastTransform whether frames are transformed zero-padded to {@value #FAST_FFT} points (a power of two)
     *                      through the filterbank resampled onto that grid ({@link LogFilterbank#onFinerGrid}),
     *                      instead of madmom's {@value #WINDOW}-point transform (17 x 83: JTransforms takes
     *                      Bluestein's algorithm, two 4096-point complex transforms per frame)
     */
    public BeatNetFeatures(int inputRate, int maxChunk, boolean fastTransform) {
        this.fastTransform = fastTransform;
        resampler = new Resampler(inputRate, SAMPLE_RATE, 16, 0.94, maxChunk);
        LogFilterbank madmom = LogFilterbank.create(WINDOW / 2, SAMPLE_RATE, BANDS_PER_OCTAVE, FMIN, FMAX);
        filterbank = fastTransform ? madmom.onFinerGrid(WINDOW, FAST_FFT) : madmom;
        bands = filterbank.bands();
        if (2 * bands != FEATURE_SIZE) {
            throw new IllegalStateException("filterbank has " + bands + " bands, expected " + FEATURE_SIZE / 2);
        }
        for (int n = 0; n < WINDOW; n++) {
            window[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / (WINDOW - 1)));
        }
        diffFrames = diffFrames(DIFF_RATIO, window, HOP);
        bandEnergy = new float[bands];
        spectrum = new Spectrum();
        history = new float[diffFrames + 1][bands];
        resampled = new float[(int) ((long) maxChunk * SAMPLE_RATE / inputRate) + 4];
        signal = new float[WINDOW + resampled.length + HOP + 8];
        reset();
    }

    /**
     * madmom's difference offset: the distance, in hops rounded, from the window centre back to the first sample
     * where the window exceeds {@code ratio} times its maximum; at least 1.
     */
    static int diffFrames(double ratio, float[] window, int hop) {
        float max = 0;
        for (float w : window) {
            max = Math.max(max, w);
        }
        int first = 0;
        while (first < window.length && !(window[first] > ratio * max)) {
            first++;
        }
        double samples = window.length / 2.0 - first;
        return Math.max(1, (int) Math.rint(samples / hop));
    }

    /** Returns to a fresh stream. */
    public void reset() {
        resampler.reset();
        java.util.Arrays.fill(signal, 0f);
        // left zero padding of the first centred frame
        signalBase = -(WINDOW / 2);
        signalCount = WINDOW / 2;
        nextFrame = 0;
        for (float[] h : history) {
            java.util.Arrays.fill(h, 0f);
        }
    }

    public int bands() {
        return bands;
    }

    public int diffFrames() {
        return diffFrames;
    }

    /** Index of the next frame to be emitted (= number of frames emitted so far). */
    public long framesEmitted() {
        return nextFrame;
    }

    /** Pushes input audio and hands every frame that became complete to {@code sink}; returns the frame count. */
    public int push(float[] samples, int offset, int count, FrameSink sink) {
        append(samples, offset, count);
        int frames = 0;
        for (int at = nextWindowOffset(); at >= 0; at = nextWindowOffset()) {
            computeFrame(at);
            sink.frame(nextFrame, features);
            nextFrame++;
            frames++;
        }
        return frames;
    }

    /** Resamples the pushed samples onto the end of the signal buffer. */
    private void append(float[] samples, int offset, int count) {
        int produced = resampler.push(samples, offset, count, resampled, 0);
        if (signalCount + produced > signal.length) {
            compact();
        }
        System.arraycopy(resampled, 0, signal, signalCount, produced);
        signalCount += produced;
    }

    /** The signal position of the first sample of the next frame's window (centred on its hop). */
    private long nextWindowStart() {
        return nextFrame * HOP - WINDOW / 2;
    }

    /** Where the next frame's window starts in {@link #signal}, or -1 while its last sample is still to come. */
    private int nextWindowOffset() {
        long first = nextWindowStart();
        return first + WINDOW > signalBase + signalCount ? -1 : (int) (first - signalBase);
    }

    private void compact() {
        long first = nextWindowStart();
        int drop = (int) Math.max(0, Math.min(signalCount, first - signalBase));
        System.arraycopy(signal, drop, signal, 0, signalCount - drop);
        signalCount -= drop;
        signalBase += drop;
    }

    private void computeFrame(int offset) {
        for (int n = 0; n < WINDOW; n++) {
            fftBuffer[n] = signal[offset + n] * window[n];
        }
        spectrum.bands(fftBuffer, 0, bandEnergy, 0);
        finishFrame(bandEnergy, 0, nextFrame);
    }

    /** log10(1 + band energy) and the positive difference to the frame {@link #diffFrames} earlier, into features. */
    private void finishFrame(float[] energies, int offset, long frameIndex) {
        // history[0] is the current frame, history[d] the frame d hops earlier
        float[] oldest = history[diffFrames];
        System.arraycopy(history, 0, history, 1, diffFrames);
        history[0] = oldest;
        float[] current = history[0];
        for (int b = 0; b < bands; b++) {
            current[b] = (float) Math.log10(1.0 + energies[offset + b]);
        }
        float[] previous = history[diffFrames];
        boolean hasPrevious = frameIndex >= diffFrames;
        for (int b = 0; b < bands; b++) {
            features[b] = current[b];
            float d = hasPrevious ? current[b] - previous[b] : 0f;
            features[bands + b] = d > 0 ? d : 0f;
        }
    }

    /**
     * Windowed magnitude spectrum to log-filterbank band energies. The same arithmetic in streaming and in blocks, so
     * both give the same features to the bit.
     */
    private final class Spectrum {
        private final int size = fastTransform ? FAST_FFT : WINDOW;
        private final FloatFFT_1D fft = new FloatFFT_1D(size);
        private final float[] buffer = new float[size];
        private final float[] magnitude = new float[size / 2];

        /** Band energies of the windowed frame at {@code frames[offset..offset+WINDOW)} into {@code out[outOffset..]}. */
        public void bands(float[] frames, int offset, float[] out, int outOffset) {
            System.arraycopy(frames, offset, buffer, 0, WINDOW);
            if (fastTransform) {
                java.util.Arrays.fill(buffer, WINDOW, size, 0f);
            }
            // JTransforms' packed real FFT: a[0] = Re[0], a[2k] = Re[k], a[2k+1] = Im[k] for 0 < k < n/2; a[1] holds
            // Re[n/2] (n even) or Im[(n-1)/2] (n odd), a bin madmom drops
            fft.realForward(buffer);
            magnitude[0] = Math.abs(buffer[0]);
            for (int k = 1; k < magnitude.length; k++) {
                float re = buffer[2 * k];
                float im = buffer[2 * k + 1];
                magnitude[k] = (float) Math.sqrt(re * re + im * im);
            }
            filterbank.apply(magnitude, bandBuffer);
            System.arraycopy(bandBuffer, 0, out, outOffset, bands);
        }

        private final float[] bandBuffer = new float[bands];
    }

    /** Fills the band energies of every frame of {@code block}, one frame after another, as {@link #push} would. */
    public void transformFrames(FrameBlock block) {
        for (int f = 0; f < block.frames; f++) {
            spectrum.bands(block.windowed, f * WINDOW, block.energies, f * bands);
        }
    }

    /**
     * Frames of a block, in three steps that can be timed apart (the providers' per-stage breakdown): {@link #pushFrames}
     * (resampling, windowing), {@link #transformFrames} (spectrum and filterbank) and {@link #finishFrames} (log and
     * difference, in frame order). The result equals {@link #push}'s frame for frame.
     */
    public static final class FrameBlock {
        /** The windowed samples of all frames, {@link #WINDOW} per frame. */
        float[] windowed = new float[0];
        /** Band energies, {@code bands} per frame, filled by {@link #transformFrames}. */
        float[] energies = new float[0];
        int frames;
        long firstFrame;

        public int frames() {
            return frames;
        }

        /** Empties the block; the next frames pushed start it. */
        public void clear() {
            frames = 0;
        }
    }

    /** Like {@link #push}, but each completed frame is only windowed into {@code block}; returns the frame count. */
    public int pushFrames(float[] samples, int offset, int count, FrameBlock block) {
        append(samples, offset, count);
        int frames = 0;
        for (int at = nextWindowOffset(); at >= 0; at = nextWindowOffset()) {
            if (block.frames == 0) {
                block.firstFrame = nextFrame;
            }
            if ((block.frames + 1) * WINDOW > block.windowed.length) {
                int capacity = Math.max(64, 2 * (block.frames + 1));
                block.windowed = java.util.Arrays.copyOf(block.windowed, capacity * WINDOW);
                block.energies = java.util.Arrays.copyOf(block.energies, capacity * bands);
            }
            int dst = block.frames * WINDOW;
            for (int n = 0; n < WINDOW; n++) {
                block.windowed[dst + n] = signal[at + n] * window[n];
            }
            block.frames++;
            nextFrame++;
            frames++;
        }
        return frames;
    }

    /** Hands the block's frames, whose energies are filled, to {@code sink} in order, as {@link #push} would. */
    public void finishFrames(FrameBlock block, FrameSink sink) {
        for (int f = 0; f < block.frames; f++) {
            long index = block.firstFrame + f;
            finishFrame(block.energies, f * bands, index);
            sink.frame(index, features);
        }
    }
}
