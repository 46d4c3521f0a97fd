package dev.fractalsync.api;

/**
 * One hop of mono PCM on the contract clock (48 kHz, 1024 samples), as handed to a beat clock provider.
 * <p>
 * A view, not a copy: the host reuses the backing buffer for the next hop, so a provider must copy any samples it
 * wants to keep past the call. Samples are finite floats, nominally in [-1, 1].
 */
public final class AudioHop {
    private final float[] samples;
    private long index;
    private double tSec;

    /** Wraps a buffer that the owner refills and re-stamps with {@link #advance(long, double)}. */
    public AudioHop(float[] samples) {
        this.samples = samples;
    }

    /** A standalone hop (copies the samples). */
    public static AudioHop of(long index, double tSec, float[] samples) {
        AudioHop h = new AudioHop(samples.clone());
        h.advance(index, tSec);
        return h;
    }

    /** Stamps the buffer as hop {@code index}; the owner has just written the new samples. */
    public void advance(long index, double tSec) {
        this.index = index;
        this.tSec = tSec;
    }

    /** Zero-based hop number. */
    public long index() {
        return index;
    }

    /** Stream time, in seconds, of the end of this hop (the instant the state describes). */
    public double tSec() {
        return tSec;
    }

    public int length() {
        return samples.length;
    }

    public float sample(int i) {
        return samples[i];
    }

    public void copyTo(float[] dst, int offset) {
        System.arraycopy(samples, 0, dst, offset, samples.length);
    }
}
