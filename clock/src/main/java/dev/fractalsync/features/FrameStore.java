package dev.fractalsync.features;

import dev.fractalsync.api.FeatureWindow;

/**
 * Producer/consumer store of fixed-width frames. The producer {@link #append}s exactly one frame per hop; consumers
 * read windows of the last T frames without advancing anything, so what a consumer sees does not depend on how
 * often it (or anyone else) polls. Frames before the start of the stream read as zeros. Single-threaded: producer
 * and consumers run on the slow-clock thread.
 */
public final class FrameStore {
    private final int capacity;
    private final int width;
    private final float[] ring;
    private long count;

    public FrameStore(int capacity, int width) {
        if (capacity < 1 || width < 1) {
            throw new IllegalArgumentException("capacity and width must be positive");
        }
        this.capacity = capacity;
        this.width = width;
        this.ring = new float[capacity * width];
    }

    /** Appends one frame (copied). */
    public void append(float[] frame) {
        if (frame.length != width) {
            throw new IllegalArgumentException("frame must have " + width + " values, got " + frame.length);
        }
        System.arraycopy(frame, 0, ring, (int) (count % capacity) * width, width);
        count++;
    }

    /** Frames appended so far. */
    public long count() {
        return count;
    }

    public int width() {
        return width;
    }

    /** The value of feature {@code f} in absolute frame {@code index} (0 for frames not yet or no longer stored). */
    public float valueAt(long index, int f) {
        if (index < 0 || index >= count || index < count - capacity) {
            return 0f;
        }
        return ring[(int) (index % capacity) * width + f];
    }

    /** A live view of the last {@code frames} frames, oldest first, ending at the newest frame. */
    public FeatureWindow window(int frames) {
        if (frames < 1 || frames > capacity) {
            throw new IllegalArgumentException("window of " + frames + " frames does not fit capacity " + capacity);
        }
        return new Window(frames);
    }

    /**
     * A fixed view of the {@code frames} frames that end at absolute frame count {@code end} (a past newest frame),
     * for work that runs behind the producer: it stays correct while no more than {@code capacity - frames} frames
     * are appended after {@code end}.
     */
    public FeatureWindow windowEndingAt(long end, int frames) {
        if (frames < 1 || frames > capacity) {
            throw new IllegalArgumentException("window of " + frames + " frames does not fit capacity " + capacity);
        }
        if (end > count || end < count - (capacity - frames)) {
            throw new IllegalArgumentException("a window ending at frame " + end + " is not stored (count " + count
                    + ", capacity " + capacity + ")");
        }
        return new Window(frames, end);
    }

    /** Copies the last {@code frames} frames row-major into {@code dst} (zeros before the stream start). */
    public void copyWindow(int frames, float[] dst) {
        window(frames).copyTo(dst, 0);
    }

    public void reset() {
        java.util.Arrays.fill(ring, 0f);
        count = 0;
    }

    private final class Window implements FeatureWindow {
        private final int frames;
        /** Absolute frame count the view ends at; -1 follows the newest frame. */
        private final long fixedEnd;

        Window(int frames) {
            this(frames, -1);
        }

        Window(int frames, long fixedEnd) {
            this.frames = frames;
            this.fixedEnd = fixedEnd;
        }

        private long end() {
            return fixedEnd < 0 ? count : fixedEnd;
        }

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
            if (frame < 0 || frame >= frames || feature < 0 || feature >= width) {
                throw new IndexOutOfBoundsException("(" + frame + ", " + feature + ") outside " + frames + "x" + width);
            }
            return valueAt(end() - frames + frame, feature);
        }

        @Override
        public void copyTo(float[] dst, int offset) {
            long first = end() - frames;
            for (int t = 0; t < frames; t++) {
                long idx = first + t;
                if (idx < 0) {
                    java.util.Arrays.fill(dst, offset + t * width, offset + (t + 1) * width, 0f);
                } else {
                    System.arraycopy(ring, (int) (idx % capacity) * width, dst, offset + t * width, width);
                }
            }
        }
    }
}
