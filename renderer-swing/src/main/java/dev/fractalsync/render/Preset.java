package dev.fractalsync.render;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A look: lighting, colour and how much the picture moves with the music. Chosen with {@code --preset NAME} or the
 * number keys in the window; the section, beat and hazard drive every look the same way, the preset scales them.
 *
 * @param floor          background brightness at full section energy
 * @param hueSpread      hue turns of the exterior ramp
 * @param glow           boundary glow strength
 * @param glowWidthPx    glow falloff in output pixels
 * @param interiorLight  interior brightness
 * @param interiorHue    interior hue relative to the exterior, in turns
 * @param trapWeight     orbit-trap ripple of the interior
 * @param saturation     saturation multiplier
 * @param hueShift       added to every section hue, in turns
 * @param sectionHue     how far the section's hue moves the palette (1 = the full section colour wheel, 0 = none)
 * @param turnsPerBar    view rotation per bar of four beats (signed)
 * @param phraseZoom     depth of the zoom arc over a phrase of eight bars (0 = none)
 */
public record Preset(String name, double floor, double hueSpread, double glow, double glowWidthPx,
                     double interiorLight, double interiorHue, double trapWeight, double saturation, double hueShift,
                     double sectionHue, double turnsPerBar, double phraseZoom) {

    /** Saturated neon on a coloured background, strong glow (the default). */
    public static final Preset NEON = new Preset("neon", 0.30, 1.1, 0.7, 3.0, 0.75, 0.45, 0.5, 1.0, 0.0, 1.0, 0.02,
            0.35);
    /** Warm embers: orange and red, a darker background, wide soft glow. */
    public static final Preset EMBER = new Preset("ember", 0.24, 0.3, 0.8, 6.0, 0.65, 0.55, 0.8, 0.95, 0.02, 0.12,
            -0.015, 0.25);
    /** Pale ice: low saturation, bright background, thin crisp glow, slow motion. */
    public static final Preset ICE = new Preset("ice", 0.42, 0.5, 0.6, 1.8, 0.85, 0.35, 0.3, 0.45, 0.55, 0.15, 0.01,
            0.2);
    /** Psychedelic: wide hue ramp, fast rotation, deep phrase zoom. */
    public static final Preset ACID = new Preset("acid", 0.34, 2.6, 0.7, 2.5, 0.8, 0.25, 1.2, 1.0, 0.2, 1.0, 0.05,
            0.55);

    private static final Preset[] ALL = {NEON, EMBER, ICE, ACID};

    /** All presets in key order (1, 2, 3, ...). */
    public static Preset[] all() {
        return ALL.clone();
    }

    /** The preset called {@code name} (case-insensitive), or a clear error listing the valid names. */
    public static Preset named(String name) {
        for (Preset p : ALL) {
            if (p.name.equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; valid presets: " + names());
    }

    /** Comma-separated preset names. */
    public static String names() {
        return Arrays.stream(ALL).map(Preset::name).collect(Collectors.joining(", "));
    }

    /** The preset after this one, wrapping around. */
    public Preset next() {
        for (int i = 0; i < ALL.length; i++) {
            if (ALL[i] == this) {
                return ALL[(i + 1) % ALL.length];
            }
        }
        return NEON;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
