package dev.fractalsync.render;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scalar double-precision escape-time Julia renderer {@code z -> z^2 + c} (flat interior, smooth exterior
 * colouring), kept in test code as the reference that {@link JuliaKernel} (the SIMD kernel the renderer uses) is
 * tested and benchmarked against; the benchmarks module gets it from this module's test jar. Multithreaded over
 * bands of rows.
 * <p>
 * The view is centred on the origin, so the image is point-symmetric (J_c is invariant under z -> -z): only the top
 * half of the rows is iterated, the bottom half is the mirror. Interior points are detected early by periodicity
 * checking (an attracting cycle repeats z up to rounding), which makes filled Julia sets cheap.
 * <p>
 * Threads: the kernel owns {@code threads - 1} daemon workers; the calling thread works too. A frame allocates
 * nothing. {@link #render} must not be called concurrently from several threads.
 */
public final class ScalarJuliaKernel implements AutoCloseable {
    static final double BAILOUT_SQ = JuliaKernel.BAILOUT_SQ;
    /** Two orbit points this close are taken as a cycle: the point is interior. */
    private static final double PERIOD_EPS = 1e-11;
    private static final double LN2 = Math.log(2.0);
    private static final int ROWS_PER_BAND = 4;

    private final Thread[] workers;
    private final Object lock = new Object();
    private final AtomicInteger nextBand = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    private long generation;
    private boolean closed;

    // Frame job, written by the caller before the generation bump and read by workers after it (monitor hand-off).
    private int[] dst;
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
    private int maxIter;
    private int[] lut;
    private int interior;
    private double lutScale;

    /** A kernel using every available core. */
    public ScalarJuliaKernel() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public ScalarJuliaKernel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, "scalar-julia-kernel-" + i);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** Number of threads that compute a frame (workers plus the caller). */
    public int threads() {
        return workers.length + 1;
    }

    /**
     * Renders one frame into {@code argb} (row-major, {@code width*height} entries, opaque ARGB).
     *
     * @param halfHeight half of the view height in complex-plane units (smaller = zoomed in)
     * @param rotation   view rotation in radians
     * @param maxIter    iteration budget (points that survive it are interior)
     */
    public void render(int[] argb, int width, int height, double cRe, double cIm, double halfHeight, double rotation,
                       int maxIter, JuliaPalette palette) {
        if (width < 1 || height < 1 || argb.length < width * height) {
            throw new IllegalArgumentException("buffer of " + argb.length + " cannot hold " + width + "x" + height);
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
        this.dst = argb;
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
        this.maxIter = maxIter;
        this.lut = palette.table();
        this.interior = palette.interior();
        this.lutScale = (JuliaPalette.SIZE - 1) / (double) maxIter;

        nextBand.set(0);
        pending.set(workers.length);
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
        renderBands();
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
    }

    private void workerLoop() {
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
            renderBands();
            if (pending.decrementAndGet() == 0) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    private void renderBands() {
        int b;
        while ((b = nextBand.getAndIncrement()) < bands) {
            int y0 = b * ROWS_PER_BAND;
            int y1 = Math.min(halfRows, y0 + ROWS_PER_BAND);
            for (int y = y0; y < y1; y++) {
                renderRow(y);
            }
        }
    }

    private void renderRow(int y) {
        final int[] out = dst;
        final int w = width;
        final int budget = maxIter;
        final double cr = cRe;
        final double ci = cIm;
        final double dxr = colRe;
        final double dxi = colIm;
        final int[] table = lut;
        final double scale = lutScale;
        final int inside = interior;
        final int row = y * w;
        final int mirrorRow = (height - 1 - y) * w;
        final double rowStartRe = originRe + y * rowRe;
        final double rowStartIm = originIm + y * rowIm;
        int x = 0;
        // Two pixels iterate in lockstep: their orbits are independent, so the CPU overlaps the two dependency
        // chains (one orbit alone is latency-bound). When one finishes, the other completes alone.
        for (; x + 1 < w; x += 2) {
            double ar = rowStartRe + x * dxr;
            double ai = rowStartIm + x * dxi;
            double br = ar + dxr;
            double bi = ai + dxi;
            double ar2 = ar * ar;
            double ai2 = ai * ai;
            double br2 = br * br;
            double bi2 = bi * bi;
            double aCycRe = ar;
            double aCycIm = ai;
            double bCycRe = br;
            double bCycIm = bi;
            int aEvery = 8;
            int bEvery = 8;
            int aSince = 0;
            int bSince = 0;
            int an = 0;
            int bn = 0;
            boolean aCycled = false;
            boolean bCycled = false;
            while (ar2 + ai2 <= BAILOUT_SQ && an != budget && br2 + bi2 <= BAILOUT_SQ && bn != budget) {
                ai = 2.0 * ar * ai + ci;
                ar = ar2 - ai2 + cr;
                bi = 2.0 * br * bi + ci;
                br = br2 - bi2 + cr;
                ar2 = ar * ar;
                ai2 = ai * ai;
                br2 = br * br;
                bi2 = bi * bi;
                an++;
                bn++;
                if (Math.abs(ar - aCycRe) + Math.abs(ai - aCycIm) < PERIOD_EPS) {
                    aCycled = true;
                }
                if (Math.abs(br - bCycRe) + Math.abs(bi - bCycIm) < PERIOD_EPS) {
                    bCycled = true;
                }
                if (aCycled || bCycled) {
                    break;
                }
                if (++aSince == aEvery) {
                    aSince = 0;
                    if (aEvery < 1024) {
                        aEvery <<= 1;
                    }
                    aCycRe = ar;
                    aCycIm = ai;
                }
                if (++bSince == bEvery) {
                    bSince = 0;
                    if (bEvery < 1024) {
                        bEvery <<= 1;
                    }
                    bCycRe = br;
                    bCycIm = bi;
                }
            }
            int colourA = aCycled ? inside
                    : finish(ar, ai, cr, ci, an, budget, aCycRe, aCycIm, aEvery, aSince, table, scale, inside);
            int colourB = bCycled ? inside
                    : finish(br, bi, cr, ci, bn, budget, bCycRe, bCycIm, bEvery, bSince, table, scale, inside);
            out[row + x] = colourA;
            out[mirrorRow + (w - 1 - x)] = colourA;
            out[row + x + 1] = colourB;
            out[mirrorRow + (w - 2 - x)] = colourB;
        }
        if (x < w) {
            double zr = rowStartRe + x * dxr;
            double zi = rowStartIm + x * dxi;
            int colour = finish(zr, zi, cr, ci, 0, budget, zr, zi, 8, 0, table, scale, inside);
            out[row + x] = colour;
            out[mirrorRow + (w - 1 - x)] = colour;
        }
    }

    /** Continues one orbit from the given state to escape, cycle or budget, and returns its colour. */
    private static int finish(double zr, double zi, double cr, double ci, int n, int budget, double cycleRe,
                              double cycleIm, int checkEvery, int sinceCheck, int[] table, double scale, int inside) {
        double zr2 = zr * zr;
        double zi2 = zi * zi;
        while (zr2 + zi2 <= BAILOUT_SQ) {
            if (n == budget) {
                return inside;
            }
            zi = 2.0 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
            zr2 = zr * zr;
            zi2 = zi * zi;
            n++;
            if (Math.abs(zr - cycleRe) + Math.abs(zi - cycleIm) < PERIOD_EPS) {
                return inside;
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
        double nu = n + 1.0 - JuliaShader.fastLog2(0.5 * LN2 * JuliaShader.fastLog2(zr2 + zi2));
        int idx = (int) (nu * scale);
        return table[idx < 0 ? 0 : (idx >= JuliaPalette.SIZE ? JuliaPalette.SIZE - 1 : idx)];
    }

    /**
     * Smooth escape value of one point, the same arithmetic as the frame loop: {@code -1} if the point is interior
     * (cycles or survives {@code maxIter}), otherwise the continuous iteration count ν ≥ 0.
     */
    public static double smoothEscape(double zRe, double zIm, double cRe, double cIm, int maxIter) {
        double zr = zRe;
        double zi = zIm;
        double zr2 = zr * zr;
        double zi2 = zi * zi;
        double cycleRe = zr;
        double cycleIm = zi;
        int checkEvery = 8;
        int sinceCheck = 0;
        int n = 0;
        while (zr2 + zi2 <= BAILOUT_SQ) {
            if (n == maxIter) {
                return -1;
            }
            zi = 2.0 * zr * zi + cIm;
            zr = zr2 - zi2 + cRe;
            zr2 = zr * zr;
            zi2 = zi * zi;
            n++;
            if (Math.abs(zr - cycleRe) + Math.abs(zi - cycleIm) < PERIOD_EPS) {
                return -1;
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
        return Math.max(0.0, n + 1.0 - JuliaShader.fastLog2(0.5 * LN2 * JuliaShader.fastLog2(zr2 + zi2)));
    }

    /**
     * Escape count of one point with the frame loop's arithmetic: the iterations before |z|² exceeded the bailout,
     * or {@code -1} if the point is interior (cycles or survives {@code maxIter}).
     */
    public static int escapeCount(double zRe, double zIm, double cRe, double cIm, int maxIter) {
        double zr = zRe;
        double zi = zIm;
        double zr2 = zr * zr;
        double zi2 = zi * zi;
        double cycleRe = zr;
        double cycleIm = zi;
        int checkEvery = 8;
        int sinceCheck = 0;
        int n = 0;
        while (zr2 + zi2 <= BAILOUT_SQ) {
            if (n == maxIter) {
                return -1;
            }
            zi = 2.0 * zr * zi + cIm;
            zr = zr2 - zi2 + cRe;
            zr2 = zr * zr;
            zi2 = zi * zi;
            n++;
            if (Math.abs(zr - cycleRe) + Math.abs(zi - cycleIm) < PERIOD_EPS) {
                return -1;
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
        return n;
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
