package dev.fractalsync.tools.anticipator;

import dev.fractalsync.tools.dataset.Track;

/**
 * The fixed (parameter-free) front end of the anticipator: the concatenated [T_slow, F_audio + F_beat + F_pitch] window is
 * averaged over blocks at two scales, newest frames last: {@value #COARSE_BLOCKS} blocks of {@value #COARSE_SIZE}
 * frames over the whole window, and {@value #FINE_BLOCKS} blocks of {@value #FINE_SIZE} frames over its newest
 * {@value #FINE_SIZE}·{@value #FINE_BLOCKS} frames. Flattened block-major ({@code block * width + feature}), coarse
 * first. Because it has no parameters, training computes it from prefix sums; the ONNX graph computes the same
 * thing with Reshape/Slice/ReduceMean.
 */
public final class WindowPooling {
    public static final int COARSE_SIZE = 16;
    public static final int COARSE_BLOCKS = 16;
    public static final int FINE_SIZE = 4;
    public static final int FINE_BLOCKS = 4;

    private final int frames;
    private final int audioWidth;
    private final int beatWidth;
    private final int pitchWidth;

    public WindowPooling(int frames, int audioWidth, int beatWidth) {
        this(frames, audioWidth, beatWidth, 0);
    }

    /** With {@code pitchWidth} pitch features after the beat features (0: none). */
    public WindowPooling(int frames, int audioWidth, int beatWidth, int pitchWidth) {
        if (frames != COARSE_SIZE * COARSE_BLOCKS) {
            throw new IllegalArgumentException("pooling is laid out for a " + COARSE_SIZE * COARSE_BLOCKS
                    + "-frame window, the contract says " + frames);
        }
        this.frames = frames;
        this.audioWidth = audioWidth;
        this.beatWidth = beatWidth;
        this.pitchWidth = pitchWidth;
    }

    public int pitchWidth() {
        return pitchWidth;
    }

    public int frames() {
        return frames;
    }

    public int audioWidth() {
        return audioWidth;
    }

    public int beatWidth() {
        return beatWidth;
    }

    public int width() {
        return audioWidth + beatWidth + pitchWidth;
    }

    public int outputSize() {
        return (COARSE_BLOCKS + FINE_BLOCKS) * width();
    }

    /** Running sums of one track's concatenated frames: {@code sums[(t+1)*width + f] = Σ_{u<=t} x[u][f]}. */
    public double[] prefixSums(Track track) {
        int w = width();
        int n = track.hops();
        double[] sums = new double[(n + 1) * w];
        float[] audio = track.audioFeatures();
        float[] beat = track.beatFeatures();
        float[] pitch = track.pitchFeatures();
        if (pitchWidth > 0 && track.pitchWidth() != pitchWidth) {
            throw new IllegalArgumentException("track " + track.name() + " has " + track.pitchWidth()
                    + " pitch features, the model needs " + pitchWidth + ": rebuild its dataset with this version (fractalsync dataset)");
        }
        int pitchAt = audioWidth + beatWidth;
        for (int t = 0; t < n; t++) {
            int row = (t + 1) * w;
            int prev = t * w;
            for (int f = 0; f < audioWidth; f++) {
                sums[row + f] = sums[prev + f] + audio[t * audioWidth + f];
            }
            for (int f = 0; f < beatWidth; f++) {
                sums[row + audioWidth + f] = sums[prev + audioWidth + f] + beat[t * beatWidth + f];
            }
            for (int f = 0; f < pitchWidth; f++) {
                sums[row + pitchAt + f] = sums[prev + pitchAt + f] + pitch[t * pitchWidth + f];
            }
        }
        return sums;
    }

    /**
     * Pooled input for the window whose newest frame is hop {@code t}; frames before the stream start are zeros,
     * as in a runtime {@link dev.fractalsync.api.FeatureWindow}.
     */
    public void pool(double[] prefix, int t, double[] out) {
        int w = width();
        int o = 0;
        o = poolScale(prefix, t, COARSE_SIZE, COARSE_BLOCKS, out, o, w);
        poolScale(prefix, t, FINE_SIZE, FINE_BLOCKS, out, o, w);
    }

    private static int poolScale(double[] prefix, int t, int size, int blocks, double[] out, int o, int w) {
        for (int j = 0; j < blocks; j++) {
            int first = t - (blocks - j) * size + 1; // inclusive hop index
            int last = first + size - 1;
            int hi = Math.max(0, last + 1);
            int lo = Math.max(0, first);
            for (int f = 0; f < w; f++) {
                out[o++] = (prefix[hi * w + f] - prefix[lo * w + f]) / size;
            }
        }
        return o;
    }

    /** Pooled input straight from row-major windows (oldest first), the runtime view; used to check parity. */
    public void pool(float[] audioWindow, float[] beatWindow, double[] out) {
        pool(audioWindow, beatWindow, new float[frames * pitchWidth], out);
    }

    /** As above with a pitch window. */
    public void pool(float[] audioWindow, float[] beatWindow, float[] pitchWindow, double[] out) {
        int w = width();
        int o = 0;
        o = poolWindow(audioWindow, beatWindow, pitchWindow, 0, COARSE_SIZE, COARSE_BLOCKS, out, o, w);
        poolWindow(audioWindow, beatWindow, pitchWindow, frames - FINE_SIZE * FINE_BLOCKS, FINE_SIZE, FINE_BLOCKS, out, o, w);
    }

    private int poolWindow(float[] audio, float[] beat, float[] pitch, int start, int size, int blocks, double[] out,
                           int o, int w) {
        int pitchAt = audioWidth + beatWidth;
        for (int j = 0; j < blocks; j++) {
            for (int f = 0; f < w; f++) {
                double s = 0;
                for (int t = start + j * size; t < start + (j + 1) * size; t++) {
                    s += f < audioWidth ? audio[t * audioWidth + f]
                            : f < pitchAt ? beat[t * beatWidth + f - audioWidth] : pitch[t * pitchWidth + f - pitchAt];
                }
                out[o++] = s / size;
            }
        }
        return o;
    }
}
