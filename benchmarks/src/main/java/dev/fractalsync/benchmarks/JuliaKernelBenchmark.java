package dev.fractalsync.benchmarks;

import dev.fractalsync.render.JuliaKernel;
import dev.fractalsync.render.JuliaPalette;
import dev.fractalsync.render.ScalarJuliaKernel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Julia frames at 1280x720, budget 256, on all cores, cycling through c values across the main cardioid's edge
 * (c = μ/2 - μ²/4 with |μ| alternating 0.97 inside and 1.02 outside, 12 angles), the SIMD kernel and the scalar
 * reference side by side. Besides frames/s, the aux counter {@code naiveIterations} reports naive-equivalent
 * iterations per second: per frame, the iterations a kernel without symmetry and periodicity tricks would run (the
 * escape count of every pixel, or the full budget for interior pixels), so the tricks count as speed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class JuliaKernelBenchmark {
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int MAX_ITER = 256;
    static final double HALF_HEIGHT = 1.45;
    static final double ROTATION = 0.3;
    static final int C_COUNT = 12;

    @Param({"simd", "scalar"})
    public String kernel;

    private JuliaKernel simd;
    private ScalarJuliaKernel scalar;
    private final JuliaPalette palette = new JuliaPalette();
    private final int[] frame = new int[WIDTH * HEIGHT];
    private final double[][] cs = new double[C_COUNT][];
    private final long[] naive = new long[C_COUNT];
    private int next;

    /** Naive-equivalent iterations, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Iterations {
        public long naiveIterations;

        @Setup(Level.Iteration)
        public void clear() {
            naiveIterations = 0;
        }
    }

    @Setup(Level.Trial)
    public void open() {
        palette.update(0.6, 0.85, 0.7, 0.0, new JuliaPalette.Shading(0.3, 1.2, 0.8, 3, 0.8, 0.4, 0.6));
        for (int k = 0; k < C_COUNT; k++) {
            double r = k % 2 == 0 ? 0.97 : 1.02;
            double theta = 2 * Math.PI * (k + 0.5) / C_COUNT;
            double mr = r * Math.cos(theta);
            double mi = r * Math.sin(theta);
            cs[k] = new double[]{mr / 2 - (mr * mr - mi * mi) / 4, mi / 2 - mr * mi / 2};
            naive[k] = naiveIterations(cs[k][0], cs[k][1]);
        }
        if (kernel.equals("simd")) {
            simd = new JuliaKernel();
        } else {
            scalar = new ScalarJuliaKernel();
        }
    }

    /** Sum over the frame's pixels of the escape count without periodicity checking (interior = the budget). */
    static long naiveIterations(double cRe, double cIm) {
        double pixel = 2 * HALF_HEIGHT / HEIGHT;
        double cos = Math.cos(ROTATION);
        double sin = Math.sin(ROTATION);
        long total = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double ux = (x - (WIDTH - 1) * 0.5) * pixel;
                double uy = ((HEIGHT - 1) * 0.5 - y) * pixel;
                double zr = ux * cos - uy * sin;
                double zi = ux * sin + uy * cos;
                int n = 0;
                while (n < MAX_ITER && zr * zr + zi * zi <= 256.0) {
                    double t = zr * zr - zi * zi + cRe;
                    zi = 2 * zr * zi + cIm;
                    zr = t;
                    n++;
                }
                total += n;
            }
        }
        return total;
    }

    @TearDown(Level.Trial)
    public void close() {
        if (simd != null) {
            simd.close();
        }
        if (scalar != null) {
            scalar.close();
        }
    }

    @Benchmark
    public int frame1280x720(Iterations counter) {
        int k = next;
        next = (k + 1) % C_COUNT;
        if (simd != null) {
            simd.render(frame, WIDTH, HEIGHT, cs[k][0], cs[k][1], HALF_HEIGHT, ROTATION, MAX_ITER, palette);
        } else {
            scalar.render(frame, WIDTH, HEIGHT, cs[k][0], cs[k][1], HALF_HEIGHT, ROTATION, MAX_ITER, palette);
        }
        counter.naiveIterations += naive[k];
        return frame[WIDTH * HEIGHT / 2 + WIDTH / 2];
    }
}
