package dev.fractalsync.api;

/**
 * A read-only window of feature frames, oldest first: {@code frames()} rows of {@code width()} values. Reading
 * never advances the producer. Rows before the start of the stream read as zeros. A view valid during the call
 * it is passed to.
 */
public interface FeatureWindow {
    int frames();

    int width();

    float get(int frame, int feature);

    /** Copies the window row-major into {@code dst[offset .. offset + frames*width)}. */
    default void copyTo(float[] dst, int offset) {
        int w = width();
        for (int t = 0; t < frames(); t++) {
            for (int f = 0; f < w; f++) {
                dst[offset + t * w + f] = get(t, f);
            }
        }
    }

    /** A window over a row-major array (no copy). */
    static FeatureWindow of(float[] rowMajor, int frames, int width) {
        if (rowMajor.length != frames * width) {
            throw new IllegalArgumentException("window needs " + frames * width + " values, got " + rowMajor.length);
        }
        return new FeatureWindow() {
            @Override
            public int frames() {
                return frames;
            }

            @Override
            public int width() {
                return width;
            }

            @Override
            public float get(int frame, int feature) {
                return rowMajor[frame * width + feature];
            }
        };
    }
}
