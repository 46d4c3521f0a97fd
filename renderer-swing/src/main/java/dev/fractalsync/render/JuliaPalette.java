package dev.fractalsync.render;

import java.awt.Color;
import java.util.List;

/**
 * Colour lookup for the Julia kernels, rebuilt once per frame so that the per-pixel cost is a few table reads:
 * <ul>
 *     <li>exterior: the normalized smooth iteration count s in [0,1] through a hue/brightness ramp (contrast exponent,
 *     hue offset, saturation and the beat-driven cycle phase baked in), plus a glow that falls off with the
 *     distance estimate in pixels;</li>
 *     <li>interior: a cyclic ramp over a shading coordinate in turns (final-z angle plus orbit trap) instead of one
 *     flat colour.</li>
 * </ul>
 */
public final class JuliaPalette {
    /** Table resolution over s in [0,1] (and over one turn of the interior coordinate); a power of two. */
    public static final int SIZE = 2048;
    /** Glow table steps per pixel of distance estimate, and its reach in pixels. */
    static final int GLOW_STEPS_PER_PX = 8;
    private static final int GLOW_REACH_PX = 64;

    /**
     * How the frame is lit, beyond the hue ramp.
     *
     * @param floor          brightness of the far exterior in [0,1] (the background)
     * @param hueSpread      hue turns covered by the exterior ramp from s = 0 to 1
     * @param glow           strength of the boundary glow (0 = none, 1 = saturating at the boundary)
     * @param glowWidthPx    distance in pixels over which the glow falls to 1/e
     * @param interiorLight  brightness of the interior shading in [0,1]
     * @param interiorHue    interior hue relative to the exterior's, in turns
     * @param trapWeight     how strongly the orbit trap (closest approach to 0) ripples the interior
     */
    public record Shading(double floor, double hueSpread, double glow, double glowWidthPx, double interiorLight,
                          double interiorHue, double trapWeight) {
        /** The look of the scalar reference kernel: dark background, no glow, a dim interior. */
        public static final Shading CLASSIC = new Shading(0.08, 1.6, 0.0, 1.0, 0.2, 0.5, 0.0);
    }

    private final int[] table = new int[SIZE];
    private final int[] interiorTable = new int[SIZE];
    /** {@code table} followed by {@code interiorTable}. */
    private final int[] exteriorThenInteriorTable = new int[2 * SIZE];
    private final int[] glowTable = new int[GLOW_STEPS_PER_PX * GLOW_REACH_PX];
    /** Per glow step the glow's RGB increment, packed; one more entry, 0, for steps past the reach. */
    private final int[] glowColourTable = new int[glowTable.length + 1];
    /** Table entries of the gradient between two colour stops. */
    private static final int GRADIENT_STEPS = 256;
    private List<Integer> gradient = List.of();
    /** The gradient, GRADIENT_STEPS entries per stop, in HSB. */
    private float[][] stopHsb = new float[0][];
    private int glowRed;
    private int glowGreen;
    private int glowBlue;
    private int interior;
    private double trapWeight;

    public JuliaPalette() {
        update(0.0, 0.8, 1.0, 0.0);
    }

    /** Rebuilds the tables with the {@link Shading#CLASSIC} lighting. */
    public void update(double hueOffset, double saturation, double contrast, double cyclePhase) {
        update(hueOffset, saturation, contrast, cyclePhase, Shading.CLASSIC);
    }

    /**
     * Rebuilds the tables.
     *
     * @param hueOffset  palette rotation in turns
     * @param saturation HSB saturation in [0,1]
     * @param contrast   exponent on s (values &lt; 1 brighten the far exterior, &gt; 1 concentrate colour at the set)
     * @param cyclePhase extra hue rotation in turns, advanced with the beat
     * @param shading    background, glow and interior lighting
     */
    public void update(double hueOffset, double saturation, double contrast, double cyclePhase, Shading shading) {
        update(hueOffset, saturation, contrast, cyclePhase, shading, List.of());
    }

    /**
     * Rebuilds the tables with the hue wheel replaced by a cyclic gradient through {@code colours} (0xRRGGBB stops,
     * evenly spaced over one turn; empty: the wheel). A hue in turns becomes a place on the gradient, and the lighting
     * scales the colour there as it scales the wheel's: its saturation by the saturation, its brightness by the
     * brightness.
     */
    public void update(double hueOffset, double saturation, double contrast, double cyclePhase, Shading shading,
                       List<Integer> colours) {
        if (!colours.equals(gradient)) {
            gradient = List.copyOf(colours);
            stopHsb = new float[gradient.size() * GRADIENT_STEPS][];
            for (int i = 0; i < stopHsb.length; i++) {
                int a = gradient.get(i / GRADIENT_STEPS);
                int b = gradient.get((i / GRADIENT_STEPS + 1) % gradient.size());
                double f = (double) (i % GRADIENT_STEPS) / GRADIENT_STEPS;
                stopHsb[i] = Color.RGBtoHSB(mix(a >> 16 & 0xff, b >> 16 & 0xff, f), mix(a >> 8 & 0xff, b >> 8 & 0xff, f),
                        mix(a & 0xff, b & 0xff, f), null);
            }
        }
        double sat = clamp01(saturation);
        double exponent = Math.max(0.05, contrast);
        double shift = hueOffset + cyclePhase;
        double floor = clamp01(shading.floor());
        for (int i = 0; i < SIZE; i++) {
            double s = (double) i / (SIZE - 1);
            double t = Math.pow(s, exponent);
            double hue = shift + shading.hueSpread() * t;
            // Background at the floor, rising towards the set boundary, where it saturates into a glow.
            double bright = Math.min(1.0, floor + (1.0 - floor) * 2.8 * t);
            double s2 = sat * (1.0 - 0.55 * t * t);
            table[i] = colourAt(frac(hue), (float) s2, (float) bright);
        }
        double interiorLight = clamp01(shading.interiorLight());
        for (int i = 0; i < SIZE; i++) {
            double u = 2 * Math.PI * i / SIZE;
            double hue = shift + shading.interiorHue() + 0.12 * Math.sin(u);
            double bright = interiorLight * (0.62 + 0.38 * Math.cos(u));
            interiorTable[i] = colourAt(frac(hue), (float) (0.85 * sat), (float) bright);
        }
        System.arraycopy(table, 0, exteriorThenInteriorTable, 0, SIZE);
        System.arraycopy(interiorTable, 0, exteriorThenInteriorTable, SIZE, SIZE);
        double glow = Math.max(0.0, shading.glow());
        double width = Math.max(0.05, shading.glowWidthPx());
        for (int i = 0; i < glowTable.length; i++) {
            double px = (i + 0.5) / GLOW_STEPS_PER_PX;
            glowTable[i] = (int) Math.round(256 * Math.min(1.0, glow * Math.exp(-px / width)));
        }
        // The glow is the exterior hue near the set, lightened towards white.
        int rim = colourAt(frac(shift + shading.hueSpread() * 0.8), (float) (0.7 * sat), 1f);
        glowRed = rim >> 16 & 0xff;
        glowGreen = rim >> 8 & 0xff;
        glowBlue = rim & 0xff;
        for (int i = 0; i < glowTable.length; i++) {
            int g = glowTable[i];
            glowColourTable[i] = (glowRed * g >> 8) << 16 | (glowGreen * g >> 8) << 8 | (glowBlue * g >> 8);
        }
        double ih = shift + shading.interiorHue();
        interior = colourAt(frac(ih), (float) (0.7 * sat), (float) (interiorLight * 0.62));
        trapWeight = shading.trapWeight();
    }

    /** The wheel's, or the gradient's, colour at hue {@code hue} (turns) lit by saturation and brightness. */
    private int colourAt(float hue, float saturation, float brightness) {
        if (gradient.isEmpty()) {
            return Color.HSBtoRGB(hue, saturation, brightness);
        }
        float[] hsb = stopHsb[Math.min(stopHsb.length - 1, (int) (hue * stopHsb.length))];
        return Color.HSBtoRGB(hsb[0], hsb[1] * Math.min(1f, saturation), hsb[2] * brightness);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    private static float frac(double x) {
        return (float) (x - Math.floor(x));
    }

    private static double clamp01(double x) {
        return Math.max(0.0, Math.min(1.0, x));
    }

    /** Flat colour of points that never escape (the scalar reference kernel's interior). */
    public int interior() {
        return interior;
    }

    /** The exterior table, indexed by {@code (int)(s * (SIZE - 1))}; read-only for callers. */
    int[] table() {
        return table;
    }

    /** Exterior colour of normalized smooth count {@code s}, clamped into [0,1] (no glow). */
    public int colour(double s) {
        int idx = (int) (Math.max(0.0, Math.min(1.0, s)) * (SIZE - 1));
        return table[idx];
    }

    /** Exterior colour of normalized smooth count {@code s} at {@code distancePx} pixels from the set. */
    public int exteriorColour(double s, double distancePx) {
        int idx = (int) (s * (SIZE - 1));
        return exteriorColourAt(idx < 0 ? 0 : (idx >= SIZE ? SIZE - 1 : idx), (int) (distancePx * GLOW_STEPS_PER_PX));
    }

    /**
     * Exterior colour from a table index in [0, SIZE) and a glow step ({@link #GLOW_STEPS_PER_PX} per pixel of
     * distance; past the glow's reach, or negative, no glow).
     */
    int exteriorColourAt(int index, int step) {
        int base = table[index];
        if (step >= glowTable.length || step < 0) {
            return base;
        }
        int g = glowTable[step];
        int r = Math.min(255, (base >> 16 & 0xff) + (glowRed * g >> 8));
        int gr = Math.min(255, (base >> 8 & 0xff) + (glowGreen * g >> 8));
        int b = Math.min(255, (base & 0xff) + (glowBlue * g >> 8));
        return 0xff000000 | r << 16 | gr << 8 | b;
    }

    /** Interior colour at shading coordinate {@code turns} (cyclic, any real value). */
    public int interiorColour(double turns) {
        return interiorColourAt((int) ((turns - Math.floor(turns)) * SIZE));
    }

    /**
     * The glow's packed RGB increments by glow step: adding one to the exterior colour at a table index channel by channel,
     * saturating at 255, gives {@link #exteriorColourAt}; the last entry (index {@code length - 1}, 0) stands for
     * every step past the reach.
     */
    int[] glowColourTable() {
        return glowColourTable;
    }

    /**
     * The exterior table (index as {@link #exteriorColourAt}) followed by the interior one (SIZE + ring index modulo
     * SIZE, see {@link #interiorColourAt}); read-only.
     */
    int[] exteriorThenInteriorTable() {
        return exteriorThenInteriorTable;
    }

    /** Interior colour at a ring index, taken modulo SIZE. */
    int interiorColourAt(int index) {
        return interiorTable[index & (SIZE - 1)];
    }

    /** Weight of the orbit trap's radius in the interior shading coordinate (turns per unit of |z|). */
    double trapWeight() {
        return trapWeight;
    }
}
