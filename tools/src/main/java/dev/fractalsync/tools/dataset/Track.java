package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.Horizons;

/**
 * One track of the training set on the contract clock, N hops: F_audio feature frames, F_beat beat features, the
 * section label per hop and the hazard targets per hop and horizon (see {@link HopTargets}).
 *
 * @param name           base name of the track (audio/label file name without extension, or {@code synth-SEED})
 * @param split          {@code train} or {@code heldout}
 * @param audioFeatures  row-major [N, audioWidth]
 * @param beatFeatures   row-major [N, F_beat]
 * @param ySection       [N] label index in contract order
 * @param yHazard        row-major [N, K] of 0/1
 * @param deltaBeatsNext [N] beats to the next boundary, +Infinity after the last one
 * @param pitchWidth     F_pitch, 0 for a dataset built before pitch frames (format version 1)
 * @param pitchFeatures  row-major [N, pitchWidth] chroma frames
 */
public record Track(String name, String split, int audioWidth, float[] audioFeatures, float[] beatFeatures,
                    byte[] ySection, byte[] yHazard, float[] deltaBeatsNext, int pitchWidth, float[] pitchFeatures) {
    public static final String TRAIN = "train";
    public static final String HELDOUT = "heldout";

    public Track {
        int n = ySection.length;
        if (audioFeatures.length != n * audioWidth || beatFeatures.length != n * BeatFeatures.SIZE
                || yHazard.length != n * Horizons.COUNT || deltaBeatsNext.length != n || pitchWidth < 0
                || pitchFeatures.length != n * pitchWidth) {
            throw new IllegalArgumentException("track " + name + ": arrays disagree on the hop count " + n);
        }
        if (!TRAIN.equals(split) && !HELDOUT.equals(split)) {
            throw new IllegalArgumentException("track " + name + ": split must be train or heldout, got " + split);
        }
    }

    /** A track without pitch frames. */
    public Track(String name, String split, int audioWidth, float[] audioFeatures, float[] beatFeatures,
                 byte[] ySection, byte[] yHazard, float[] deltaBeatsNext) {
        this(name, split, audioWidth, audioFeatures, beatFeatures, ySection, yHazard, deltaBeatsNext, 0, new float[0]);
    }

    public int hops() {
        return ySection.length;
    }

    /** The targets as a {@link Track} needs them, from {@link HopTargets}. */
    public static Track of(String name, String split, int audioWidth, float[] audio, float[] beat, HopTargets targets) {
        return of(name, split, audioWidth, audio, beat, 0, new float[0], targets);
    }

    /** As above, with pitch frames. */
    public static Track of(String name, String split, int audioWidth, float[] audio, float[] beat, int pitchWidth,
                           float[] pitch, HopTargets targets) {
        int n = targets.hops();
        byte[] hazard = new byte[n * Horizons.COUNT];
        for (int t = 0; t < n; t++) {
            System.arraycopy(targets.yHazard()[t], 0, hazard, t * Horizons.COUNT, Horizons.COUNT);
        }
        return new Track(name, split, audioWidth, audio, beat, targets.ySection(), hazard, targets.deltaBeatsNext(),
                pitchWidth, pitch);
    }
}
