package dev.fractalsync.render;

import dev.fractalsync.api.CardioidMultiplier;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * @param colours        the palette's colour stops as 0xRRGGBB, a cyclic gradient that takes the hue wheel's place
 *                       (empty: the hue wheel)
 * @param cPath          where the Julia parameter c may go (the controller's path folded into these ranges)
 * @param gains          how much of each musical drive reaches the picture
 * @param response       the sensitivity curve: each drive's level in [0,1] through it, before the sensitivity and
 *                       the gains scale it
 */
public record Preset(String name, double floor, double hueSpread, double glow, double glowWidthPx,
                     double interiorLight, double interiorHue, double trapWeight, double saturation, double hueShift,
                     double sectionHue, double turnsPerBar, double phraseZoom, List<Integer> colours, CPath cPath,
                     Gains gains, ResponseCurve response) {

    public Preset {
        Objects.requireNonNull(name, "name");
        colours = List.copyOf(colours);
        Objects.requireNonNull(cPath, "cPath");
        Objects.requireNonNull(gains, "gains");
        Objects.requireNonNull(response, "response");
    }

    /** A look with the hue wheel, the controller's own c path, unit gains and the straight sensitivity curve. */
    public Preset(String name, double floor, double hueSpread, double glow, double glowWidthPx, double interiorLight,
                  double interiorHue, double trapWeight, double saturation, double hueShift, double sectionHue,
                  double turnsPerBar, double phraseZoom) {
        this(name, floor, hueSpread, glow, glowWidthPx, interiorLight, interiorHue, trapWeight, saturation, hueShift,
                sectionHue, turnsPerBar, phraseZoom, List.of(), CPath.FREE, Gains.UNIT, ResponseCurve.LINEAR);
    }

    /**
     * Where c may go. Controllers move c in the multiplier coordinate μ of the Mandelbrot set's main cardioid,
     * {@code c = μ/2 − μ²/4} (|μ| = 1 is the cardioid's edge, where Julia sets are most intricate; inside, connected
     * and calm; outside, breaking into dust). The painter takes the controller's c to μ, maps it into these ranges and
     * back, so the controller's timing and musical logic stay and only the region changes.
     *
     * @param turnsFrom  start of the range of arg μ, in turns
     * @param turnsTo    its end; a whole turn (or more) rotates the path by {@code turnsFrom}, a part of one folds the
     *                   path back and forth within it
     * @param radiusFrom where the calmest radius of the default path ({@link #CALM_RADIUS}) lands
     * @param radiusTo   where the wildest one ({@link #WILD_RADIUS}) lands; radii between map linearly
     */
    public record CPath(double turnsFrom, double turnsTo, double radiusFrom, double radiusTo) {
        /** |μ| of the rule controller's calmest section target (silence). */
        public static final double CALM_RADIUS = 0.85;
        /** |μ| of its wildest (a chorus at full tension stays close to this). */
        public static final double WILD_RADIUS = 1.25;
        /** The controller's own path. */
        public static final CPath FREE = new CPath(0, 1, CALM_RADIUS, WILD_RADIUS);

        public CPath {
            if (!(turnsTo > turnsFrom)) {
                throw new IllegalArgumentException("c path: the turns range must go up, got [" + turnsFrom + ", "
                        + turnsTo + "]");
            }
        }

        /** Whether this is the controller's own path (the map is then skipped, and c is exactly the controller's). */
        public boolean free() {
            return turnsFrom == 0 && turnsTo == 1 && radiusFrom == CALM_RADIUS && radiusTo == WILD_RADIUS;
        }

        /** c for the controller's {@code (cRe, cIm)}, as {@code {re, im}} (μ of c by {@link CardioidMultiplier#of}). */
        public double[] map(double cRe, double cIm) {
            if (free()) {
                return new double[]{cRe, cIm};
            }
            CardioidMultiplier mu = CardioidMultiplier.of(cRe, cIm);
            double turns = mu.angle() / (2 * Math.PI);
            double u = turns - Math.floor(turns);
            double span = turnsTo - turnsFrom;
            double t = span >= 1 ? turnsFrom + u : turnsFrom + span * (1 - Math.abs(2 * u - 1));
            double radius = radiusFrom + (mu.radius() - CALM_RADIUS) * (radiusTo - radiusFrom) / (WILD_RADIUS - CALM_RADIUS);
            CardioidMultiplier mapped = new CardioidMultiplier(Math.max(0.0, radius), 2 * Math.PI * t);
            return new double[]{mapped.cRe(), mapped.cIm()};
        }
    }

    /**
     * How much of each musical drive reaches the picture, on top of the sensitivity (1 = as designed, 0 = none).
     *
     * @param beat    the flash of background, glow and interior on each beat (stronger on downbeats)
     * @param zoom    the zoom pulse on the beat
     * @param tension the zoom-in, saturation and glow before a coming section change
     * @param motion  the controller's turning of the view
     */
    public record Gains(double beat, double zoom, double tension, double motion) {
        public static final Gains UNIT = new Gains(1, 1, 1, 1);
    }

    /**
     * A response curve over [0,1]: straight lines through points whose x rise from 0 to 1. Each drive (beat accent,
     * zoom pulse, tension) goes through it before the sensitivity and the gains scale it: a curve below the diagonal
     * lets only strong beats and high hazards through, one above it lifts weak ones.
     */
    public record ResponseCurve(List<double[]> points) {
        public static final ResponseCurve LINEAR = new ResponseCurve(List.of(new double[]{0, 0}, new double[]{1, 1}));

        public ResponseCurve {
            points = points.stream().map(double[]::clone).toList();
            if (points.size() < 2) {
                throw new IllegalArgumentException("a response curve needs at least two points");
            }
            double lastX = -1;
            for (double[] p : points) {
                if (p.length != 2 || !(p[0] > lastX) || !(p[1] >= 0 && p[1] <= 1)) {
                    throw new IllegalArgumentException("a response curve's points are [x, y] with x rising from 0 to 1 "
                            + "and y in [0, 1]");
                }
                lastX = p[0];
            }
            if (points.get(0)[0] != 0 || lastX != 1) {
                throw new IllegalArgumentException("a response curve's points must start at x = 0 and end at x = 1");
            }
        }

        @Override
        public List<double[]> points() {
            return points.stream().map(double[]::clone).toList();
        }

        /** The curve at {@code x}, clamped into [0,1] first. */
        public double apply(double x) {
            double v = x > 0 ? (x < 1 ? x : 1) : 0;
            for (int i = 1; i < points.size(); i++) {
                double[] b = points.get(i);
                if (v <= b[0]) {
                    double[] a = points.get(i - 1);
                    return a[1] + (v - a[0]) * (b[1] - a[1]) / (b[0] - a[0]);
                }
            }
            return points.get(points.size() - 1)[1];
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ResponseCurve)) {
                return false;
            }
            List<double[]> other = ((ResponseCurve) o).points;
            if (other.size() != points.size()) {
                return false;
            }
            for (int i = 0; i < points.size(); i++) {
                if (!Arrays.equals(points.get(i), other.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (double[] p : points) {
                h = 31 * h + Arrays.hashCode(p);
            }
            return h;
        }

        @Override
        public String toString() {
            return points.stream().map(Arrays::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

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
