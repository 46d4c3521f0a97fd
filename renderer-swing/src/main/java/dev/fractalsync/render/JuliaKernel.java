package dev.fractalsync.render;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The renderer's escape-time Julia kernel {@code z -> z^2 + c} on SIMD lanes (Vector API), multithreaded over bands
 * of rows.
 * <p>
 * Each lane is one pixel; a vector of pixels of one row iterates in lockstep until every lane has escaped, cycled or
 * spent the budget. Float lanes (16 with AVX-512) are used while a pixel is many float ulps wide; zoomed deeper the
 * kernel switches to double lanes ({@link Precision#AUTO}). Two tricks of the scalar kernel are kept: the view is
 * centred on the origin, so the image is point-symmetric and only the top half of the rows is iterated; and interior
 * points are found early by periodicity checking (an attracting cycle repeats z up to rounding).
 * <p>
 * Besides the escape count, every lane carries what the shading needs: the squared derivative |dz/dz0|² for the
 * distance estimate (exterior glow), the orbit's closest approach to the origin (orbit trap) and the final z (its
 * angle shades the interior). The palette turns them into colour.
 * <p>
 * Threads: the kernel owns {@code threads - 1} daemon workers; the calling thread works too. {@link #render} must not
 * be called concurrently from several threads.
 */
public final class JuliaKernel implements AutoCloseable {
    /** Which lanes to iterate on. */
    public enum Precision {
        /** Float lanes when a pixel spans at least {@link #FLOAT_MIN_PIXEL}, double lanes below. */
        AUTO,
        FLOAT,
        DOUBLE
    }

    /**
     * Smallest pixel spacing rendered on float lanes: about 80 float ulps at |z| = 2 (ulp 2.4e-7), so the pixel
     * grid stays exact to a few percent of a pixel; deeper zooms use double lanes.
     */
    public static final double FLOAT_MIN_PIXEL = 2e-5;
    static final double BAILOUT_SQ = ScalarJuliaKernel.BAILOUT_SQ;
    private static final double PERIOD_EPS_DOUBLE = 1e-11;
    /** A float orbit that has converged onto a cycle repeats within a few ulps (ulp of 1 is 1.2e-7). */
    private static final float PERIOD_EPS_FLOAT = 1e-6f;
    private static final int ROWS_PER_BAND = 2;
    /*
     * 256-bit vectors although the machine has AVX-512: Java 17's C2 moves 512-bit masks between k-registers and
     * vectors around every compare and blend, which made a masked 16-lane step cost 3x a masked 8-lane step (7 ns
     * against 3 ns on the 2-core build machine), more than the doubled lane count gains.
     */
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_256;
    /** Steps between two periodicity tests; a cycle is still caught, at most this many steps later. */
    private static final int CYCLE_TEST_STRIDE = 4;

    private final Thread[] workers;
    private final Lanes[] lanes;
    private final Object lock = new Object();
    private final AtomicInteger nextBand = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private long generation;
    private boolean closed;

    // Frame job, written by the caller before the generation bump and read by workers after it (monitor hand-off).
    private int[] dst;
    private boolean writeCounts;
    private boolean useFloat;
    private int width;
    private int height;
    private int halfRows;
    private int bands;
    private double cRe;
    private double cIm;
    private double originRe;
    private double originIm;
    private double colRe;
    private double colIm;
    private double rowRe;
    private double rowIm;
    private double inversePixel;
    private int maxIter;
    private JuliaPalette palette;

    /** Per-thread scratch: one vector's results spilled to arrays for the scalar shading pass. */
    private static final class Lanes {
        final float[] iota = new float[FS.length()];
        final float[] count = new float[FS.length()];
        final float[] cycled = new float[FS.length()];
        final float[] r2 = new float[FS.length()];
        final float[] d2 = new float[FS.length()];
        final float[] trap = new float[FS.length()];
        final float[] zr = new float[FS.length()];
        final float[] zi = new float[FS.length()];
        final float[] nowR2 = new float[FS.length()];
        final float[] nowD2 = new float[FS.length()];
        final float[] nowTrap = new float[FS.length()];
        final float[] nowRe = new float[FS.length()];
        final float[] nowIm = new float[FS.length()];
        final float[] nowDrift = new float[FS.length()];
        /** |dz/dz0|² / 4^k after INTERIOR_SHADING_STEP steps. */
        final float[] early = new float[FS.length()];
        final double[] iotaD = new double[DS.length()];
        final double[] countD = new double[DS.length()];
        final double[] cycledD = new double[DS.length()];
        final double[] r2D = new double[DS.length()];
        final double[] d2D = new double[DS.length()];
        final double[] trapD = new double[DS.length()];
        final double[] zrD = new double[DS.length()];
        final double[] ziD = new double[DS.length()];
        final double[] nowR2D = new double[DS.length()];
        final double[] nowD2D = new double[DS.length()];
        final double[] nowTrapD = new double[DS.length()];
        final double[] nowReD = new double[DS.length()];
        final double[] nowImD = new double[DS.length()];
        final double[] nowDriftD = new double[DS.length()];
        final double[] earlyD = new double[DS.length()];

        Lanes() {
            for (int i = 0; i < iota.length; i++) {
                iota[i] = i;
            }
            for (int i = 0; i < iotaD.length; i++) {
                iotaD[i] = i;
            }
        }
    }

    /** A kernel using every available core. */
    public JuliaKernel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public JuliaKernel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        lanes = new Lanes[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new Lanes();
        }
        for (int i = 0; i < workers.length; i++) {
            Lanes own = lanes[i + 1];
            Thread t = new Thread(() -> workerLoop(own), "julia-kernel-" + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /**
     * Renders small frames on both lane widths until the JIT has compiled the vector loops. Interpreted, the Vector
     * API boxes every lane operation and a first full-size frame took seconds; a few hundred tiny frames get the
     * loops compiled at a fraction of that cost. Returns the milliseconds it took.
     */
    public double warmUp() {
        long start = System.nanoTime();
        JuliaPalette palette = new JuliaPalette();
        int[] frame = new int[48 * 28];
        for (int i = 0; i < WARM_UP_FRAMES; i++) {
            double angle = 0.1 * i;
            Precision precision = i % 4 == 3 ? Precision.DOUBLE : Precision.FLOAT;
            render(frame, 48, 28, 0.38 * Math.cos(angle) - 0.1, 0.38 * Math.sin(angle), 1.3, 0.2, 48, palette, precision);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static final int WARM_UP_FRAMES = 400;

    /** Number of threads that compute a frame (workers plus the caller). */
    public int threads() {
        return workers.length + 1;
    }

    /** Lanes per vector for float and double iteration on this machine, e.g. "16 float / 8 double". */
    public static String laneWidths() {
        return FS.length() + " float / " + DS.length() + " double";
    }

    /** True when {@link Precision#AUTO} renders a view of this pixel spacing on float lanes. */
    public static boolean floatLanesFor(double pixelSpacing) {
        return pixelSpacing >= FLOAT_MIN_PIXEL;
    }

    /**
     * Renders one frame into {@code argb} (row-major, {@code width*height} entries, opaque ARGB), choosing float or
     * double lanes by the pixel spacing.
     *
     * @param halfHeight half of the view height in complex-plane units (smaller = zoomed in)
     * @param rotation   view rotation in radians
     * @param maxIter    iteration budget (points that survive it are interior)
     */
    public void render(int[] argb, int width, int height, double cRe, double cIm, double halfHeight, double rotation,
                       int maxIter, JuliaPalette palette) {
        render(argb, width, height, cRe, cIm, halfHeight, rotation, maxIter, palette, Precision.AUTO);
    }

    /** {@link #render(int[], int, int, double, double, double, double, int, JuliaPalette)} with a chosen precision. */
    public void render(int[] argb, int width, int height, double cRe, double cIm, double halfHeight, double rotation,
                       int maxIter, JuliaPalette palette, Precision precision) {
        run(argb, false, width, height, cRe, cIm, halfHeight, rotation, maxIter, palette, precision);
    }

    /**
     * The escape counts instead of colours: per pixel the number of iterations before |z|² exceeded the bailout, or
     * -1 for interior points (cycled or survived {@code maxIter}). For tests against the scalar reference.
     */
    void escapeCounts(int[] counts, int width, int height, double cRe, double cIm, double halfHeight, double rotation,
                      int maxIter, Precision precision) {
        run(counts, true, width, height, cRe, cIm, halfHeight, rotation, maxIter, null, precision);
    }

    private void run(int[] out, boolean counts, int width, int height, double cRe, double cIm, double halfHeight,
                     double rotation, int maxIter, JuliaPalette palette, Precision precision) {
        if (width < 1 || height < 1 || out.length < width * height) {
            throw new IllegalArgumentException("buffer of " + out.length + " cannot hold " + width + "x" + height);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        double pixel = 2.0 * halfHeight / height;
        double cos = Math.cos(rotation);
        double sin = Math.sin(rotation);
        // Pixel (x, y) sits at ((x - (w-1)/2) * pixel, ((h-1)/2 - y) * pixel) before rotation: exact point symmetry.
        double ux = -(width - 1) * 0.5 * pixel;
        double uy = (height - 1) * 0.5 * pixel;
        this.dst = out;
        this.writeCounts = counts;
        this.useFloat = precision == Precision.FLOAT || (precision == Precision.AUTO && floatLanesFor(pixel));
        this.width = width;
        this.height = height;
        this.halfRows = (height + 1) / 2;
        this.bands = (halfRows + ROWS_PER_BAND - 1) / ROWS_PER_BAND;
        this.cRe = cRe;
        this.cIm = cIm;
        this.originRe = ux * cos - uy * sin;
        this.originIm = ux * sin + uy * cos;
        this.colRe = pixel * cos;
        this.colIm = pixel * sin;
        this.rowRe = pixel * sin;
        this.rowIm = -pixel * cos;
        this.inversePixel = 1.0 / pixel;
        this.maxIter = maxIter;
        this.palette = palette;

        nextBand.set(0);
        pending.set(workers.length);
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
        renderBands(lanes[0]);
        if (workers.length > 0) {
            synchronized (lock) {
                while (pending.get() > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while rendering", e);
                    }
                }
            }
        }
        this.dst = null;
        this.palette = null;
    }

    private void workerLoop(Lanes own) {
        long seen = 0;
        while (true) {
            synchronized (lock) {
                while (generation == seen && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
            }
            renderBands(own);
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    private void renderBands(Lanes own) {
        int b;
        while ((b = nextBand.getAndIncrement()) < bands) {
            int y0 = b * ROWS_PER_BAND;
            int y1 = Math.min(halfRows, y0 + ROWS_PER_BAND);
            for (int y = y0; y < y1; y++) {
                if (useFloat) {
                    renderRowFloat(y, own);
                } else {
                    renderRowDouble(y, own);
                }
            }
        }
    }

    /*
     * Every lane iterates every step: a lane that escaped keeps growing (to infinity, then NaN), so "r2 <= bailout"
     * stays false for it, and its count, |z|² and derivative are captured on the step it escaped. The hot loop holds
     * only arithmetic, compares and mask tests: Java 17's C2 does not intrinsify mask logic (and, andNot) nor keep
     * masks across loop iterations, and its inlining budget runs out in long vector methods, so everything rare
     * (captures, retiring cycled lanes) is scalar code over the lanes spilled to arrays.
     */
    private void renderRowFloat(int y, Lanes s) {
        final int w = width;
        final int budget = maxIter;
        final int n = FS.length();
        final float bailout = (float) BAILOUT_SQ;
        final float eps = PERIOD_EPS_FLOAT;
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        final float[] count = s.count;
        final float[] cycled = s.cycled;
        final float[] outR2 = s.r2;
        final float[] outD2 = s.d2;
        final float[] early = s.early;
        final float[] outTrap = s.trap;
        final float[] outRe = s.zr;
        final float[] outIm = s.zi;
        final float[] nowR2 = s.nowR2;
        final float[] nowD2 = s.nowD2;
        final float[] nowTrap = s.nowTrap;
        final float[] nowRe = s.nowRe;
        final float[] nowIm = s.nowIm;
        for (int x = 0; x < w; x += n) {
            // Vectors are made inside the chunk loop: a vector live across the shading calls below would be boxed,
            // and Java 17's C2 then runs every operation on it through the slow non-intrinsic path.
            FloatVector cr = FloatVector.broadcast(FS, (float) cRe);
            FloatVector ci = FloatVector.broadcast(FS, (float) cIm);
            FloatVector tiny = FloatVector.broadcast(FS, 1e-30f);
            FloatVector iota = FloatVector.fromArray(FS, s.iota, 0);
            FloatVector zr = iota.mul((float) colRe).add((float) (rowStartRe + x * colRe));
            FloatVector zi = iota.mul((float) colIm).add((float) (rowStartIm + x * colIm));
            FloatVector zr2 = zr.mul(zr);
            FloatVector zi2 = zi.mul(zi);
            FloatVector r2 = zr2.add(zi2);
            // |dz_k/dz0|² / 4^k: the factor 4 per step is put back from the count when shading
            FloatVector d2 = FloatVector.broadcast(FS, 1);
            FloatVector trap = r2;
            FloatVector cycleRe = zr;
            FloatVector cycleIm = zi;
            r2.intoArray(nowR2, 0);
            boolean anyAlive = false;
            for (int lane = 0; lane < n; lane++) {
                cycled[lane] = 0;
                boolean alive = nowR2[lane] <= bailout;
                count[lane] = alive ? -1 : 0;
                outR2[lane] = nowR2[lane];
                outD2[lane] = 1;
                early[lane] = 1;
                anyAlive |= alive;
            }
            int checkEvery = 8;
            int sinceCheck = 0;
            int it = 0;
            while (anyAlive && it < budget) {
                FloatVector nextIm = zr.add(zr).mul(zi).add(ci);
                zr = zr2.sub(zi2).add(cr);
                zi = nextIm;
                // kept above the subnormal range: contracting interior orbits would underflow, and subnormal
                // arithmetic is slower by two orders of magnitude
                d2 = d2.mul(r2).max(tiny);
                FloatVector previousR2 = r2;
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                trap = trap.min(r2);
                it++;
                if (it == INTERIOR_SHADING_STEP) {
                    d2.intoArray(s.early, 0);
                }
                // a lane escaped on this step: r2 > bailout >= previous r2 (NaN, from lanes long gone, fails it)
                if (r2.sub(bailout).min(previousR2.neg().add(bailout)).compare(VectorOperators.GT, 0).anyTrue()) {
                    r2.intoArray(nowR2, 0);
                    d2.intoArray(nowD2, 0);
                    for (int lane = 0; lane < n; lane++) {
                        if (count[lane] < 0 && nowR2[lane] > bailout) {
                            count[lane] = it;
                            outR2[lane] = nowR2[lane];
                            outD2[lane] = nowD2[lane];
                        }
                    }
                }
                anyAlive = r2.compare(VectorOperators.LE, bailout).anyTrue();
                if ((it & (CYCLE_TEST_STRIDE - 1)) == 0) {
                    FloatVector drift = zr.sub(cycleRe).abs().add(zi.sub(cycleIm).abs());
                    if (drift.compare(VectorOperators.LT, eps).anyTrue()) {
                        drift.intoArray(s.nowDrift, 0);
                        zr.intoArray(nowRe, 0);
                        zi.intoArray(s.nowIm, 0);
                        r2.intoArray(nowR2, 0);
                        d2.intoArray(nowD2, 0);
                        trap.intoArray(nowTrap, 0);
                        anyAlive = retireCycledFloat(s, it, eps, n);
                        zr = FloatVector.fromArray(FS, nowRe, 0);
                        zr2 = zr.mul(zr);
                        r2 = zr2.add(zi2);
                    }
                }
                if (++sinceCheck == checkEvery) {
                    sinceCheck = 0;
                    if (checkEvery < 1024) {
                        checkEvery <<= 1;
                    }
                    cycleRe = zr;
                    cycleIm = zi;
                }
            }
            // Lanes still alive after the budget are interior too.
            zr.intoArray(nowRe, 0);
            zi.intoArray(nowIm, 0);
            d2.intoArray(nowD2, 0);
            trap.intoArray(nowTrap, 0);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = count[lane] < 0 || cycled[lane] != 0;
                if (count[lane] < 0) {
                    count[lane] = it;
                    outD2[lane] = nowD2[lane];
                    outTrap[lane] = nowTrap[lane];
                    outRe[lane] = nowRe[lane];
                    outIm[lane] = nowIm[lane];
                }
                int value = writeCounts ? (interior ? -1 : (int) count[lane])
                        : shade(interior, count[lane], outR2[lane], interior ? early[lane] : outD2[lane], outTrap[lane],
                        outRe[lane], outIm[lane]);
                store(y, x + lane, value);
            }
        }
    }

    /**
     * Marks the alive lanes whose orbit came back within {@code eps} of its saved point (lane state spilled to the
     * {@code now*} arrays) as interior, keeps their shading state, and poisons their real part in {@code s.nowRe} with NaN (which retires them:
     * NaN never compares below the bailout). Returns whether any lane is still alive.
     */
    private static boolean retireCycledFloat(Lanes s, int it, float eps, int n) {
        float[] nowDrift = s.nowDrift;
        boolean alive = false;
        for (int lane = 0; lane < n; lane++) {
            if (s.count[lane] >= 0) {
                continue;
            }
            if (nowDrift[lane] < eps) {
                s.count[lane] = it;
                s.cycled[lane] = 1;
                s.d2[lane] = s.nowD2[lane];
                s.trap[lane] = s.nowTrap[lane];
                s.zr[lane] = s.nowRe[lane];
                s.zi[lane] = s.nowIm[lane];
                s.nowRe[lane] = Float.NaN;
            } else {
                alive |= s.nowR2[lane] <= BAILOUT_SQ;
            }
        }
        return alive;
    }

    private void renderRowDouble(int y, Lanes s) {
        final int w = width;
        final int budget = maxIter;
        final int n = DS.length();
        final double bailout = (double) BAILOUT_SQ;
        final double eps = PERIOD_EPS_DOUBLE;
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        final double[] count = s.countD;
        final double[] cycled = s.cycledD;
        final double[] outR2 = s.r2D;
        final double[] outD2 = s.d2D;
        final double[] early = s.earlyD;
        final double[] outTrap = s.trapD;
        final double[] outRe = s.zrD;
        final double[] outIm = s.ziD;
        final double[] nowR2 = s.nowR2D;
        final double[] nowD2 = s.nowD2D;
        final double[] nowTrap = s.nowTrapD;
        final double[] nowRe = s.nowReD;
        final double[] nowIm = s.nowImD;
        for (int x = 0; x < w; x += n) {
            // Vectors are made inside the chunk loop: a vector live across the shading calls below would be boxed,
            // and Java 17's C2 then runs every operation on it through the slow non-intrinsic path.
            DoubleVector cr = DoubleVector.broadcast(DS, (double) cRe);
            DoubleVector ci = DoubleVector.broadcast(DS, (double) cIm);
            DoubleVector tiny = DoubleVector.broadcast(DS, 1e-300);
            DoubleVector iota = DoubleVector.fromArray(DS, s.iotaD, 0);
            DoubleVector zr = iota.mul((double) colRe).add((double) (rowStartRe + x * colRe));
            DoubleVector zi = iota.mul((double) colIm).add((double) (rowStartIm + x * colIm));
            DoubleVector zr2 = zr.mul(zr);
            DoubleVector zi2 = zi.mul(zi);
            DoubleVector r2 = zr2.add(zi2);
            // |dz_k/dz0|² / 4^k: the factor 4 per step is put back from the count when shading
            DoubleVector d2 = DoubleVector.broadcast(DS, 1);
            DoubleVector trap = r2;
            DoubleVector cycleRe = zr;
            DoubleVector cycleIm = zi;
            r2.intoArray(nowR2, 0);
            boolean anyAlive = false;
            for (int lane = 0; lane < n; lane++) {
                cycled[lane] = 0;
                boolean alive = nowR2[lane] <= bailout;
                count[lane] = alive ? -1 : 0;
                outR2[lane] = nowR2[lane];
                outD2[lane] = 1;
                early[lane] = 1;
                anyAlive |= alive;
            }
            int checkEvery = 8;
            int sinceCheck = 0;
            int it = 0;
            while (anyAlive && it < budget) {
                DoubleVector nextIm = zr.add(zr).mul(zi).add(ci);
                zr = zr2.sub(zi2).add(cr);
                zi = nextIm;
                // kept above the subnormal range: contracting interior orbits would underflow, and subnormal
                // arithmetic is slower by two orders of magnitude
                d2 = d2.mul(r2).max(tiny);
                DoubleVector previousR2 = r2;
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                trap = trap.min(r2);
                it++;
                if (it == INTERIOR_SHADING_STEP) {
                    d2.intoArray(s.earlyD, 0);
                }
                // a lane escaped on this step: r2 > bailout >= previous r2 (NaN, from lanes long gone, fails it)
                if (r2.sub(bailout).min(previousR2.neg().add(bailout)).compare(VectorOperators.GT, 0).anyTrue()) {
                    r2.intoArray(nowR2, 0);
                    d2.intoArray(nowD2, 0);
                    for (int lane = 0; lane < n; lane++) {
                        if (count[lane] < 0 && nowR2[lane] > bailout) {
                            count[lane] = it;
                            outR2[lane] = nowR2[lane];
                            outD2[lane] = nowD2[lane];
                        }
                    }
                }
                anyAlive = r2.compare(VectorOperators.LE, bailout).anyTrue();
                if ((it & (CYCLE_TEST_STRIDE - 1)) == 0) {
                    DoubleVector drift = zr.sub(cycleRe).abs().add(zi.sub(cycleIm).abs());
                    if (drift.compare(VectorOperators.LT, eps).anyTrue()) {
                        drift.intoArray(s.nowDriftD, 0);
                        zr.intoArray(nowRe, 0);
                        zi.intoArray(s.nowImD, 0);
                        r2.intoArray(nowR2, 0);
                        d2.intoArray(nowD2, 0);
                        trap.intoArray(nowTrap, 0);
                        anyAlive = retireCycledDouble(s, it, eps, n);
                        zr = DoubleVector.fromArray(DS, nowRe, 0);
                        zr2 = zr.mul(zr);
                        r2 = zr2.add(zi2);
                    }
                }
                if (++sinceCheck == checkEvery) {
                    sinceCheck = 0;
                    if (checkEvery < 1024) {
                        checkEvery <<= 1;
                    }
                    cycleRe = zr;
                    cycleIm = zi;
                }
            }
            // Lanes still alive after the budget are interior too.
            zr.intoArray(nowRe, 0);
            zi.intoArray(nowIm, 0);
            d2.intoArray(nowD2, 0);
            trap.intoArray(nowTrap, 0);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = count[lane] < 0 || cycled[lane] != 0;
                if (count[lane] < 0) {
                    count[lane] = it;
                    outD2[lane] = nowD2[lane];
                    outTrap[lane] = nowTrap[lane];
                    outRe[lane] = nowRe[lane];
                    outIm[lane] = nowIm[lane];
                }
                int value = writeCounts ? (interior ? -1 : (int) count[lane])
                        : shade(interior, count[lane], outR2[lane], interior ? early[lane] : outD2[lane], outTrap[lane],
                        outRe[lane], outIm[lane]);
                store(y, x + lane, value);
            }
        }
    }

    /**
     * Marks the alive lanes whose orbit came back within {@code eps} of its saved point (lane state spilled to the
     * {@code now*} arrays) as interior, keeps their shading state, and poisons their real part in {@code s.nowRe} with NaN (which retires them:
     * NaN never compares below the bailout). Returns whether any lane is still alive.
     */
    private static boolean retireCycledDouble(Lanes s, int it, double eps, int n) {
        double[] nowDrift = s.nowDriftD;
        boolean alive = false;
        for (int lane = 0; lane < n; lane++) {
            if (s.countD[lane] >= 0) {
                continue;
            }
            if (nowDrift[lane] < eps) {
                s.countD[lane] = it;
                s.cycledD[lane] = 1;
                s.d2D[lane] = s.nowD2D[lane];
                s.trapD[lane] = s.nowTrapD[lane];
                s.zrD[lane] = s.nowReD[lane];
                s.ziD[lane] = s.nowImD[lane];
                s.nowReD[lane] = Double.NaN;
            } else {
                alive |= s.nowR2D[lane] <= BAILOUT_SQ;
            }
        }
        return alive;
    }

    /** Writes a top-half pixel and its point-mirrored twin in the bottom half. */
    private void store(int y, int x, int value) {
        int w = width;
        dst[y * w + x] = value;
        dst[(height - 1 - y) * w + (w - 1 - x)] = value;
    }

    private int shade(boolean interior, double count, double r2, double d2, double trap, double zr, double zi) {
        JuliaPalette p = palette;
        if (interior) {
            // d2 is |dz/dz0|² after a few steps: continuous within each Fatou component and falling to zero at the
            // preimages of the critical point, so its logarithm draws contour rings that follow the dynamics; the
            // final z's angle tells the cycle's points apart, and the orbit trap (closest approach to 0) adds a
            // smooth term.
            double turns = INTERIOR_TURNS_PER_OCTAVE * ScalarJuliaKernel.fastLog2(Math.max(d2, 1e-30))
                    + fastAtan2Turns(zi, zr) + p.trapWeight() * Math.sqrt(trap);
            return p.interiorColour(turns);
        }
        double log2R2 = ScalarJuliaKernel.fastLog2(r2);
        double nu = count + 1.0 - ScalarJuliaKernel.fastLog2(0.5 * LN2 * log2R2);
        // Distance estimate |z| ln|z| / |dz|, in pixels; the lanes carry |dz|² / 4^count.
        int steps = (int) count;
        double halfPow = steps < 1000 ? Double.longBitsToDouble((long) (1023 - steps) << 52) : 0.0; // 2^-steps
        double distancePx = Math.sqrt(r2 / d2) * (0.5 * LN2 * log2R2) * halfPow * inversePixel;
        return p.exteriorColour(nu / maxIter, distancePx);
    }

    private static final double LN2 = Math.log(2.0);
    private static final double INTERIOR_TURNS_PER_OCTAVE = 0.06;
    /** The step whose derivative shades the interior. */
    private static final int INTERIOR_SHADING_STEP = 6;

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

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
