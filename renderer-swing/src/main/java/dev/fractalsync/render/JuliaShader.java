package dev.fractalsync.render;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Turns what the lanes carried out of the iteration into colours (or escape counts) and stores them in the frame,
 * each top-half pixel also at its point-mirrored place. Exterior pixels get the smooth escape count and a glow from
 * the distance estimate |z| ln|z| / |dz/dz0|; interior pixels get rings of the early derivative, the final z's angle
 * and the orbit trap. Float-lane bands are shaded on lanes ({@link #shadeBand}); double-lane rows pixel by pixel with
 * {@link #shade}, which is also the reference the lane shading is tested against.
 * <p>
 * One per kernel thread: it owns the band's scratch.
 */
final class JuliaShader {
    private static final VectorSpecies<Float> FS = FloatLaneKernel.FS;
    /** Int lanes as wide as the float lanes (the machine's widest; see FloatLaneKernel.FS). */
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    /** Lane order reversed: a band's pixels, point-mirrored, run backwards through the frame. */
    private static final VectorShuffle<Integer> REVERSED = VectorShuffle.fromOp(IS, i -> IS.length() - 1 - i);
    /** 1.5 * 2^23: adding it to a float below 2^22 in magnitude leaves the rounded integer in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final double LN2 = Math.log(2.0);
    private static final double INTERIOR_TURNS_PER_OCTAVE = 0.045;

    private final FrameJob job;
    /** Per pixel of the band: the index into the exterior-then-interior table, then (in place) the colour. */
    private int[] tableIndex = new int[0];
    /** Per pixel of the band: the glow step, then (in place) the glow's RGB increment. */
    private int[] glowStep = new int[0];

    JuliaShader(FrameJob job) {
        this.job = job;
    }

    /**
     * Colours (or counts) the band from its results: the arithmetic of {@link #shade} on float lanes (table index
     * and glow step of exterior pixels, ring index of interior ones), table lookups per pixel, the glow added on int
     * lanes, and vector stores to both halves of the frame. Scalar, the shading took a third of a frame.
     */
    void shadeBand(BandResults r, int y0, int y1) {
        final int w = job.width;
        final int total = (y1 - y0) * w;
        if (!job.writeCounts && !job.scalarShading) {
            if (tableIndex.length < total + FS.length()) {
                tableIndex = new int[total + FS.length()];
                glowStep = new int[total + FS.length()];
            }
            // three methods, so that C2 compiles each loop on its own: in about one JVM run in ten, the one
            // method holding all of them came out of C2 with its lane operations boxed
            shadeLanes(r, total);
            lookUpColours(total);
            storeBand(y0, y1);
            return;
        }
        for (int y = y0, i = 0; y < y1; y++) {
            for (int x = 0; x < w; x++, i++) {
                boolean interior = r.limit[i] < 0;
                store(y, x, job.writeCounts ? (interior ? -1 : (int) r.count[i])
                        : shade(interior, r.count[i], r.r2[i], r.d2[i], r.trap[i], r.re[i], r.im[i]));
            }
        }
    }

    /** Per pixel of the band, on float lanes: the colour table index and the glow step (see shadeBand). */
    private void shadeLanes(BandResults r, int total) {
        final int n = FS.length();
        JuliaPalette p = job.palette;
        final float indexScale = (float) ((JuliaPalette.SIZE - 1.0) / job.maxIter);
        final float log2InversePixel = (float) (Math.log(job.inversePixel) / LN2);
        final float trapWeight = (float) p.trapWeight();
        final int noGlow = p.glowColourTable().length - 1;
        // Written out in one loop body: a helper method taking or returning vectors that C2 does not inline
        // boxes them. log2: exponent plus a quadratic fit of the mantissa (abs. error < 5e-3, as the scalar
        // shading's); 2^x: integer part into the exponent bits, a cubic fit of the fraction. Float/int
        // conversions use the 1.5 * 2^23 trick (round to nearest): Java 17's C2 does not intrinsify F2I casts.
        for (int i = 0; i < total; i += n) {
            FloatVector r2 = FloatVector.fromArray(FS, r.r2, i);
            FloatVector d2 = FloatVector.fromArray(FS, r.d2, i).max(1e-30f);
            FloatVector count = FloatVector.fromArray(FS, r.count, i);
            IntVector r2Bits = (IntVector) r2.viewAsIntegralLanes();
            FloatVector r2Mantissa = ((IntVector) r2Bits.and(0x007fffff).or(0x3f800000)).reinterpretAsFloats();
            FloatVector log2R2 = r2Mantissa.mul(-0.34484843f).add(2.02466578f).mul(r2Mantissa).add(-1.67487759f)
                    .add(((IntVector) r2Bits.lanewise(VectorOperators.LSHR, 23).add(MAGIC_BITS)).reinterpretAsFloats()
                            .sub(MAGIC + 127f));
            IntVector d2Bits = (IntVector) d2.viewAsIntegralLanes();
            FloatVector d2Mantissa = ((IntVector) d2Bits.and(0x007fffff).or(0x3f800000)).reinterpretAsFloats();
            FloatVector log2D2 = d2Mantissa.mul(-0.34484843f).add(2.02466578f).mul(d2Mantissa).add(-1.67487759f)
                    .add(((IntVector) d2Bits.lanewise(VectorOperators.LSHR, 23).add(MAGIC_BITS)).reinterpretAsFloats()
                            .sub(MAGIC + 127f));
            // exterior: smooth count nu = n + 1 - log2(ln|z|), ln|z| = ln2/2 * log2|z|²
            FloatVector lnZ = log2R2.mul((float) (0.5 * LN2));
            IntVector lnZBits = (IntVector) lnZ.viewAsIntegralLanes();
            FloatVector lnZMantissa = ((IntVector) lnZBits.and(0x007fffff).or(0x3f800000)).reinterpretAsFloats();
            FloatVector log2LnZ = lnZMantissa.mul(-0.34484843f).add(2.02466578f).mul(lnZMantissa).add(-1.67487759f)
                    .add(((IntVector) lnZBits.lanewise(VectorOperators.LSHR, 23).add(MAGIC_BITS)).reinterpretAsFloats()
                            .sub(MAGIC + 127f));
            IntVector tableIndex = ((IntVector) count.add(1f).sub(log2LnZ).mul(indexScale).max(0f)
                    .min(JuliaPalette.SIZE - 1f).add(MAGIC).viewAsIntegralLanes()).sub(MAGIC_BITS);
            // distance estimate |z| ln|z| / |dz| in pixels, in log2 (2^-count would underflow a float), clamped
            // to [2^-8, 2^7] pixels: the glow reaches 64
            FloatVector shifted = log2R2.sub(log2D2).mul(0.5f).add(log2LnZ).sub(count).add(log2InversePixel)
                    .max(-8f).min(7f).add(128f);
            FloatVector wholeNear = shifted.sub(0.5f).add(MAGIC);
            IntVector whole = ((IntVector) wholeNear.viewAsIntegralLanes()).sub(MAGIC_BITS);
            FloatVector fraction = shifted.sub(wholeNear.sub(MAGIC));
            FloatVector distancePx = fraction.mul(0.0790199f).add(0.2241245f).mul(fraction).add(0.6967522f)
                    .mul(fraction).add(1f)
                    .mul(((IntVector) whole.sub(1).lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats());
            IntVector glowStep = ((IntVector) distancePx.mul(JuliaPalette.GLOW_STEPS_PER_PX).add(MAGIC)
                    .viewAsIntegralLanes()).sub(MAGIC_BITS);
            // interior: rings of the early derivative, the final z's angle (fastAtan2Turns on lanes), the trap
            FloatVector x = FloatVector.fromArray(FS, r.re, i);
            FloatVector y = FloatVector.fromArray(FS, r.im, i);
            FloatVector ax = x.abs();
            FloatVector ay = y.abs();
            VectorMask<Float> steep = ay.compare(VectorOperators.GT, ax);
            FloatVector big = ax.blend(ay, steep);
            FloatVector a = ay.blend(ax, steep)
                    .div(big.blend(FloatVector.broadcast(FS, 1f), big.compare(VectorOperators.EQ, 0)));
            FloatVector sq = a.mul(a);
            FloatVector angle = sq.mul(-0.0464964749f).add(0.15931422f).mul(sq).add(-0.327622764f).mul(sq).mul(a)
                    .add(a);
            angle = angle.blend(FloatVector.broadcast(FS, (float) (0.5 * Math.PI)).sub(angle), steep);
            angle = angle.blend(FloatVector.broadcast(FS, (float) Math.PI).sub(angle),
                    x.compare(VectorOperators.LT, 0));
            angle = angle.blend(FloatVector.broadcast(FS, (float) (2 * Math.PI)).sub(angle),
                    y.compare(VectorOperators.LT, 0));
            FloatVector turns = log2D2.mul((float) INTERIOR_TURNS_PER_OCTAVE).add(angle.mul((float) (0.5 / Math.PI)))
                    .add(FloatVector.fromArray(FS, r.trap, i).sqrt().mul(trapWeight)).add(1024f);
            FloatVector ring = turns.sub(turns.sub(0.5f).add(MAGIC).sub(MAGIC));
            IntVector ringIndex = ((IntVector) ring.mul((float) JuliaPalette.SIZE).add(MAGIC).viewAsIntegralLanes())
                    .sub(MAGIC_BITS).and(JuliaPalette.SIZE - 1);
            // one index into the exterior table followed by the interior one; no glow inside, nor past the
            // glow's reach or for a negative step (never, short of NaN)
            VectorMask<Integer> inside = ((IntVector) FloatVector.fromArray(FS, r.limit, i)
                    .viewAsIntegralLanes()).compare(VectorOperators.LT, 0);
            tableIndex.blend(ringIndex.add(JuliaPalette.SIZE), inside).intoArray(this.tableIndex, i);
            glowStep.min(noGlow).blend(noGlow, glowStep.compare(VectorOperators.LT, 0)).blend(noGlow, inside)
                    .intoArray(this.glowStep, i);
        }
    }

    /** The band's colours from its table indices and glow steps, in place in tableIndex. */
    private void lookUpColours(int total) {
        final int n = FS.length();
        final int[] colours = job.palette.exteriorThenInteriorTable();
        final int[] glowColours = job.palette.glowColourTable();
        // Table lookups, scalar (Java 17's gathers check their index vector with masks combined by or, which
        // C2 boxed in some runs), rounded up to whole vectors: every lane's indices are clamped into range.
        final int whole = (total + n - 1) / n * n;
        final int[] colour = tableIndex;
        final int[] glow = glowStep;
        for (int i = 0; i < whole; i++) {
            colour[i] = colours[colour[i]];
            glow[i] = glowColours[glow[i]];
        }
        // The glow is added channel by channel, saturating at 255, in one int: the carry out of each 8-bit
        // channel becomes a 0xff mask.
        for (int i = 0; i < whole; i += n) {
            IntVector base = IntVector.fromArray(IS, colour, i);
            IntVector add = IntVector.fromArray(IS, glow, i);
            IntVector rb = base.and(0x00ff00ff).add(add.and(0x00ff00ff));
            IntVector rbCarry = rb.and(0x01000100);
            rb = rb.or(rbCarry.sub(rbCarry.lanewise(VectorOperators.LSHR, 8))).and(0x00ff00ff);
            IntVector g = base.and(0x0000ff00).add(add.and(0x0000ff00));
            IntVector gCarry = g.and(0x00010000);
            g = g.or(gCarry.sub(gCarry.lanewise(VectorOperators.LSHR, 8))).and(0x0000ff00);
            rb.or(g).or(0xff000000).intoArray(colour, i);
        }
    }

    /** Writes the band's colours to the frame and to their point-mirrored places. */
    private void storeBand(int y0, int y1) {
        final int w = job.width;
        final int total = (y1 - y0) * w;
        final int n = IS.length();
        final int[] colour = tableIndex;
        // A band's top-half pixels are consecutive in the frame, and their point-mirrored twins are too,
        // backwards.
        final int[] out = job.out;
        final int top = y0 * w;
        final int mirror = job.height * w - 1 - top;
        int i = 0;
        for (; i + n <= total; i += n) {
            IntVector c = IntVector.fromArray(IS, colour, i);
            c.intoArray(out, top + i);
            c.rearrange(REVERSED).intoArray(out, mirror - i - (n - 1));
        }
        for (; i < total; i++) {
            out[top + i] = colour[i];
            out[mirror - i] = colour[i];
        }
        if (y1 == job.halfRows && job.height % 2 == 1) {
            // The middle row of an odd height is its own mirror: written again pixel by pixel, in the scalar
            // path's order, its right half keeps its own colours and the left half mirrors them.
            for (int k = (y1 - 1 - y0) * w; k < total; k++) {
                out[top + k] = colour[k];
                out[mirror - k] = colour[k];
            }
        }
    }

    /** Writes a top-half pixel and its point-mirrored twin in the bottom half. */
    void store(int y, int x, int value) {
        int w = job.width;
        job.out[y * w + x] = value;
        job.out[(job.height - 1 - y) * w + (w - 1 - x)] = value;
    }

    /** One pixel's colour from its lane's final state, in double arithmetic. */
    int shade(boolean interior, double count, double r2, double d2, double trap, double zr, double zi) {
        JuliaPalette p = job.palette;
        if (interior) {
            // d2 is |dz/dz0|² after a few steps: continuous within each Fatou component and falling to zero at the
            // preimages of the critical point, so its logarithm draws contour rings that follow the dynamics; the
            // final z's angle tells the cycle's points apart, and the orbit trap (closest approach to 0) adds a
            // smooth term.
            double turns = INTERIOR_TURNS_PER_OCTAVE * fastLog2(Math.max(d2, 1e-30))
                    + fastAtan2Turns(zi, zr) + p.trapWeight() * Math.sqrt(trap);
            return p.interiorColour(turns);
        }
        double log2R2 = fastLog2(r2);
        double nu = count + 1.0 - fastLog2(0.5 * LN2 * log2R2);
        // Distance estimate |z| ln|z| / |dz|, in pixels; the lanes carry |dz|² / 4^count.
        int steps = (int) count;
        double halfPow = steps < 1000 ? Double.longBitsToDouble((long) (1023 - steps) << 52) : 0.0; // 2^-steps
        double distancePx = Math.sqrt(r2 / d2) * (0.5 * LN2 * log2R2) * halfPow * job.inversePixel;
        return p.exteriorColour(nu / job.maxIter, distancePx);
    }

    /** log2 with a quadratic mantissa fit (abs. error &lt; 5e-3): ample for colouring, far cheaper than Math.log. */
    static double fastLog2(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int exponent = (int) ((bits >>> 52) & 0x7ff) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
        return exponent + (-0.34484843 * m + 2.02466578) * m - 1.67487759;
    }

    /** atan2(y, x) in turns in [0, 1), polynomial fit (abs. error about 1e-5 turns): ample for shading. */
    static double fastAtan2Turns(double y, double x) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        double max = Math.max(ax, ay);
        if (max == 0) {
            return 0;
        }
        double a = Math.min(ax, ay) / max;
        double s = a * a;
        double r = ((-0.0464964749 * s + 0.15931422) * s - 0.327622764) * s * a + a;
        if (ay > ax) {
            r = 0.5 * Math.PI - r;
        }
        if (x < 0) {
            r = Math.PI - r;
        }
        if (y < 0) {
            r = 2 * Math.PI - r;
        }
        return r * (0.5 / Math.PI);
    }
}
