package dev.fractalsync.audio;

/**
 * Decoded mono audio.
 *
 * @param samples         mono samples, finite, nominally in [-1, 1]
 * @param sampleRate      samples per second of {@code samples}
 * @param sanitizedCount  number of NaN/Inf input samples that were replaced by 0
 */
public record MonoAudio(float[] samples, int sampleRate, long sanitizedCount) {
    public double durationSeconds() {
        return (double) samples.length / sampleRate;
    }
}
