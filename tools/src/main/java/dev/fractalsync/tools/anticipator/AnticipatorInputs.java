package dev.fractalsync.tools.anticipator;

import dev.fractalsync.structure.context.SongContext;
import dev.fractalsync.tools.dataset.Track;

/**
 * The network input of one hop, exactly as the exported graph computes it from {@code audio_window},
 * {@code beat_window} and {@code song_context}: the {@link WindowPooling} of the window with the song's running
 * mean audio frame subtracted from every audio frame (timbre and level relative to the song so far), followed by
 * the song-context features after the song mean. The context comes from running the runtime {@link SongContext}
 * over the track's frames, so training sees what the provider computes.
 */
public final class AnticipatorInputs {
    private final WindowPooling pooling;

    public AnticipatorInputs(WindowPooling pooling) {
        if (pooling.audioWidth() != SongContext.AUDIO || pooling.beatWidth() != SongContext.BEAT
                || (pooling.pitchWidth() != 0 && pooling.pitchWidth() != SongContext.PITCH)) {
            throw new IllegalArgumentException("song context needs " + SongContext.AUDIO + " audio, " + SongContext.BEAT
                    + " beat and 0 or " + SongContext.PITCH + " pitch features, got " + pooling.audioWidth() + ", "
                    + pooling.beatWidth() + " and " + pooling.pitchWidth());
        }
        this.pooling = pooling;
    }

    public WindowPooling pooling() {
        return pooling;
    }

    /** Context features after the song means. */
    public static int contextTail() {
        return SongContext.SIZE - SongContext.MEANS;
    }

    public int size() {
        return pooling.outputSize() + contextTail();
    }

    /** Per-track precomputation: window prefix sums and the context after every hop. */
    public Prepared prepare(Track track) {
        double[] prefix = pooling.prefixSums(track); // first: it refuses a track without the pitch frames the model needs
        int n = track.hops();
        float[] ctx = new float[n * SongContext.SIZE];
        SongContext context = new SongContext();
        for (int h = 0; h < n; h++) {
            context.push(track.audioFeatures(), h * SongContext.AUDIO, track.beatFeatures(), h * SongContext.BEAT,
                    pooling.pitchWidth() > 0 ? track.pitchFeatures() : null, h * SongContext.PITCH);
            System.arraycopy(context.features(), 0, ctx, h * SongContext.SIZE, SongContext.SIZE);
        }
        return new Prepared(prefix, ctx);
    }

    /** The input of hop {@code hop} of a prepared track. */
    public void input(Prepared track, int hop, double[] x) {
        pooling.pool(track.prefix(), hop, x);
        applyContext(track.context(), hop * SongContext.SIZE, x);
    }

    /**
     * Subtracts the song means from the audio and pitch parts of every pooled block and appends the context tail
     * (the features after the means).
     */
    private void applyContext(float[] context, int offset, double[] x) {
        int w = pooling.width();
        int blocks = pooling.outputSize() / w;
        int pitchAt = SongContext.AUDIO + SongContext.BEAT;
        for (int b = 0; b < blocks; b++) {
            for (int f = 0; f < SongContext.AUDIO; f++) {
                x[b * w + f] -= context[offset + f];
            }
            for (int c = 0; c < pooling.pitchWidth(); c++) {
                x[b * w + pitchAt + c] -= context[offset + SongContext.AUDIO + c];
            }
        }
        for (int j = 0; j < contextTail(); j++) {
            x[pooling.outputSize() + j] = context[offset + SongContext.MEANS + j];
        }
    }

    /** The input from row-major runtime windows (oldest first) and context features: the provider's view, for parity checks. */
    public void input(float[] audioWindow, float[] beatWindow, float[] context, double[] x) {
        pooling.pool(audioWindow, beatWindow, x);
        applyContext(context, 0, x);
    }

    /** As above with a pitch window. */
    public void input(float[] audioWindow, float[] beatWindow, float[] pitchWindow, float[] context, double[] x) {
        pooling.pool(audioWindow, beatWindow, pitchWindow, x);
        applyContext(context, 0, x);
    }

    public record Prepared(double[] prefix, float[] context) {
    }
}
