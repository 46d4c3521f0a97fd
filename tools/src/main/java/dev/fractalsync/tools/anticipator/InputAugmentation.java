package dev.fractalsync.tools.anticipator;

import dev.fractalsync.structure.context.SongContext;

import java.util.SplittableRandom;

/**
 * Training-time changes to a sample's inputs that imitate an arranger the training songs do not have, so that the
 * network cannot lean on one family's way of marking a section:
 * <ul>
 *   <li><b>channel dropout</b>: each input channel (one F_audio, F_beat or F_pitch feature across every pooled block,
 *   or one song-context feature) is replaced, with probability {@code channelDropout}, by its training mean, as if
 *   the song had no such cue (solo piano has no drums, a pad has no onsets);</li>
 *   <li><b>contrast jitter</b>: each F_audio and F_pitch channel, which the network sees relative to the song's mean
 *   frame, is scaled by {@code exp(N(0, contrastJitter²))}, as if an arranger changed that cue between sections more
 *   or less than ours do.</li>
 * </ul>
 * The exported graph never applies it. With both at 0 it draws nothing, so training is unchanged.
 */
public record InputAugmentation(double channelDropout, double contrastJitter) {
    public static final InputAugmentation NONE = new InputAugmentation(0, 0);

    public InputAugmentation {
        if (!(channelDropout >= 0 && channelDropout < 1) || !(contrastJitter >= 0 && contrastJitter <= 2)) {
            throw new IllegalArgumentException("channel dropout must be in [0, 1) and contrast jitter in [0, 2], got "
                    + channelDropout + " and " + contrastJitter);
        }
    }

    public boolean active() {
        return channelDropout > 0 || contrastJitter > 0;
    }

    /**
     * Augments {@code x}, the input of one hop as {@link AnticipatorInputs#input} wrote it, in place.
     *
     * @param mean the per-input standardization mean, which a dropped channel takes
     */
    public void apply(double[] x, double[] mean, WindowPooling pooling, SplittableRandom rnd) {
        if (!active()) {
            return;
        }
        int width = pooling.width();
        int pooled = pooling.outputSize();
        int blocks = pooled / width;
        int pitchFrom = SongContext.AUDIO + SongContext.BEAT;
        for (int c = 0; c < width; c++) {
            if (channelDropout > 0 && rnd.nextDouble() < channelDropout) {
                for (int b = 0; b < blocks; b++) {
                    x[b * width + c] = mean[b * width + c];
                }
            } else if (contrastJitter > 0 && (c < SongContext.AUDIO || c >= pitchFrom)) {
                double gain = Math.exp(contrastJitter * rnd.nextGaussian());
                for (int b = 0; b < blocks; b++) {
                    x[b * width + c] *= gain;
                }
            }
        }
        if (channelDropout > 0) {
            for (int i = pooled; i < x.length; i++) {
                if (rnd.nextDouble() < channelDropout) {
                    x[i] = mean[i];
                }
            }
        }
    }
}
