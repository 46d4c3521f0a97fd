package dev.fractalsync.render;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The renderer's escape-time Julia kernel {@code z -> z^2 + c} on SIMD lanes (Vector API), multithreaded over bands
 * of rows.
 * <p>
 * Each lane is one pixel. On float lanes (16 with AVX-512, used while a pixel is many float ulps wide) a lane that is
 * done takes the next pixel of its band, so no lane waits for a slow neighbour; zoomed deeper the kernel switches to
 * double lanes ({@link Precision#AUTO}), where a vector of neighbouring pixels iterates in lockstep. Two tricks of the
 * scalar kernel are kept: the view is centred on the origin, so the image is point-symmetric and only the top half of
 * the rows is iterated; and interior points are found early by periodicity checking (an attracting cycle repeats z up
 * to rounding). A third finds them earlier still when c has an attracting cycle: an orbit that enters a proven disk
 * of the cycle's basin is interior ({@link AttractingCycle}).
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
        /** Float lanes, except for |c| > 240 (double lanes: see run). */
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
    private static final int ROWS_PER_BAND = 4;
    /*
     * 256-bit vectors although the machine has AVX-512: Java 17's C2 moves 512-bit masks between k-registers and
     * vectors around every compare and blend, which made a masked 16-lane step cost 3x a masked 8-lane step (7 ns
     * against 3 ns on the 2-core build machine), more than the doubled lane count gains.
     */
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_512;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_512;
    /** Lane order reversed: a band's pixels, point-mirrored, run backwards through the frame. */
    private static final VectorShuffle<Integer> REVERSED = VectorShuffle.fromOp(IS, i -> IS.length() - 1 - i);
    /** 1 << lane as float bit patterns, for turning a mask into a bit set with one OR-reduction. */
    private static final float[] LANE_BITS = new float[FS.length()];
    private static final int ALL_LANES = (1 << FS.length()) - 1;

    static {
        for (int i = 0; i < LANE_BITS.length; i++) {
            LANE_BITS[i] = Float.intBitsToFloat(1 << i);
        }
    }
    /** Steps between two periodicity tests; a cycle is still caught, at most this many steps later. */
    private static final int CYCLE_TEST_STRIDE = 4;
    /**
     * Steps of the first pass over a band's pixels (all in lockstep, see firstGroupFloat): most pixels escape within
     * them. The derivative at its end shades the interior.
     */
    private static final int FIRST_GROUP = 8;
    /** The step whose derivative shades the interior. */
    private static final int INTERIOR_SHADING_STEP = FIRST_GROUP;
    /**
     * The refill loop's float lanes are tested for periodicity, checked for being done and refilled every GROUP steps
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
    /**
     * Floor of a float lane's derivative, applied once per group, so that contracting interior orbits rarely reach
     * the subnormal range (below 1.2e-38) within a group; shading clamps the derivative far above this anyway.
     */
    private static final float TINY_FLOAT = 1e-20f;
    /** Start point of a lane with no pixel left: escapes at once and is never reported. */
    private static final float PARKED = 1e18f;
    /** 1.5 * 2^23: adding it to a float below 2^22 in magnitude leaves the rounded integer in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

    private final Thread[] workers;
    private final Lanes[] lanes;
    private final Object lock = new Object();
    private final AtomicInteger nextBand = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    /** Bumped (under the lock) for each frame; volatile so that workers woken by prepare() can spin on it. */
    private volatile long generation;
    /** Bumped (under the lock) by each prepare(). */
    private long prepareCalls;
    private volatile boolean closed;

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
    /**
     * The attracting cycle's basin disk (see AttractingCycle) for float lanes: centre, and radius² slightly inside
     * the proven radius for float rounding, -1 (never inside) without an attracting cycle.
     */
    private float basinReF;
    private float basinImF;
    private float basinR2F = -1f;
    private boolean scalarShading;
    private double cycleCRe = Double.NaN;
    private double cycleCIm = Double.NaN;

    /** Per-thread scratch: one vector's final lane state, spilled to arrays for the scalar shading pass. */
    private static final class Lanes {
        final float[] count = new float[FS.length()];
        final float[] limit = new float[FS.length()];
        final float[] r2 = new float[FS.length()];
        final float[] d2 = new float[FS.length()];
        final float[] trap = new float[FS.length()];
        final float[] zr = new float[FS.length()];
        final float[] zi = new float[FS.length()];
        final float[] startRe = new float[FS.length()];
        final float[] startIm = new float[FS.length()];
        final float[] startD2 = new float[FS.length()];
        final float[] startTrap = new float[FS.length()];
        /** The lane's pixel as an index into the band (-1: parked). */
        final int[] pixel = new int[FS.length()];
        // per pixel of the band being rendered: the done lane's state, shaded after the band's loop
        /** The lane's limit when done: negative for interior (cycled or out of budget). */
        float[] bandLimit = new float[0];
        float[] bandCount = new float[0];
        float[] bandR2 = new float[0];
        float[] bandD2 = new float[0];
        float[] bandTrap = new float[0];
        float[] bandRe = new float[0];
        float[] bandIm = new float[0];
        /** Per pixel: the index into the exterior-then-interior table, then (in place) the colour. */
        int[] bandTableIndex = new int[0];
        /** Per pixel: the glow step, then (in place) the glow's RGB increment. */
        int[] bandGlowStep = new int[0];
        /** Start points of the band's pixels, PARKED past its end up to a whole vector. */
        float[] bandStartRe = new float[0];
        float[] bandStartIm = new float[0];
        /** The band's pixels not done after the first group, in order (their state is in the band's result arrays). */
        int[] survivors = new int[0];
        final double[] iotaD = new double[DS.length()];
        final double[] countD = new double[DS.length()];
        final double[] limitD = new double[DS.length()];
        final double[] r2D = new double[DS.length()];
        final double[] d2D = new double[DS.length()];
        final double[] trapD = new double[DS.length()];
        final double[] zrD = new double[DS.length()];
        final double[] ziD = new double[DS.length()];
        final double[] earlyD = new double[DS.length()];

        void ensureBand(int pixels) {
            if (bandCount.length < pixels) {
                bandLimit = new float[pixels + FS.length()];
                bandCount = new float[pixels + FS.length()];
                bandR2 = new float[pixels + FS.length()];
                bandD2 = new float[pixels + FS.length()];
                bandTrap = new float[pixels + FS.length()];
                bandRe = new float[pixels + FS.length()];
                bandIm = new float[pixels + FS.length()];
                bandTableIndex = new int[pixels + FS.length()];
                bandGlowStep = new int[pixels + FS.length()];
                bandStartRe = new float[pixels + FS.length()];
                bandStartIm = new float[pixels + FS.length()];
                survivors = new int[pixels];
            }
        }

        Lanes() {
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
     * Renders small frames on both lane widths until the JIT has compiled the vector loops. Interpreted or compiled
     * by C1, the Vector API boxes every lane operation and a first full-size frame took seconds; a few hundred tiny
     * frames get the loops compiled at a fraction of that cost. C2 compiles them in the background, which took
     * until about a second after a fixed count of warm-up frames, so the warm-up goes on until its frames stop
     * allocating (the boxing is gone), within a time limit. Returns the milliseconds it took.
     */
    public double warmUp() {
        long start = System.nanoTime();
        long deadline = start + WARM_UP_LIMIT_NANOS;
        JuliaPalette palette = new JuliaPalette();
        // bands of 4 x 96 pixels: enough pixels survive the first group to keep all lanes busy, as in real frames
        int[] frame = new int[96 * 32];
        for (int block = 0; ; block++) {
            long allocatedBefore = allocatedBytes();
            for (int k = 0; k < WARM_UP_BLOCK; k++) {
                int i = block * WARM_UP_BLOCK + k;
                // c changes with each block (each new c costs a search for its attracting cycle, interpreted this
                // early): c = mu/2 - mu^2/4 with |mu| = 0.6, 0.97 and 1.02 in turn, strongly and weakly attracting
                // fixed points and c in bulbs or outside the set. The JIT must see every branch real frames take:
                // c without an attracting cycle, and groups ending with no lane done (slow interior orbits). A branch
                // it had never seen cost a recompilation on the first real frame.
                double theta = 0.7 * block;
                double r = block % 3 == 0 ? 0.6 : block % 3 == 1 ? 0.97 : 1.02;
                double mr = r * Math.cos(theta);
                double mi = r * Math.sin(theta);
                double cRe = mr / 2 - (mr * mr - mi * mi) / 4;
                double cIm = mi / 2 - mr * mi / 2;
                Precision precision = i % 4 == 3 ? Precision.DOUBLE : Precision.FLOAT;
                render(frame, 96, 32, cRe, cIm, 1.3, 0.2, 200, palette, precision);
            }
            long allocated = allocatedBytes() - allocatedBefore;
            boolean compiled = allocatedBefore >= 0 && allocated < WARM_UP_BLOCK * COMPILED_BYTES_PER_FRAME;
            int frames = (block + 1) * WARM_UP_BLOCK;
            if (frames >= WARM_UP_FRAMES && (compiled || allocatedBefore < 0) || System.nanoTime() > deadline) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** Frames per c in the warm-up. */
    private static final int WARM_UP_BLOCK = 25;
    /** Largest |c| for float lanes: 16^2 - 16, so that |z| > 16 implies |z^2 + c| > 16. */
    private static final double FREE_RUN_MAX_C = 240;
    /** The least number of warm-up frames. */
    private static final int WARM_UP_FRAMES = 400;
    private static final long WARM_UP_LIMIT_NANOS = 8_000_000_000L;
    /** A frame of compiled code allocates a few dozen bytes (the attracting cycle of a new c); boxing, kilobytes. */
    private static final long COMPILED_BYTES_PER_FRAME = 512;

    /** Bytes this thread allocated so far, or -1 where the JVM does not count them. */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean counting && counting.isThreadAllocatedMemoryEnabled()) {
            return counting.getCurrentThreadAllocatedBytes();
        }
        return -1;
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
        // Float lanes let z run on after it escaped (see renderBandFloat), exact only while an escaped orbit stays
        // escaped: |z| > 16 gives |z^2 + c| > 16 for |c| <= 240. Beyond (nothing on screen but dust), double lanes.
        boolean escapedStaysEscaped = cRe * cRe + cIm * cIm <= FREE_RUN_MAX_C * FREE_RUN_MAX_C;
        this.useFloat = escapedStaysEscaped
                && (precision == Precision.FLOAT || (precision == Precision.AUTO && floatLanesFor(pixel)));
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
        if (cRe != cycleCRe || cIm != cycleCIm) {
            AttractingCycle cycle = AttractingCycle.of(cRe, cIm);
            basinReF = (float) cycle.re();
            basinImF = (float) cycle.im();
            basinR2F = cycle.radius() > 0 ? (float) (0.81 * cycle.radius() * cycle.radius()) : -1f;
            cycleCRe = cRe;
            cycleCIm = cIm;
        }

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
        long seenPrepare = 0;
        while (true) {
            synchronized (lock) {
                while (generation == seen && prepareCalls == seenPrepare && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                seenPrepare = prepareCalls;
            }
            if (generation == seen) {
                // woken by prepare(): the frame is due shortly, wait for it running
                long until = System.nanoTime() + PREPARED_SPIN_NANOS;
                while (generation == seen && !closed && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                if (generation == seen) {
                    continue;
                }
            }
            // the frame's fields were written before the volatile generation was bumped
            seen = generation;
            renderBands(own);
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Tells the kernel that a frame will be rendered within a few milliseconds, so that its worker threads are
     * running when it comes. A worker waiting for work sleeps, and on a virtual machine it took 1 ms on average and
     * up to 5 ms to wake up after the 10 ms a window spends between frames; the frame meanwhile ran on fewer cores
     * (twice as long). Woken by this call, workers wait running for at most a few milliseconds.
     */
    public void prepare() {
        if (workers.length == 0) {
            return;
        }
        synchronized (lock) {
            prepareCalls++;
            lock.notifyAll();
        }
    }

    /** How long workers woken by {@link #prepare()} wait running for the frame. */
    private static final long PREPARED_SPIN_NANOS = 6_000_000L;

    private void renderBands(Lanes own) {
        int b;
        while ((b = nextBand.getAndIncrement()) < bands) {
            int y0 = b * ROWS_PER_BAND;
            int y1 = Math.min(halfRows, y0 + ROWS_PER_BAND);
            if (useFloat) {
                renderBandFloat(y0, y1, own);
            } else {
                for (int y = y0; y < y1; y++) {
                    renderRowDouble(y, own);
                }
            }
        }
    }

    /*
     * Float lanes with refill. Each lane is one pixel until it is done, then takes the next pixel of the band, so
     * lanes never wait for a slow neighbour (iterating a whole vector until its slowest pixel finished cost about
     * twice the work near the Julia set, where neighbouring escape counts differ wildly). Lanes are checked and
     * refilled every GROUP steps; in between, the loop is straight-line lane arithmetic.
     *
     * A lane steps only while |z|² is at or below its limit (the bailout, or -1 once it is known to be interior):
     * otherwise its state is frozen by blending the old values back in, so `steps` is the exact escape count and z
     * and the derivative are those the smooth count and the distance estimate need. A lane that ran the budget is
     * interior, whether or not it escaped later in its last group.
     *
     * Java 17's C2 intrinsifies compare, blend and anyTrue, but boxes masks combined with and/or, vectors assigned in
     * one branch of an if (they meet the old value in a phi) and vectors live across calls, and a boxed vector runs
     * every operation through allocating Java code. So nothing vector-valued is assigned conditionally: the refill is
     * an unconditional blend with the lanes' new start points, and the scalar code in between only reads and writes
     * arrays; shading runs after the band's loop.
     */
    private void renderBandFloat(int y0, int y1, Lanes s) {
        final int w = width;
        final int n = FS.length();
        final float bailout = (float) BAILOUT_SQ;
        final int budget = maxIter;
        // interior once z_budget is still within the limit, i.e. after budget + 1 alive steps (the scalar kernel's rule)
        final float lastStep = budget + 0.5f;
        final int total = (y1 - y0) * w;
        s.ensureBand(total);
        final float[] bandStartRe = s.bandStartRe;
        final float[] bandStartIm = s.bandStartIm;
        for (int y = y0, p = 0; y < y1; y++) {
            double rowStartRe = originRe + y * rowRe;
            double rowStartIm = originIm + y * rowIm;
            for (int x = 0; x < w; x++, p++) {
                bandStartRe[p] = (float) (rowStartRe + x * colRe);
                bandStartIm[p] = (float) (rowStartIm + x * colIm);
            }
        }
        for (int p = total; p < total + n; p++) {
            bandStartRe[p] = PARKED;
            bandStartIm[p] = 0f;
        }
        final int[] queue = s.survivors;
        final int queued = firstGroupFloat(s, total);
        final float[] startRe = s.startRe;
        final float[] startIm = s.startIm;
        final float[] startD2 = s.startD2;
        final float[] startTrap = s.startTrap;
        final int[] pixel = s.pixel;
        int next = 0;
        for (int lane = 0; lane < n; lane++) {
            if (next < queued) {
                int p = queue[next++];
                pixel[lane] = p;
                startRe[lane] = s.bandRe[p];
                startIm[lane] = s.bandIm[p];
                startD2[lane] = s.bandD2[p];
                startTrap[lane] = s.bandTrap[p];
            } else {
                pixel[lane] = -1;
                startRe[lane] = PARKED;
                startIm[lane] = 0f;
                startD2[lane] = 1f;
                startTrap[lane] = 0f;
            }
        }
        // Constants are broadcast where they are used (C2 hoists them): only the lanes' state lives in vector locals.
        final float cReF = (float) cRe;
        final float cImF = (float) cIm;
        final float basinReF = this.basinReF;
        final float basinImF = this.basinImF;
        final float basinR2F = this.basinR2F;
        FloatVector zr = FloatVector.fromArray(FS, startRe, 0);
        FloatVector zi = FloatVector.fromArray(FS, startIm, 0);
        FloatVector zr2 = zr.mul(zr);
        FloatVector zi2 = zi.mul(zi);
        FloatVector r2 = zr2.add(zi2);
        FloatVector fr = zr;
        FloatVector fi = zi;
        FloatVector fr2 = r2;
        // Each lane goes on from the state the first group left: z, |dz_k/dz0|² / 4^k (the factor 4 per step is put
        // back from the count when shading), the trap, FIRST_GROUP steps, z saved for the periodicity test. The
        // derivative after the first group, which shades the interior, stays in the band's array.
        FloatVector d2 = FloatVector.fromArray(FS, startD2, 0);
        FloatVector steps = FloatVector.broadcast(FS, (float) FIRST_GROUP);
        IntVector trapBits = (IntVector) FloatVector.fromArray(FS, startTrap, 0).viewAsIntegralLanes();
        FloatVector lim = FloatVector.broadcast(FS, bailout);
        FloatVector cycleRe = zr;
        FloatVector cycleIm = zi;
        FloatVector saveAt = FloatVector.broadcast(FS, SECOND_SAVE);
        int active = 0;
        for (int lane = 0; lane < n; lane++) {
            active += pixel[lane] >= 0 ? 1 : 0;
        }
        boolean working = active > 0;
        while (working) {
            for (int k = 0; k < GROUP; k++) {
                // z runs free: nothing on its dependency chain waits for a compare and blend (with them, a step's
                // latency was twice as long). While a lane is alive its frozen copy fr, fi, fr2 follows z; after it
                // escaped, z grows on (to inf and NaN, which compare as not alive) and the copy keeps the escaped z.
                // Testing alive on the copy instead cost 12-20 % more time per frame; run() keeps c where an escaped z
                // cannot fall back below the bailout.
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
                // |z|² >= 0 orders like its bits as ints: an integer min is one instruction, where Java's float min
                // (NaN and -0 rules) or a compare and blend on this loop-carried value doubled the cost of a step
                trapBits = trapBits.min((IntVector) fr2.viewAsIntegralLanes());
            }
            // A lane whose z overflowed to NaN (only from absurd views or c) would compare false forever; as +inf it
            // counts as escaped, so every lane finishes.
            fr2 = fr2.blend(FloatVector.broadcast(FS, Float.POSITIVE_INFINITY), fr2.compare(VectorOperators.NE, fr2));
            // kept above the subnormal range: contracting interior orbits would underflow, and subnormal arithmetic
            // is slower by two orders of magnitude
            d2 = d2.blend(FloatVector.broadcast(FS, TINY_FLOAT), d2.compare(VectorOperators.LT, FloatVector.broadcast(FS, TINY_FLOAT)));
            // Periodicity: an alive lane back within eps of its saved point is on an attracting cycle (an escaped
            // lane never counts).
            FloatVector drift = fr.sub(cycleRe).abs().add(fi.sub(cycleIm).abs())
                    .blend(FloatVector.broadcast(FS, 1f), fr2.compare(VectorOperators.GT, lim));
            // Retired as interior when any of three holds, tested as one minimum below zero (one blend: a third
            // blend on lim in a row made C2 box it): cycled, out of budget, or inside the attracting cycle's basin
            // disk (see AttractingCycle).
            FloatVector dr = fr.sub(FloatVector.broadcast(FS, basinReF));
            FloatVector di = fi.sub(FloatVector.broadcast(FS, basinImF));
            FloatVector cycled = drift.sub(PERIOD_EPS_FLOAT);
            FloatVector spent = FloatVector.broadcast(FS, lastStep).sub(steps);
            FloatVector inBasin = dr.mul(dr).add(di.mul(di)).sub(basinR2F);
            // minimum of the three by compare and blend (Java's float min is a long instruction sequence)
            FloatVector retire = cycled.blend(spent, spent.compare(VectorOperators.LT, cycled));
            retire = retire.blend(inBasin, inBasin.compare(VectorOperators.LT, retire));
            lim = lim.blend(FloatVector.broadcast(FS, -1f), retire.compare(VectorOperators.LT, 0));
            VectorMask<Float> save = steps.compare(VectorOperators.EQ, saveAt);
            cycleRe = cycleRe.blend(fr, save);
            cycleIm = cycleIm.blend(fi, save);
            // the interval since the first save doubles: saveAt - FIRST_GROUP, up to the max
            FloatVector interval = saveAt.sub((float) FIRST_GROUP);
            saveAt = saveAt.blend(saveAt.add(interval.blend(FloatVector.broadcast(FS, MAX_SAVE_INTERVAL),
                    interval.compare(VectorOperators.GT, MAX_SAVE_INTERVAL))), save);
            // done: past the limit (escaped, cycled, out of budget or in the basin disk)
            VectorMask<Float> finished = fr2.compare(VectorOperators.GT, lim);
            // spilled before the branch, which reads it back from the array: lim itself used inside the branch was
            // boxed by C2 on every pass
            lim.intoArray(s.limit, 0);
            if (finished.anyTrue()) {
                // one bit per lane: lane bits carried as float bit patterns through the blend, then an integer
                // OR-reduction (a tree; C2 adds floats in lane order, 16 dependent adds)
                int doneLanes = ((IntVector) FloatVector.zero(FS).blend(FloatVector.fromArray(FS, LANE_BITS, 0),
                        finished).viewAsIntegralLanes()).reduceLanes(VectorOperators.OR);
                steps.intoArray(s.count, 0);
                fr2.intoArray(s.r2, 0);
                d2.intoArray(s.d2, 0);
                trapBits.reinterpretAsFloats().intoArray(s.trap, 0);
                fr.intoArray(s.zr, 0);
                fi.intoArray(s.zi, 0);
                // Scalar bookkeeping, written out here: a call not inlined would box every vector live across
                // it. Results go to the band, and the lane takes the next survivor of the first group.
                for (int bits = doneLanes; bits != 0; bits &= bits - 1) {
                    int lane = Integer.numberOfTrailingZeros(bits);
                    int p = pixel[lane];
                    if (p < 0) {
                        continue;
                    }
                    float laneLimit = s.limit[lane];
                    s.bandLimit[p] = laneLimit;
                    s.bandCount[p] = s.count[lane];
                    s.bandR2[p] = s.r2[lane];
                    if (laneLimit >= 0) {
                        s.bandD2[p] = s.d2[lane];
                    }
                    s.bandTrap[p] = s.trap[lane];
                    s.bandRe[p] = s.zr[lane];
                    s.bandIm[p] = s.zi[lane];
                    if (next < queued) {
                        p = queue[next++];
                        pixel[lane] = p;
                        startRe[lane] = s.bandRe[p];
                        startIm[lane] = s.bandIm[p];
                        startD2[lane] = s.bandD2[p];
                        startTrap[lane] = s.bandTrap[p];
                    } else {
                        pixel[lane] = -1;
                        startRe[lane] = PARKED;
                        startIm[lane] = 0f;
                        startD2[lane] = 1f;
                        startTrap[lane] = 0f;
                        active--;
                    }
                }
                working = active > 0;
            }
            // Refill the done lanes with their new start points (a no-op blend when none is done). The mask is
            // computed again: one live across the branch above would be boxed.
            VectorMask<Float> done = fr2.compare(VectorOperators.GT, lim);
            FloatVector sr = FloatVector.fromArray(FS, startRe, 0);
            FloatVector si = FloatVector.fromArray(FS, startIm, 0);
            zr = zr.blend(sr, done);
            zi = zi.blend(si, done);
            zr2 = zr.mul(zr);
            zi2 = zi.mul(zi);
            r2 = zr2.add(zi2);
            fr = fr.blend(sr, done);
            fi = fi.blend(si, done);
            fr2 = fr2.blend(r2, done);
            d2 = d2.blend(FloatVector.fromArray(FS, startD2, 0), done);
            steps = steps.blend(FloatVector.broadcast(FS, (float) FIRST_GROUP), done);
            trapBits = (IntVector) trapBits.reinterpretAsFloats().blend(FloatVector.fromArray(FS, startTrap, 0), done)
                    .viewAsIntegralLanes();
            lim = lim.blend(FloatVector.broadcast(FS, bailout), done);
            cycleRe = cycleRe.blend(sr, done);
            cycleIm = cycleIm.blend(si, done);
            saveAt = saveAt.blend(FloatVector.broadcast(FS, SECOND_SAVE), done);
        }
        shadeBand(s, y0, y1);
    }

    /**
     * The band's first group of steps, on consecutive pixels in lockstep: most pixels of a frame escape within a few
     * steps, and taking them one by one through the refill's scalar bookkeeping cost several times their steps. The
     * arithmetic per step and at the group's end is that of the refill loop in {@link #renderBandFloat}. The rest go to {@code s.survivors}, in order; the refill loop takes them on from
     * the state stored for them in the band's result arrays. Returns how many survived.
     */
    private int firstGroupFloat(Lanes s, int total) {
        final int n = FS.length();
        final float bailout = (float) BAILOUT_SQ;
        final float lastStep = maxIter + 0.5f;
        final float cReF = (float) cRe;
        final float cImF = (float) cIm;
        final float basinReF = this.basinReF;
        final float basinImF = this.basinImF;
        final float basinR2F = this.basinR2F;
        final int[] queue = s.survivors;
        int queued = 0;
        for (int p0 = 0; p0 < total; p0 += n) {
            FloatVector startRe = FloatVector.fromArray(FS, s.bandStartRe, p0);
            FloatVector startIm = FloatVector.fromArray(FS, s.bandStartIm, p0);
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
            FloatVector lim = FloatVector.broadcast(FS, bailout);
            for (int k = 0; k < FIRST_GROUP; k++) {
                // z runs free, its frozen copy fr, fi, fr2 follows while alive (see renderBandFloat)
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
            d2 = d2.blend(FloatVector.broadcast(FS, TINY_FLOAT), d2.compare(VectorOperators.LT, FloatVector.broadcast(FS, TINY_FLOAT)));
            FloatVector early = FloatVector.broadcast(FS, 1f).blend(d2, steps.compare(VectorOperators.EQ, FIRST_GROUP));
            FloatVector drift = fr.sub(startRe).abs().add(fi.sub(startIm).abs())
                    .blend(FloatVector.broadcast(FS, 1f), fr2.compare(VectorOperators.GT, lim));
            FloatVector dr = fr.sub(FloatVector.broadcast(FS, basinReF));
            FloatVector di = fi.sub(FloatVector.broadcast(FS, basinImF));
            FloatVector cycled = drift.sub(PERIOD_EPS_FLOAT);
            FloatVector spent = FloatVector.broadcast(FS, lastStep).sub(steps);
            FloatVector inBasin = dr.mul(dr).add(di.mul(di)).sub(basinR2F);
            FloatVector retire = cycled.blend(spent, spent.compare(VectorOperators.LT, cycled));
            retire = retire.blend(inBasin, inBasin.compare(VectorOperators.LT, retire));
            lim = lim.blend(FloatVector.broadcast(FS, -1f), retire.compare(VectorOperators.LT, 0));
            VectorMask<Float> finished = fr2.compare(VectorOperators.GT, lim);
            // every lane's results, also those of survivors (overwritten when they finish)
            steps.intoArray(s.bandCount, p0);
            lim.intoArray(s.bandLimit, p0);
            fr2.intoArray(s.bandR2, p0);
            d2.blend(early, lim.compare(VectorOperators.LT, 0)).intoArray(s.bandD2, p0);
            trapBits.reinterpretAsFloats().intoArray(s.bandTrap, p0);
            fr.intoArray(s.bandRe, p0);
            fi.intoArray(s.bandIm, p0);
            int doneLanes = ((IntVector) FloatVector.zero(FS).blend(FloatVector.fromArray(FS, LANE_BITS, 0),
                    finished).viewAsIntegralLanes()).reduceLanes(VectorOperators.OR);
            // lanes past the band's end hold PARKED points, which are done at once
            for (int bits = ~doneLanes & ALL_LANES; bits != 0; bits &= bits - 1) {
                queue[queued++] = p0 + Integer.numberOfTrailingZeros(bits);
            }
        }
        return queued;
    }

    /**
     * Colours (or counts) the band from its result arrays: the arithmetic of {@link #shade} on float lanes (table
     * index and glow step of exterior pixels, ring index of interior ones), table lookups per pixel, the glow added on
     * int lanes, and vector stores to both halves of the frame. Scalar, the shading took a third of a frame.
     */
    private void shadeBand(Lanes s, int y0, int y1) {
        final int w = width;
        final int total = (y1 - y0) * w;
        if (!writeCounts && !scalarShading) {
            // three methods, so that C2 compiles each loop on its own: in about one JVM run in ten, the one
            // method holding all of them came out of C2 with its lane operations boxed
            shadeLanes(s, total);
            lookUpColours(s, total);
            storeBand(s, y0, y1);
            return;
        }
        for (int y = y0, i = 0; y < y1; y++) {
            for (int x = 0; x < w; x++, i++) {
                boolean interior = s.bandLimit[i] < 0;
                store(y, x, writeCounts ? (interior ? -1 : (int) s.bandCount[i])
                        : shade(interior, s.bandCount[i], s.bandR2[i], s.bandD2[i], s.bandTrap[i], s.bandRe[i],
                        s.bandIm[i]));
            }
        }
    }


    /** Per pixel of the band, on float lanes: the colour table index and the glow step (see shadeBand). */
    private void shadeLanes(Lanes s, int total) {
        final int n = FS.length();
        JuliaPalette p = palette;
        final float indexScale = (float) ((JuliaPalette.SIZE - 1.0) / maxIter);
        final float log2InversePixel = (float) (Math.log(inversePixel) / LN2);
        final float trapWeight = (float) p.trapWeight();
        final int noGlow = p.glowColourTable().length - 1;
        // Written out in one loop body: a helper method taking or returning vectors that C2 does not inline
        // boxes them. log2: exponent plus a quadratic fit of the mantissa (abs. error < 5e-3, as the scalar
        // shading's); 2^x: integer part into the exponent bits, a cubic fit of the fraction. Float/int
        // conversions use the 1.5 * 2^23 trick (round to nearest): Java 17's C2 does not intrinsify F2I casts.
        for (int i = 0; i < total; i += n) {
            FloatVector r2 = FloatVector.fromArray(FS, s.bandR2, i);
            FloatVector d2 = FloatVector.fromArray(FS, s.bandD2, i).max(1e-30f);
            FloatVector count = FloatVector.fromArray(FS, s.bandCount, i);
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
            FloatVector x = FloatVector.fromArray(FS, s.bandRe, i);
            FloatVector y = FloatVector.fromArray(FS, s.bandIm, i);
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
                    .add(FloatVector.fromArray(FS, s.bandTrap, i).sqrt().mul(trapWeight)).add(1024f);
            FloatVector ring = turns.sub(turns.sub(0.5f).add(MAGIC).sub(MAGIC));
            IntVector ringIndex = ((IntVector) ring.mul((float) JuliaPalette.SIZE).add(MAGIC).viewAsIntegralLanes())
                    .sub(MAGIC_BITS).and(JuliaPalette.SIZE - 1);
            // one index into the exterior table followed by the interior one; no glow inside, nor past the
            // glow's reach or for a negative step (never, short of NaN)
            VectorMask<Integer> inside = ((IntVector) FloatVector.fromArray(FS, s.bandLimit, i)
                    .viewAsIntegralLanes()).compare(VectorOperators.LT, 0);
            tableIndex.blend(ringIndex.add(JuliaPalette.SIZE), inside).intoArray(s.bandTableIndex, i);
            glowStep.min(noGlow).blend(noGlow, glowStep.compare(VectorOperators.LT, 0)).blend(noGlow, inside)
                    .intoArray(s.bandGlowStep, i);
        }
    }

    /** The band's colours from its table indices and glow steps, in place in bandTableIndex. */
    private void lookUpColours(Lanes s, int total) {
        final int n = FS.length();
        final int[] colours = palette.exteriorThenInteriorTable();
        final int[] glowColours = palette.glowColourTable();
        // Table lookups, scalar (Java 17's gathers check their index vector with masks combined by or, which
        // C2 boxed in some runs), rounded up to whole vectors: every lane's indices are clamped into range.
        final int whole = (total + n - 1) / n * n;
        final int[] colour = s.bandTableIndex;
        final int[] glow = s.bandGlowStep;
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
    private void storeBand(Lanes s, int y0, int y1) {
        final int w = width;
        final int total = (y1 - y0) * w;
        final int n = FS.length();
        final int[] colour = s.bandTableIndex;
        // A band's top-half pixels are consecutive in the frame, and their point-mirrored twins are too,
        // backwards.
        final int[] out = dst;
        final int top = y0 * w;
        final int mirror = height * w - 1 - top;
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
        if (y1 == halfRows && height % 2 == 1) {
            // The middle row of an odd height is its own mirror: written again pixel by pixel, in the scalar
            // path's order, its right half keeps its own colours and the left half mirrors them.
            for (int k = (y1 - 1 - y0) * w; k < total; k++) {
                out[top + k] = colour[k];
                out[mirror - k] = colour[k];
            }
        }
    }

    /** Shades float-lane frames with the scalar {@link #shade} instead of lanes: the reference tests compare with. */
    void useScalarShading(boolean scalar) {
        scalarShading = scalar;
    }

    /*
     * Double lanes (deep zooms only): one vector of neighbouring pixels iterates until all of its lanes are done. A
     * lane that escaped or cycled is frozen by blending its old state back in, so what shading needs is the lanes'
     * state when the loop ends.
     */
    private void renderRowDouble(int y, Lanes s) {
        final int w = width;
        final int budget = maxIter;
        final int n = DS.length();
        final double bailout = BAILOUT_SQ;
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        final double[] count = s.countD;
        final double[] limit = s.limitD;
        final double[] r2Out = s.r2D;
        final double[] d2Out = s.d2D;
        final double[] early = s.earlyD;
        final double[] trapOut = s.trapD;
        final double[] reOut = s.zrD;
        final double[] imOut = s.ziD;
        for (int x = 0; x < w; x += n) {
            DoubleVector cr = DoubleVector.broadcast(DS, cRe);
            DoubleVector ci = DoubleVector.broadcast(DS, cIm);
            DoubleVector one = DoubleVector.broadcast(DS, 1.0);
            DoubleVector zero = DoubleVector.zero(DS);
            DoubleVector retired = DoubleVector.broadcast(DS, -1.0);
            DoubleVector tiny = DoubleVector.broadcast(DS, 1e-300);
            DoubleVector iota = DoubleVector.fromArray(DS, s.iotaD, 0);
            DoubleVector zr = iota.mul(colRe).add(rowStartRe + x * colRe);
            DoubleVector zi = iota.mul(colIm).add(rowStartIm + x * colIm);
            DoubleVector zr2 = zr.mul(zr);
            DoubleVector zi2 = zi.mul(zi);
            DoubleVector r2 = zr2.add(zi2);
            DoubleVector lim = DoubleVector.broadcast(DS, bailout);
            DoubleVector d2 = one;
            DoubleVector steps = zero;
            DoubleVector trap = r2;
            DoubleVector cycleRe = zr;
            DoubleVector cycleIm = zi;
            d2.intoArray(early, 0);
            final double lastStep = budget;
            int checkEvery = 8;
            int sinceCheck = 0;
            int it = 0;
            while (true) {
                // alive: below the lane's limit and within the budget
                if (!r2.sub(lim).max(steps.sub(lastStep)).compare(VectorOperators.LE, 0).anyTrue()) {
                    break;
                }
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
                lim = lim.blend(retired, drift.compare(VectorOperators.LT, PERIOD_EPS_DOUBLE));
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
            r2.intoArray(r2Out, 0);
            d2.intoArray(d2Out, 0);
            trap.intoArray(trapOut, 0);
            zr.intoArray(reOut, 0);
            zi.intoArray(imOut, 0);
            int valid = Math.min(n, w - x);
            for (int lane = 0; lane < valid; lane++) {
                boolean interior = limit[lane] < 0 || count[lane] > budget;
                int value = writeCounts ? (interior ? -1 : (int) count[lane])
                        : shade(interior, count[lane], r2Out[lane], interior ? early[lane] : d2Out[lane], trapOut[lane],
                        reOut[lane], imOut[lane]);
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
    private static final double INTERIOR_TURNS_PER_OCTAVE = 0.045;

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
