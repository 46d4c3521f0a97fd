package dev.fractalsync.render;

import java.awt.Color;

/**
 * Colour lookup for the Julia kernel: maps the normalized smooth iteration count s in [0,1] to ARGB. The contrast
 * exponent, hue offset, saturation and the beat-driven cycle phase are baked into the table once per frame, so the
 * per-pixel cost is one multiply and one array read.
 */
public final class JuliaPalette {
    /** Table resolution over s in [0,1]. */
    public static final int SIZE = 2048;
    /** Hue turns covered from s = 0 to s = 1 (after the contrast exponent). */
    private static final double HUE_SPREAD = 1.6;

    private final int[] table = new int[SIZE];
    private int interior;

    public JuliaPalette() {
        update(0.0, 0.8, 1.0, 0.0);
    }

    /**
     * Rebuilds the table.
     *
     * @param hueOffset  palette rotation in turns
     * @param saturation HSB saturation in [0,1]
     * @param contrast   exponent on s (values &lt; 1 brighten the far exterior, &gt; 1 concentrate colour at the set)
     * @param cyclePhase extra hue rotation in turns, advanced with the beat
     */
    public void update(double hueOffset, double saturation, double contrast, double cyclePhase) {
        double sat = Math.max(0.0, Math.min(1.0, saturation));
        double exponent = Math.max(0.05, contrast);
        double shift = hueOffset + cyclePhase;
        for (int i = 0; i < SIZE; i++) {
            double s = (double) i / (SIZE - 1);
            double t = Math.pow(s, exponent);
            double hue = shift + HUE_SPREAD * t;
            // Dark far outside, rising towards the set boundary, where it saturates into a glow.
            double bright = Math.min(1.0, 0.08 + 2.6 * t);
            double s2 = sat * (1.0 - 0.55 * t * t);
            table[i] = Color.HSBtoRGB((float) (hue - Math.floor(hue)), (float) s2, (float) bright);
        }
        double ih = shift + 0.5;
        interior = Color.HSBtoRGB((float) (ih - Math.floor(ih)), (float) (0.7 * sat), 0.2f);
    }

    /** Colour of points that never escape (filled Julia set). */
    public int interior() {
        return interior;
    }

    /** The table, indexed by {@code (int)(s * (SIZE - 1))}; read-only for callers. */
    int[] table() {
        return table;
    }

    /** Colour of normalized smooth count {@code s}, clamped into [0,1]. */
    public int colour(double s) {
        int idx = (int) (Math.max(0.0, Math.min(1.0, s)) * (SIZE - 1));
        return table[idx];
    }
}
