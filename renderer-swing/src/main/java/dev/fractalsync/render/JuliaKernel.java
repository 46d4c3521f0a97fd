package dev.fractalsync.render;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The renderer's escape-time Julia kernel {@code z -> z^2 + c} on SIMD lanes (Vector API), multithreaded over bands
 * of rows.
 * <p>
 * Each lane is one pixel. On float lanes ({@link FloatLaneKernel}: 16 with AVX-512, used while a pixel is many float
 * ulps wide) a lane that is done takes the next pixel of its band, so no lane waits for a slow neighbour; zoomed
 * deeper the kernel switches to double lanes ({@link DoubleLaneKernel}, {@link Precision#AUTO}), where a vector of
 * neighbouring pixels iterates in lockstep. Two tricks of the scalar reference are kept: the view is centred on the
 * origin, so the image is point-symmetric and only the top half of the rows is iterated; and interior points are found
 * early by periodicity checking (an attracting cycle repeats z up to rounding). A third finds them earlier still when
 * c has an attracting cycle: an orbit that enters a proven disk of the cycle's basin is interior
 * ({@link AttractingCycle}).
 * <p>
 * Besides the escape count, every lane carries what the shading needs: the squared derivative |dz/dz0|² for the
 * distance estimate (exterior glow), the orbit's closest approach to the origin (orbit trap) and the final z (its
 * angle shades the interior). The {@link JuliaShader} and the palette turn them into colour.
 * <p>
 * Threads: the kernel owns {@code threads - 1} daemon workers ({@link WorkerPool}); the calling thread works too.
 * {@link #render} must not be called concurrently from several threads.
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
    /** Squared escape radius; large so that the smooth count is continuous. */
    static final double BAILOUT_SQ = 256.0;
    /** Largest |c| for float lanes: 16^2 - 16, so that |z| > 16 implies |z^2 + c| > 16. */
    private static final double FREE_RUN_MAX_C = 240;
    private static final int ROWS_PER_BAND = 4;

    private final WorkerPool pool;
    private final FrameJob job = new FrameJob();
    /** Per thread (the caller's first). */
    private final FloatLaneKernel[] floatLanes;
    private final DoubleLaneKernel[] doubleLanes;
    private final AtomicInteger nextBand = new AtomicInteger();
    private final WorkerPool.Task renderBands = this::renderBands;
    private int bands;

    /** A kernel using every available core. */
    public JuliaKernel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public JuliaKernel(int threads) {
        pool = new WorkerPool(threads, "julia-kernel-");
        floatLanes = new FloatLaneKernel[threads];
        doubleLanes = new DoubleLaneKernel[threads];
        for (int i = 0; i < threads; i++) {
            JuliaShader shader = new JuliaShader(job);
            floatLanes[i] = new FloatLaneKernel(job, shader);
            doubleLanes[i] = new DoubleLaneKernel(job, shader);
        }
    }

    /** Frames per c in the warm-up. */
    private static final int WARM_UP_BLOCK = 25;
    /** The least number of warm-up frames. */
    private static final int WARM_UP_FRAMES = 400;
    private static final long WARM_UP_LIMIT_NANOS = 8_000_000_000L;
    /** A frame of compiled code allocates a few dozen bytes (the attracting cycle of a new c); boxing, kilobytes. */
    private static final long COMPILED_BYTES_PER_FRAME = 512;

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
        return pool.threads();
    }

    /** Lanes per vector for float and double iteration on this machine, e.g. "16 float / 8 double". */
    public static String laneWidths() {
        return FloatLaneKernel.LANES + " float / " + DoubleLaneKernel.DS.length() + " double";
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
        job.aim(width, height, cRe, cIm, halfHeight, rotation, maxIter);
        job.out = out;
        job.writeCounts = counts;
        job.palette = palette;
        // Float lanes let z run on after it escaped (see FloatLaneKernel), exact only while an escaped orbit stays
        // escaped: |z| > 16 gives |z^2 + c| > 16 for |c| <= 240. Beyond (nothing on screen but dust), double lanes.
        boolean escapedStaysEscaped = cRe * cRe + cIm * cIm <= FREE_RUN_MAX_C * FREE_RUN_MAX_C;
        job.useFloat = escapedStaysEscaped
                && (precision == Precision.FLOAT || (precision == Precision.AUTO && floatLanesFor(job.pixel)));
        bands = (job.halfRows + ROWS_PER_BAND - 1) / ROWS_PER_BAND;
        nextBand.set(0);
        pool.runOnAll(renderBands);
        job.out = null;
        job.palette = null;
    }

    /** One thread's share of a frame: bands of rows of the top half, taken in turn until none is left. */
    private void renderBands(int thread) {
        int b;
        while ((b = nextBand.getAndIncrement()) < bands) {
            int y0 = b * ROWS_PER_BAND;
            int y1 = Math.min(job.halfRows, y0 + ROWS_PER_BAND);
            if (job.useFloat) {
                floatLanes[thread].renderBand(y0, y1);
            } else {
                for (int y = y0; y < y1; y++) {
                    doubleLanes[thread].renderRow(y);
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
        pool.prepare();
    }

    /** Shades float-lane frames with the scalar {@link JuliaShader#shade} instead of lanes: the reference tests compare with. */
    void useScalarShading(boolean scalar) {
        job.scalarShading = scalar;
    }

    @Override
    public void close() {
        pool.close();
    }
}
