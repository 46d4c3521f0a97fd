package dev.fractalsync.render;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Iterates a band of rows on float lanes, each lane one pixel, and hands the band to the {@link JuliaShader}.
 * <p>
 * A first group of steps runs over the band's pixels in lockstep ({@link #firstGroup}): most pixels escape within
 * it. The survivors then run on lanes with refill: a lane that is done takes the next survivor, so lanes never wait
 * for a slow neighbour (iterating a whole vector until its slowest pixel finished cost about twice the work near the
 * Julia set, where neighbouring escape counts differ wildly). Lanes are checked every GROUP steps ({@link #runGroups});
 * in between, the loop is straight-line lane arithmetic. Between groups the lanes' state sits in arrays, where, when a
 * lane is done, scalar code records its result and starts it on its next pixel ({@link #iterateSurvivors}).
 * <p>
 * A lane steps only while |z|² is at or below its limit (the bailout, or -1 once it is known to be interior):
 * otherwise its state is frozen by blending the old values back in, so the step count is the exact escape count and
 * z and the derivative are those the smooth count and the distance estimate need. A lane that ran the budget is
 * interior, whether or not it escaped later in its last group. Interior lanes are found by periodicity checking (an
 * attracting cycle repeats z up to rounding) and by the attracting cycle's basin disk ({@link AttractingCycle}).
 * <p>
 * Within a group, z runs free: nothing on its dependency chain waits for a compare and blend (with them, a step's
 * latency was twice as long). While a lane is alive its frozen copy fr, fi, fr2 follows z; after it escaped, z grows
 * on (to inf and NaN, which compare as not alive) and the copy keeps the escaped z. Testing alive on the copy instead
 * cost 12-20 % more time per frame; {@link JuliaKernel} keeps c where an escaped z cannot fall back below the
 * bailout. The orbit trap is a minimum of |z|² taken on its bits as ints (|z|² &gt;= 0 orders like them): one
 * instruction, where Java's float min (NaN and -0 rules) or a compare and blend doubled the cost of a step.
 * <p>
 * At a group's end, a lane whose z overflowed to NaN (only from absurd views or c), which would compare false
 * forever, counts as escaped (+inf), so every lane finishes. An alive lane back within eps of the z it saved is on an
 * attracting cycle (escaped lanes never are); the interval between saves doubles, up to MAX_SAVE_INTERVAL. A lane is
 * retired as interior when any of three holds, tested as one minimum below zero, taken by compare and blend (Java's
 * float min is a long instruction sequence; a third blend on the limit in a row made C2 box it): it cycled, ran out
 * of budget (it is interior once z_budget is still within the limit, i.e. after budget + 1 alive steps, the scalar
 * reference's rule), or is in the basin disk. The first group's done lanes come out as one bit per lane: lane bits
 * carried as float bit patterns through a blend, then an integer OR-reduction (a tree; C2 adds floats in lane order,
 * 16 dependent adds). Constants are broadcast where they are used (C2 hoists them): only the lanes' state lives in
 * vector locals.
 * <p>
 * Java 17's C2 intrinsifies compare, blend and anyTrue, but boxes masks combined with and/or, vectors assigned in one
 * branch of an if (they meet the old value in a phi), vectors passed to or returned from a method it does not inline
 * and vectors live across such a call; a boxed vector runs every operation through allocating Java code. So the
 * vector loops below are written out in one method each, assign nothing vector-valued conditionally and call nothing
 * while a vector is live; scalar bookkeeping reads and writes arrays between them.
 * <p>
 * One per kernel thread: it owns the lanes' and the band's scratch.
 */
final class FloatLaneKernel {
    /**
     * The machine's widest float vectors: 16 lanes with AVX-512, 8 with AVX2. A shape wider than the hardware's is not
     * intrinsified at all (every lane operation runs through allocating Java code): 512 bits fixed here made frames on
     * an AVX2-only machine about 70 times slower (311 ms against 4.2 ms of kernel per 960×540 frame).
     */
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final int LANES = FS.length();
    private static final float BAILOUT = (float) JuliaKernel.BAILOUT_SQ;
    /**
     * Steps of the first pass over a band's pixels (all in lockstep, see firstGroup): most pixels escape within
     * them. The derivative at its end shades the interior.
     */
    static final int FIRST_GROUP = 8;
    /**
     * The refill loop's lanes are tested for periodicity, checked for being done and refilled every GROUP steps
     * (done lanes wait frozen until then). They are the pixels that survived the first group, long orbits mostly, so
     * a long group pays. Odd, so that the group ends fall on every phase of a cycle: the basin disk sits around one
     * point of the attracting cycle, and with 16 steps a period-2 orbit that was near the other point at the end of
     * one group was near it at every group's end, so half the interior ran to the periodicity test (a frame near the
     * period-2 bulb took 16.5 ms on one thread, 11.5 ms with 17).
     */
    private static final int GROUP = 17;
    /**
     * A lane saves its z for the periodicity test at the end of the first group, then at FIRST_GROUP + GROUP and at
     * intervals doubling from GROUP up to the max: every save falls on a group's end.
     */
    private static final float SECOND_SAVE = FIRST_GROUP + GROUP;
    private static final float MAX_SAVE_INTERVAL = 1024f;
    /** A float orbit that has converged onto a cycle repeats within a few ulps (ulp of 1 is 1.2e-7). */
    private static final float PERIOD_EPS = 1e-6f;
    /**
     * Floor of a lane's derivative, applied once per group, so that contracting interior orbits rarely reach the
     * subnormal range (below 1.2e-38, where arithmetic is slower by two orders of magnitude) within a group; shading
     * clamps the derivative far above this anyway.
     */
    private static final float TINY = 1e-20f;
    /** Start point of a lane with no pixel left: escapes at once and is never reported. */
    private static final float PARKED = 1e18f;
    /** 1 << lane as float bit patterns, for turning a mask into a bit set with one OR-reduction. */
    private static final float[] LANE_BITS = new float[LANES];
    private static final int ALL_LANES = (1 << LANES) - 1;

    static {
        for (int i = 0; i < LANE_BITS.length; i++) {
            LANE_BITS[i] = Float.intBitsToFloat(1 << i);
        }
    }

    private final FrameJob job;
    private final JuliaShader shader;
    private final BandResults results = new BandResults();
    /** Start points of the band's pixels, PARKED past its end up to a whole vector. */
    private float[] startRe = new float[0];
    private float[] startIm = new float[0];
    /** The band's pixels not done after the first group, in order (their state is in the band's results). */
    private int[] survivors = new int[0];
    // The lanes' state between runGroups calls: z running free, the frozen copy f of z and |z|² (see runGroups),
    // |dz/dz0|² / 4^k, steps, the orbit trap, the limit, z saved for the periodicity test and when to save it next.
    private final float[] zr = new float[LANES];
    private final float[] zi = new float[LANES];
    private final float[] fr = new float[LANES];
    private final float[] fi = new float[LANES];
    private final float[] fr2 = new float[LANES];
    private final float[] d2 = new float[LANES];
    private final float[] steps = new float[LANES];
    private final float[] trap = new float[LANES];
    private final float[] limit = new float[LANES];
    private final float[] cycleRe = new float[LANES];
    private final float[] cycleIm = new float[LANES];
    private final float[] saveAt = new float[LANES];
    /** The lane's pixel as an index into the band (-1: parked). */
    private final int[] pixel = new int[LANES];
    /** Where a done lane goes on from (see startLane): z, |dz/dz0|² / 4^k and the trap of its next pixel. */
    private final float[] nextRe = new float[LANES];
    private final float[] nextIm = new float[LANES];
    private final float[] nextD2 = new float[LANES];
    private final float[] nextTrap = new float[LANES];

    FloatLaneKernel(FrameJob job, JuliaShader shader) {
        this.job = job;
        this.shader = shader;
    }

    /** Iterates rows y0 (inclusive) to y1 of the top half and shades them into the frame. */
    void renderBand(int y0, int y1) {
        final int total = (y1 - y0) * job.width;
        results.ensure(total);
        if (startRe.length < total + LANES) {
            startRe = new float[total + LANES];
            startIm = new float[total + LANES];
            survivors = new int[total];
        }
        for (int y = y0, p = 0; y < y1; y++) {
            double rowStartRe = job.originRe + y * job.rowRe;
            double rowStartIm = job.originIm + y * job.rowIm;
            for (int x = 0; x < job.width; x++, p++) {
                startRe[p] = (float) (rowStartRe + x * job.colRe);
                startIm[p] = (float) (rowStartIm + x * job.colIm);
            }
        }
        for (int p = total; p < total + LANES; p++) {
            startRe[p] = PARKED;
            startIm[p] = 0f;
        }
        iterateSurvivors(firstGroup(total));
        shader.shadeBand(results, y0, y1);
    }

    /**
     * The band's first group of steps, on consecutive pixels in lockstep: taking the many pixels that escape within
     * a few steps one by one through the refill's scalar bookkeeping cost several times their steps. The arithmetic
     * per step and at the group's end is that of {@link #runGroups}. Every pixel's state goes to the band's results;
     * those not done go to {@code survivors}, in order. Returns how many survived.
     */
    private int firstGroup(int total) {
        final int n = LANES;
        final float lastStep = job.maxIter + 0.5f;
        final float cReF = (float) job.cRe;
        final float cImF = (float) job.cIm;
        final float basinReF = job.basinRe;
        final float basinImF = job.basinIm;
        final float basinR2F = job.basinR2;
        final BandResults r = results;
        int queued = 0;
        for (int p0 = 0; p0 < total; p0 += n) {
            FloatVector startRe = FloatVector.fromArray(FS, this.startRe, p0);
            FloatVector startIm = FloatVector.fromArray(FS, this.startIm, p0);
            FloatVector zr = startRe;
            FloatVector zi = startIm;
            FloatVector zr2 = zr.mul(zr);
            FloatVector zi2 = zi.mul(zi);
            FloatVector r2 = zr2.add(zi2);
            FloatVector fr = zr;
            FloatVector fi = zi;
            FloatVector fr2 = r2;
            FloatVector d2 = FloatVector.broadcast(FS, 1f);
            FloatVector steps = FloatVector.zero(FS);
            IntVector trapBits = (IntVector) r2.viewAsIntegralLanes();
            FloatVector lim = FloatVector.broadcast(FS, BAILOUT);
            for (int k = 0; k < FIRST_GROUP; k++) {
                // z runs free, its frozen copy fr, fi, fr2 follows while alive (see runGroups)
                VectorMask<Float> alive = r2.compare(VectorOperators.LE, lim);
                FloatVector nextIm = zr.add(zr).mul(zi).add(FloatVector.broadcast(FS, cImF));
                FloatVector nextRe = zr2.sub(zi2).add(FloatVector.broadcast(FS, cReF));
                d2 = d2.blend(d2.mul(r2), alive);
                steps = steps.add(FloatVector.zero(FS).blend(FloatVector.broadcast(FS, 1f), alive));
                zr = nextRe;
                zi = nextIm;
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                fr = fr.blend(zr, alive);
                fi = fi.blend(zi, alive);
                fr2 = fr2.blend(r2, alive);
                trapBits = trapBits.min((IntVector) fr2.viewAsIntegralLanes());
            }
            fr2 = fr2.blend(FloatVector.broadcast(FS, Float.POSITIVE_INFINITY), fr2.compare(VectorOperators.NE, fr2));
            d2 = d2.blend(FloatVector.broadcast(FS, TINY), d2.compare(VectorOperators.LT, FloatVector.broadcast(FS, TINY)));
            FloatVector early = FloatVector.broadcast(FS, 1f).blend(d2, steps.compare(VectorOperators.EQ, FIRST_GROUP));
            FloatVector drift = fr.sub(startRe).abs().add(fi.sub(startIm).abs())
                    .blend(FloatVector.broadcast(FS, 1f), fr2.compare(VectorOperators.GT, lim));
            // the group's end test (see the class comment), written out as in runGroups
            FloatVector dr = fr.sub(FloatVector.broadcast(FS, basinReF));
            FloatVector di = fi.sub(FloatVector.broadcast(FS, basinImF));
            FloatVector cycled = drift.sub(PERIOD_EPS);
            FloatVector spent = FloatVector.broadcast(FS, lastStep).sub(steps);
            FloatVector inBasin = dr.mul(dr).add(di.mul(di)).sub(basinR2F);
            FloatVector retire = cycled.blend(spent, spent.compare(VectorOperators.LT, cycled));
            retire = retire.blend(inBasin, inBasin.compare(VectorOperators.LT, retire));
            lim = lim.blend(FloatVector.broadcast(FS, -1f), retire.compare(VectorOperators.LT, 0));
            VectorMask<Float> finished = fr2.compare(VectorOperators.GT, lim);
            // every lane's results, also those of survivors (overwritten when they finish)
            steps.intoArray(r.count, p0);
            lim.intoArray(r.limit, p0);
            fr2.intoArray(r.r2, p0);
            d2.blend(early, lim.compare(VectorOperators.LT, 0)).intoArray(r.d2, p0);
            trapBits.reinterpretAsFloats().intoArray(r.trap, p0);
            fr.intoArray(r.re, p0);
            fi.intoArray(r.im, p0);
            int doneLanes = ((IntVector) FloatVector.zero(FS).blend(FloatVector.fromArray(FS, LANE_BITS, 0),
                    finished).viewAsIntegralLanes()).reduceLanes(VectorOperators.OR);
            // lanes past the band's end hold PARKED points, which are done at once
            for (int bits = ~doneLanes & ALL_LANES; bits != 0; bits &= bits - 1) {
                survivors[queued++] = p0 + Integer.numberOfTrailingZeros(bits);
            }
        }
        return queued;
    }

    /** Runs the first group's survivors on lanes, each done lane taking the next, until all are done. */
    private void iterateSurvivors(int queued) {
        int next = 0;
        for (int lane = 0; lane < LANES; lane++) {
            startLane(lane, next < queued ? survivors[next++] : -1);
            // done, so that runGroups starts it
            fr2[lane] = Float.POSITIVE_INFINITY;
            limit[lane] = -1f;
        }
        int active = next;
        while (active > 0) {
            runGroups();
            for (int bits = doneLanes(); bits != 0; bits &= bits - 1) {
                int lane = Integer.numberOfTrailingZeros(bits);
                int p = pixel[lane];
                if (p >= 0) {
                    float laneLimit = limit[lane];
                    results.limit[p] = laneLimit;
                    results.count[p] = steps[lane];
                    results.r2[p] = fr2[lane];
                    if (laneLimit >= 0) {
                        // interior pixels keep the derivative after the first group: it shades them
                        results.d2[p] = d2[lane];
                    }
                    results.trap[p] = trap[lane];
                    results.re[p] = fr[lane];
                    results.im[p] = fi[lane];
                    if (next < queued) {
                        p = survivors[next++];
                    } else {
                        p = -1;
                        active--;
                    }
                }
                startLane(lane, p);
            }
        }
    }

    /**
     * Gives a done lane pixel p of the band (-1: parks it). runGroups starts the lane from the state the first group
     * left the pixel in: z, |dz_k/dz0|² / 4^k (the factor 4 per step is put back from the count when shading), the
     * trap, FIRST_GROUP steps, z saved for the periodicity test.
     */
    private void startLane(int lane, int p) {
        pixel[lane] = p;
        nextRe[lane] = p < 0 ? PARKED : results.re[p];
        nextIm[lane] = p < 0 ? 0f : results.im[p];
        nextD2[lane] = p < 0 ? 1f : results.d2[p];
        nextTrap[lane] = p < 0 ? 0f : results.trap[p];
    }

    /**
     * Steps the lanes GROUP steps at a time from their state in the arrays, the done lanes from their start (see
     * startLane), until at least one is done (escaped, cycled, out of budget or in the basin disk). Done lanes start
     * by blending, not by scalar writes to the state arrays: a vector load from an array just written lane by lane
     * stalls (store forwarding fails), and all of the state would be. The state goes back to the arrays at every
     * group's end: stored only when a lane was done (in a branch, or after the loop), the loop-carried vectors were
     * boxed by C2 on every step.
     */
    private void runGroups() {
        final float lastStep = job.maxIter + 0.5f;
        final float cReF = (float) job.cRe;
        final float cImF = (float) job.cIm;
        final float basinReF = job.basinRe;
        final float basinImF = job.basinIm;
        final float basinR2F = job.basinR2;
        FloatVector sr = FloatVector.fromArray(FS, nextRe, 0);
        FloatVector si = FloatVector.fromArray(FS, nextIm, 0);
        VectorMask<Float> done = FloatVector.fromArray(FS, this.fr2, 0)
                .compare(VectorOperators.GT, FloatVector.fromArray(FS, this.limit, 0));
        FloatVector zr = FloatVector.fromArray(FS, this.zr, 0).blend(sr, done);
        FloatVector zi = FloatVector.fromArray(FS, this.zi, 0).blend(si, done);
        FloatVector zr2 = zr.mul(zr);
        FloatVector zi2 = zi.mul(zi);
        FloatVector r2 = zr2.add(zi2);
        FloatVector fr = FloatVector.fromArray(FS, this.fr, 0).blend(sr, done);
        FloatVector fi = FloatVector.fromArray(FS, this.fi, 0).blend(si, done);
        FloatVector fr2 = FloatVector.fromArray(FS, this.fr2, 0).blend(r2, done);
        FloatVector d2 = FloatVector.fromArray(FS, this.d2, 0).blend(FloatVector.fromArray(FS, nextD2, 0), done);
        FloatVector steps = FloatVector.fromArray(FS, this.steps, 0)
                .blend(FloatVector.broadcast(FS, (float) FIRST_GROUP), done);
        IntVector trapBits = (IntVector) FloatVector.fromArray(FS, this.trap, 0)
                .blend(FloatVector.fromArray(FS, nextTrap, 0), done).viewAsIntegralLanes();
        FloatVector lim = FloatVector.fromArray(FS, this.limit, 0).blend(FloatVector.broadcast(FS, BAILOUT), done);
        FloatVector cycleRe = FloatVector.fromArray(FS, this.cycleRe, 0).blend(sr, done);
        FloatVector cycleIm = FloatVector.fromArray(FS, this.cycleIm, 0).blend(si, done);
        FloatVector saveAt = FloatVector.fromArray(FS, this.saveAt, 0)
                .blend(FloatVector.broadcast(FS, SECOND_SAVE), done);
        boolean running = true;
        while (running) {
            for (int k = 0; k < GROUP; k++) {
                VectorMask<Float> alive = r2.compare(VectorOperators.LE, lim);
                FloatVector nextIm = zr.add(zr).mul(zi).add(FloatVector.broadcast(FS, cImF));
                FloatVector nextRe = zr2.sub(zi2).add(FloatVector.broadcast(FS, cReF));
                d2 = d2.blend(d2.mul(r2), alive);
                steps = steps.add(FloatVector.zero(FS).blend(FloatVector.broadcast(FS, 1f), alive));
                zr = nextRe;
                zi = nextIm;
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                fr = fr.blend(zr, alive);
                fi = fi.blend(zi, alive);
                fr2 = fr2.blend(r2, alive);
                trapBits = trapBits.min((IntVector) fr2.viewAsIntegralLanes());
            }
            fr2 = fr2.blend(FloatVector.broadcast(FS, Float.POSITIVE_INFINITY), fr2.compare(VectorOperators.NE, fr2));
            d2 = d2.blend(FloatVector.broadcast(FS, TINY), d2.compare(VectorOperators.LT, FloatVector.broadcast(FS, TINY)));
            FloatVector drift = fr.sub(cycleRe).abs().add(fi.sub(cycleIm).abs())
                    .blend(FloatVector.broadcast(FS, 1f), fr2.compare(VectorOperators.GT, lim));
            // the group's end test: the limit becomes -1 in the lanes that cycled (drift from the saved z within
            // PERIOD_EPS), ran out of budget or are in the basin disk. Written out, not called: on AVX2, C2 stopped
            // inlining such a call here (NodeCountInliningCutoff) and boxed every vector passed to it
            FloatVector dr = fr.sub(FloatVector.broadcast(FS, basinReF));
            FloatVector di = fi.sub(FloatVector.broadcast(FS, basinImF));
            FloatVector cycled = drift.sub(PERIOD_EPS);
            FloatVector spent = FloatVector.broadcast(FS, lastStep).sub(steps);
            FloatVector inBasin = dr.mul(dr).add(di.mul(di)).sub(basinR2F);
            FloatVector retire = cycled.blend(spent, spent.compare(VectorOperators.LT, cycled));
            retire = retire.blend(inBasin, inBasin.compare(VectorOperators.LT, retire));
            lim = lim.blend(FloatVector.broadcast(FS, -1f), retire.compare(VectorOperators.LT, 0));
            VectorMask<Float> save = steps.compare(VectorOperators.EQ, saveAt);
            cycleRe = cycleRe.blend(fr, save);
            cycleIm = cycleIm.blend(fi, save);
            FloatVector interval = saveAt.sub((float) FIRST_GROUP);
            saveAt = saveAt.blend(saveAt.add(interval.blend(FloatVector.broadcast(FS, MAX_SAVE_INTERVAL),
                    interval.compare(VectorOperators.GT, MAX_SAVE_INTERVAL))), save);
            zr.intoArray(this.zr, 0);
            zi.intoArray(this.zi, 0);
            fr.intoArray(this.fr, 0);
            fi.intoArray(this.fi, 0);
            fr2.intoArray(this.fr2, 0);
            d2.intoArray(this.d2, 0);
            steps.intoArray(this.steps, 0);
            trapBits.reinterpretAsFloats().intoArray(this.trap, 0);
            lim.intoArray(this.limit, 0);
            cycleRe.intoArray(this.cycleRe, 0);
            cycleIm.intoArray(this.cycleIm, 0);
            saveAt.intoArray(this.saveAt, 0);
            running = !fr2.compare(VectorOperators.GT, lim).anyTrue();
        }
    }

    /** The lanes past their limit after {@link #runGroups}, one bit per lane. */
    private int doneLanes() {
        int done = 0;
        for (int lane = 0; lane < LANES; lane++) {
            done |= fr2[lane] > limit[lane] ? 1 << lane : 0;
        }
        return done;
    }
}
