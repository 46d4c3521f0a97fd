package dev.fractalsync.render;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

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
    private double pixel;
    private int maxIter;
    private JuliaPalette palette;

    /** Per-thread scratch: one vector's results spilled to arrays for the scalar shading pass. */
    private static final class Lanes {
        final float[] iota = new float[FS.length()];
        final double[] iotaD = new double[DS.length()];
        final float[] count = new float[FS.length()];
        final float[] r2 = new float[FS.length()];
        final float[] d2 = new float[FS.length()];
        final float[] trap = new float[FS.length()];
        final float[] zr = new float[FS.length()];
        final float[] zi = new float[FS.length()];
        final double[] countD = new double[DS.length()];
        final double[] r2D = new double[DS.length()];
        final double[] d2D = new double[DS.length()];
        final double[] trapD = new double[DS.length()];
        final double[] zrD = new double[DS.length()];
        final double[] ziD = new double[DS.length()];

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
        this.pixel = pixel;
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

    private void renderRowFloat(int y, Lanes s) {
        final int w = width;
        final int budget = maxIter;
        final int n = FS.length();
        final FloatVector cr = FloatVector.broadcast(FS, (float) cRe);
        final FloatVector ci = FloatVector.broadcast(FS, (float) cIm);
        final FloatVector one = FloatVector.broadcast(FS, 1f);
        final FloatVector iota = FloatVector.fromArray(FS, s.iota, 0);
        final float bailout = (float) BAILOUT_SQ;
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        for (int x = 0; x < w; x += n) {
            FloatVector zr = iota.mul((float) colRe).add((float) (rowStartRe + x * colRe));
            FloatVector zi = iota.mul((float) colIm).add((float) (rowStartIm + x * colIm));
            FloatVector zr2 = zr.mul(zr);
            FloatVector zi2 = zi.mul(zi);
            FloatVector r2 = zr2.add(zi2);
            FloatVector d2 = one;
            FloatVector trap = r2;
            FloatVector count = FloatVector.zero(FS);
            FloatVector cycleRe = zr;
            FloatVector cycleIm = zi;
            VectorMask<Float> active = r2.compare(VectorOperators.LE, bailout);
            VectorMask<Float> cycled = FS.maskAll(false);
            int checkEvery = 8;
            int sinceCheck = 0;
            int it = 0;
            while (active.anyTrue() && it < budget) {
                FloatVector nextIm = zr.add(zr).fma(zi, ci);
                FloatVector nextRe = zr2.sub(zi2).add(cr);
                // |dz_{k+1}|² = 4 |z_k|² |dz_k|²
                d2 = d2.blend(d2.mul(r2.mul(4f)), active);
                zr = zr.blend(nextRe, active);
                zi = zi.blend(nextIm, active);
                count = count.add(one, active);
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                trap = trap.min(r2);
                it++;
                VectorMask<Float> repeat = zr.sub(cycleRe).abs().add(zi.sub(cycleIm).abs())
                        .compare(VectorOperators.LT, PERIOD_EPS_FLOAT).and(active);
                if (repeat.anyTrue()) {
                    cycled = cycled.or(repeat);
                    active = active.andNot(repeat);
                }
                active = active.and(r2.compare(VectorOperators.LE, bailout));
                if (++sinceCheck == checkEvery) {
                    sinceCheck = 0;
                    if (checkEvery < 1024) {
                        checkEvery <<= 1;
                    }
                    cycleRe = zr;
                    cycleIm = zi;
                }
            }
            long inside = cycled.or(active).toLong();
            count.intoArray(s.count, 0);
            r2.intoArray(s.r2, 0);
            d2.intoArray(s.d2, 0);
            trap.intoArray(s.trap, 0);
            zr.intoArray(s.zr, 0);
            zi.intoArray(s.zi, 0);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = (inside >>> lane & 1L) != 0;
                int value = writeCounts ? (interior ? -1 : (int) s.count[lane])
                        : shade(interior, s.count[lane], s.r2[lane], s.d2[lane], s.trap[lane], s.zr[lane], s.zi[lane]);
                store(y, x + lane, value);
            }
        }
    }

    private void renderRowDouble(int y, Lanes s) {
        final int w = width;
        final int budget = maxIter;
        final int n = DS.length();
        final DoubleVector cr = DoubleVector.broadcast(DS, cRe);
        final DoubleVector ci = DoubleVector.broadcast(DS, cIm);
        final DoubleVector one = DoubleVector.broadcast(DS, 1.0);
        final DoubleVector iota = DoubleVector.fromArray(DS, s.iotaD, 0);
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        for (int x = 0; x < w; x += n) {
            DoubleVector zr = iota.mul(colRe).add(rowStartRe + x * colRe);
            DoubleVector zi = iota.mul(colIm).add(rowStartIm + x * colIm);
            DoubleVector zr2 = zr.mul(zr);
            DoubleVector zi2 = zi.mul(zi);
            DoubleVector r2 = zr2.add(zi2);
            DoubleVector d2 = one;
            DoubleVector trap = r2;
            DoubleVector count = DoubleVector.zero(DS);
            DoubleVector cycleRe = zr;
            DoubleVector cycleIm = zi;
            VectorMask<Double> active = r2.compare(VectorOperators.LE, BAILOUT_SQ);
            VectorMask<Double> cycled = DS.maskAll(false);
            int checkEvery = 8;
            int sinceCheck = 0;
            int it = 0;
            while (active.anyTrue() && it < budget) {
                DoubleVector nextIm = zr.add(zr).fma(zi, ci);
                DoubleVector nextRe = zr2.sub(zi2).add(cr);
                d2 = d2.blend(d2.mul(r2.mul(4.0)), active);
                zr = zr.blend(nextRe, active);
                zi = zi.blend(nextIm, active);
                count = count.add(one, active);
                zr2 = zr.mul(zr);
                zi2 = zi.mul(zi);
                r2 = zr2.add(zi2);
                trap = trap.min(r2);
                it++;
                VectorMask<Double> repeat = zr.sub(cycleRe).abs().add(zi.sub(cycleIm).abs())
                        .compare(VectorOperators.LT, PERIOD_EPS_DOUBLE).and(active);
                if (repeat.anyTrue()) {
                    cycled = cycled.or(repeat);
                    active = active.andNot(repeat);
                }
                active = active.and(r2.compare(VectorOperators.LE, BAILOUT_SQ));
                if (++sinceCheck == checkEvery) {
                    sinceCheck = 0;
                    if (checkEvery < 1024) {
                        checkEvery <<= 1;
                    }
                    cycleRe = zr;
                    cycleIm = zi;
                }
            }
            long inside = cycled.or(active).toLong();
            count.intoArray(s.countD, 0);
            r2.intoArray(s.r2D, 0);
            d2.intoArray(s.d2D, 0);
            trap.intoArray(s.trapD, 0);
            zr.intoArray(s.zrD, 0);
            zi.intoArray(s.ziD, 0);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = (inside >>> lane & 1L) != 0;
                int value = writeCounts ? (interior ? -1 : (int) s.countD[lane])
                        : shade(interior, s.countD[lane], s.r2D[lane], s.d2D[lane], s.trapD[lane], s.zrD[lane],
                        s.ziD[lane]);
                store(y, x + lane, value);
            }
        }
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
            // |dz/dz0|² when the orbit settled onto its cycle: continuous within each Fatou component and shrinking
            // towards its centre, so its logarithm draws contour rings that follow the dynamics; the final z's angle
            // tells the cycle's points apart, and the orbit trap (closest approach to 0) adds a smooth term.
            double turns = INTERIOR_TURNS_PER_OCTAVE * ScalarJuliaKernel.fastLog2(Math.max(d2, 1e-30))
                    + fastAtan2Turns(zi, zr) + p.trapWeight() * Math.sqrt(trap);
            return p.interiorColour(turns);
        }
        double log2R2 = ScalarJuliaKernel.fastLog2(r2);
        double nu = count + 1.0 - ScalarJuliaKernel.fastLog2(0.5 * LN2 * log2R2);
        // Distance estimate |z| ln|z| / |dz|, in pixels.
        double distancePx = Math.sqrt(r2 / d2) * (0.5 * LN2 * log2R2) / pixel;
        return p.exteriorColour(nu / maxIter, distancePx);
    }

    private static final double LN2 = Math.log(2.0);
    private static final double INTERIOR_TURNS_PER_OCTAVE = 0.04;

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
