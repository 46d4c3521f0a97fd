package dev.fractalsync.api;

/**
 * Per-frame control of the Julia renderer, produced by a controller at render cadence. Element order (for tensors)
 * is the declaration order, matching {@code control_vector} in the contract; bounds below are the contract's.
 *
 * @param dcRe          real part of Δc: the Julia parameter is {@code c = C_ANCHOR + Δc}, in [-1.5, 1.0]
 * @param dcIm          imaginary part of Δc, in [-1.2, 1.2]
 * @param hueOffset     palette rotation in turns of the hue wheel, [0, 1]
 * @param saturation    palette saturation, [0, 1]
 * @param contrast      exponent on the normalized smooth iteration count, [0.25, 4]
 * @param cycleSpeed    palette cycles per beat, [0, 4]
 * @param zoomPulse     fractional zoom added at the beat instant and decaying over the beat, [0, 1]
 * @param rotation      view rotation in radians, [-π, π]
 * @param iterationGain multiplier on the renderer's base iteration budget, [0.25, 4]
 */
public record ControlVector(
        double dcRe,
        double dcIm,
        double hueOffset,
        double saturation,
        double contrast,
        double cycleSpeed,
        double zoomPulse,
        double rotation,
        double iterationGain) {

    /** C in the contract. */
    public static final int SIZE = 9;
    /** Contract names in element order. */
    public static final String[] NAMES = {"dc_re", "dc_im", "hue_offset", "saturation", "contrast",
            "cycle_speed", "zoom_pulse", "rotation", "iteration_gain"};
    public static final double[] MIN = {-1.5, -1.2, 0.0, 0.0, 0.25, 0.0, 0.0, -3.141593, 0.25};
    public static final double[] MAX = {1.0, 1.2, 1.0, 1.0, 4.0, 4.0, 1.0, 3.141593, 4.0};
    /** Re and Im of the anchor that Δc is relative to. */
    public static final double C_ANCHOR_RE = -0.5;
    public static final double C_ANCHOR_IM = 0.0;

    public ControlVector {
        double[] v = {dcRe, dcIm, hueOffset, saturation, contrast, cycleSpeed, zoomPulse, rotation, iterationGain};
        for (int i = 0; i < SIZE; i++) {
            Checks.inClosed(NAMES[i], v[i], MIN[i], MAX[i]);
        }
    }

    /** A calm default: c on the main cardioid's edge region, neutral palette, no pulses. */
    public static ControlVector neutral() {
        return new ControlVector(-0.3, 0.6, 0.0, 0.8, 1.0, 0.5, 0.0, 0.0, 1.0);
    }

    /** Builds a vector from contract-ordered values, clamping each into its bounds and mapping NaN to the minimum. */
    public static ControlVector clamped(double[] v) {
        if (v.length != SIZE) {
            throw new IllegalArgumentException("control vector must have " + SIZE + " entries, got " + v.length);
        }
        double[] c = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double x = Double.isNaN(v[i]) ? MIN[i] : v[i];
            c[i] = Math.max(MIN[i], Math.min(MAX[i], x));
        }
        return fromArray(c);
    }

    public static ControlVector fromArray(double[] v) {
        if (v.length != SIZE) {
            throw new IllegalArgumentException("control vector must have " + SIZE + " entries, got " + v.length);
        }
        return new ControlVector(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    public double[] toArray() {
        return new double[]{dcRe, dcIm, hueOffset, saturation, contrast, cycleSpeed, zoomPulse, rotation, iterationGain};
    }

    /** Writes the contract-ordered values into {@code dst[offset..offset+SIZE)} without allocating. */
    public void copyTo(float[] dst, int offset) {
        dst[offset] = (float) dcRe;
        dst[offset + 1] = (float) dcIm;
        dst[offset + 2] = (float) hueOffset;
        dst[offset + 3] = (float) saturation;
        dst[offset + 4] = (float) contrast;
        dst[offset + 5] = (float) cycleSpeed;
        dst[offset + 6] = (float) zoomPulse;
        dst[offset + 7] = (float) rotation;
        dst[offset + 8] = (float) iterationGain;
    }

    /** Real part of the Julia parameter c. */
    public double cRe() {
        return C_ANCHOR_RE + dcRe;
    }

    /** Imaginary part of the Julia parameter c. */
    public double cIm() {
        return C_ANCHOR_IM + dcIm;
    }
}
