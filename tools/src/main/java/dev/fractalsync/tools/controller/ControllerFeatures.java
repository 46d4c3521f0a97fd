package dev.fractalsync.tools.controller;

import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;

/**
 * The flat input vector of the controller net, in the order the ONNX graph concatenates its inputs:
 * fast_features (T_fast x F_fast, row-major), beat_features, section_probs, hazard_probs, prev_control.
 */
public final class ControllerFeatures {
    public static final int T_FAST = 8;
    public static final int F_FAST = 22;
    public static final int FAST = T_FAST * F_FAST;
    public static final int BEAT_OFFSET = FAST;
    public static final int SECTION_OFFSET = BEAT_OFFSET + BeatFeatures.SIZE;
    public static final int HAZARD_OFFSET = SECTION_OFFSET + SectionLabel.COUNT;
    public static final int PREV_OFFSET = HAZARD_OFFSET + Horizons.COUNT;
    public static final int SIZE = PREV_OFFSET + ControlVector.SIZE;

    private ControllerFeatures() {
    }

    /** Writes {@code in} (with {@code structure} in place of the input's own) into {@code dst[0..SIZE)}. */
    public static void write(ControllerInput in, StructureState structure, float[] dst) {
        var fw = in.fastFeatures();
        if (fw.frames() != T_FAST || fw.width() != F_FAST) {
            throw new IllegalArgumentException("fast features must be " + T_FAST + "x" + F_FAST + ", got "
                    + fw.frames() + "x" + fw.width());
        }
        fw.copyTo(dst, 0);
        BeatFeatures.write(in.beat(), dst, BEAT_OFFSET);
        for (int i = 0; i < SectionLabel.COUNT; i++) {
            dst[SECTION_OFFSET + i] = (float) structure.sectionProb(i);
        }
        for (int k = 0; k < Horizons.COUNT; k++) {
            dst[HAZARD_OFFSET + k] = (float) structure.hazardProb(k);
        }
        in.previous().copyTo(dst, PREV_OFFSET);
    }

    /** Control value {@code v} of element {@code k} mapped to [0,1] by the contract bounds. */
    public static double normalize(int k, double v) {
        return (v - ControlVector.MIN[k]) / (ControlVector.MAX[k] - ControlVector.MIN[k]);
    }

    public static double denormalize(int k, double u) {
        return ControlVector.MIN[k] + u * (ControlVector.MAX[k] - ControlVector.MIN[k]);
    }
}
