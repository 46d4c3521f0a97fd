package dev.fractalsync.render;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Iterates rows on double lanes, for views zoomed deeper than float resolution: one vector of neighbouring pixels
 * iterates until all of its lanes are done. A lane that escaped or cycled is frozen by blending its old state back
 * in, so what shading needs is the lanes' state when the loop ends; the {@link JuliaShader} shades it pixel by pixel.
 * <p>
 * One per kernel thread: it owns the lanes' scratch.
 */
final class DoubleLaneKernel {
    /*
     * At most 256-bit vectors, also where the machine has AVX-512 (and the machine's own, narrower, where it has no
     * AVX2: a shape wider than the hardware's is not intrinsified): Java 17's C2 moves 512-bit masks between k-registers and
     * vectors around every compare and blend, which made a masked 16-lane step cost 3x a masked 8-lane step (7 ns
     * against 3 ns on the 2-core build machine), more than the doubled lane count gains.
     */
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED.vectorBitSize() > 256
            ? DoubleVector.SPECIES_256 : DoubleVector.SPECIES_PREFERRED;
    private static final double PERIOD_EPS = 1e-11;
    /** Steps between two periodicity tests; a cycle is still caught, at most this many steps later. */
    private static final int CYCLE_TEST_STRIDE = 4;
    /** The step whose derivative shades the interior: the end of the float lanes' first group, as there. */
    private static final int INTERIOR_SHADING_STEP = FloatLaneKernel.FIRST_GROUP;

    private final FrameJob job;
    private final JuliaShader shader;
    // one vector's final lane state, spilled for the scalar shading
    private final double[] iota = new double[DS.length()];
    private final double[] count = new double[DS.length()];
    private final double[] limit = new double[DS.length()];
    private final double[] r2 = new double[DS.length()];
    private final double[] d2 = new double[DS.length()];
    private final double[] trap = new double[DS.length()];
    private final double[] zr = new double[DS.length()];
    private final double[] zi = new double[DS.length()];
    /** The derivative at INTERIOR_SHADING_STEP. */
    private final double[] early = new double[DS.length()];

    DoubleLaneKernel(FrameJob job, JuliaShader shader) {
        this.job = job;
        this.shader = shader;
        for (int i = 0; i < iota.length; i++) {
            iota[i] = i;
        }
    }

    /** Iterates and shades row y of the top half (and its point mirror). */
    void renderRow(int y) {
        final int w = job.width;
        final int budget = job.maxIter;
        final int n = DS.length();
        final double rowStartRe = job.originRe + y * job.rowRe;
        final double rowStartIm = job.originIm + y * job.rowIm;
        for (int x = 0; x < w; x += n) {
            iterate(rowStartRe + x * job.colRe, rowStartIm + x * job.colIm);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = limit[lane] < 0 || count[lane] > budget;
                int value = job.writeCounts ? (interior ? -1 : (int) count[lane])
                        : shader.shade(interior, count[lane], r2[lane], interior ? early[lane] : d2[lane], trap[lane],
                        zr[lane], zi[lane]);
                shader.store(y, x + lane, value);
            }
        }
    }

    /** Iterates one vector of pixels, the first at (re, im), until every lane is done, and spills its state. */
    private void iterate(double re, double im) {
        final double lastStep = job.maxIter;
        DoubleVector cr = DoubleVector.broadcast(DS, job.cRe);
        DoubleVector ci = DoubleVector.broadcast(DS, job.cIm);
        DoubleVector one = DoubleVector.broadcast(DS, 1.0);
        DoubleVector zero = DoubleVector.zero(DS);
        DoubleVector retired = DoubleVector.broadcast(DS, -1.0);
        DoubleVector tiny = DoubleVector.broadcast(DS, 1e-300);
        DoubleVector iota = DoubleVector.fromArray(DS, this.iota, 0);
        DoubleVector zr = iota.mul(job.colRe).add(re);
        DoubleVector zi = iota.mul(job.colIm).add(im);
        DoubleVector zr2 = zr.mul(zr);
        DoubleVector zi2 = zi.mul(zi);
        DoubleVector r2 = zr2.add(zi2);
        DoubleVector lim = DoubleVector.broadcast(DS, JuliaKernel.BAILOUT_SQ);
        DoubleVector d2 = one;
        DoubleVector steps = zero;
        DoubleVector trap = r2;
        DoubleVector cycleRe = zr;
        DoubleVector cycleIm = zi;
        d2.intoArray(early, 0);
        int checkEvery = 8;
        int sinceCheck = 0;
        int it = 0;
        // alive: below the lane's limit and within the budget
        while (r2.sub(lim).max(steps.sub(lastStep)).compare(VectorOperators.LE, 0).anyTrue()) {
            for (int k = 0; k < CYCLE_TEST_STRIDE; k++) {
                VectorMask<Double> alive = r2.sub(lim).max(steps.sub(lastStep)).compare(VectorOperators.LE, 0);
                DoubleVector nextRe = zr2.sub(zi2).add(cr);
                DoubleVector nextIm = zr.add(zr).mul(zi).add(ci);
                // kept above the subnormal range: contracting interior orbits would underflow, and subnormal
                // arithmetic is slower by two orders of magnitude
                DoubleVector nextD2 = d2.mul(r2).max(tiny);
                zr = zr.blend(nextRe, alive);
                zi = zi.blend(nextIm, alive);
                d2 = d2.blend(nextD2, alive);
                steps = steps.add(zero.blend(one, alive));
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                trap = trap.blend(r2, r2.compare(VectorOperators.LT, trap));
                if (++it == INTERIOR_SHADING_STEP) {
                    d2.intoArray(early, 0);
                }
            }
            // the ulp of 256 in double is 5.7e-14; scaled by 1e3 it stays above the double epsilon
            DoubleVector drift = zr.sub(cycleRe).abs().add(zi.sub(cycleIm).abs())
                    .add(r2.sub(lim).max(zero).mul(1e3));
            lim = lim.blend(retired, drift.compare(VectorOperators.LT, PERIOD_EPS));
            sinceCheck += CYCLE_TEST_STRIDE;
            boolean save = sinceCheck == checkEvery;
            if (save) {
                sinceCheck = 0;
                if (checkEvery < 1024) {
                    checkEvery <<= 1;
                }
            }
            // an all-true or all-false mask: a vector assigned inside the if would meet the old one in a phi,
            // which Java 17's C2 boxes
            VectorMask<Double> saveMask = zero.compare(VectorOperators.LT, save ? 1.0 : 0);
            cycleRe = cycleRe.blend(zr, saveMask);
            cycleIm = cycleIm.blend(zi, saveMask);
        }
        steps.intoArray(count, 0);
        lim.intoArray(limit, 0);
        r2.intoArray(this.r2, 0);
        d2.intoArray(this.d2, 0);
        trap.intoArray(this.trap, 0);
        zr.intoArray(this.zr, 0);
        zi.intoArray(this.zi, 0);
    }
}
