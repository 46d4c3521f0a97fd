package dev.fractalsync.render;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A look: lighting, colour and how much the picture moves with the music. Chosen with {@code --preset NAME|FILE} or
 * the number keys in the window; the section, beat and hazard drive every look the same way, the preset scales them.
 * Looks are JSON files ({@link PresetFile}); the four shipped ones are resources of this package.
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
    public static final Preset NEON = PresetFile.shipped("neon");
    /** Warm embers: orange and red, a darker background, wide soft glow. */
    public static final Preset EMBER = PresetFile.shipped("ember");
    /** Pale ice: low saturation, bright background, thin crisp glow, slow motion. */
    public static final Preset ICE = PresetFile.shipped("ice");
    /** Psychedelic: wide hue ramp, fast rotation, deep phrase zoom. */
    public static final Preset ACID = PresetFile.shipped("acid");

    private static final List<Preset> SHIPPED = List.of(NEON, EMBER, ICE, ACID);

    /** The shipped looks in key order (1, 2, 3, ...). */
    public static List<Preset> all() {
        return SHIPPED;
    }

    /** The look called {@code name} (case-insensitive) among {@code looks}, or a clear error listing their names. */
    public static Preset named(String name, List<Preset> looks) {
        for (Preset p : looks) {
            if (p.name.equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "'; valid presets: " + names(looks));
    }

    /** The shipped look called {@code name} (case-insensitive), or a clear error listing the valid names. */
    public static Preset named(String name) {
        return named(name, SHIPPED);
    }

    /** Comma-separated names of {@code looks}. */
    public static String names(List<Preset> looks) {
        return looks.stream().map(Preset::name).collect(Collectors.joining(", "));
    }

    /** The look after {@code current} in {@code looks}, wrapping around (the first when it is not among them). */
    public static Preset next(Preset current, List<Preset> looks) {
        int i = looks.indexOf(current);
        return looks.get((i + 1) % looks.size());
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT);
    }
}
