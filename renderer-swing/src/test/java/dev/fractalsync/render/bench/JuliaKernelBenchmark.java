package dev.fractalsync.render.bench;

import dev.fractalsync.render.JuliaKernel;
import dev.fractalsync.render.JuliaPalette;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/** One 960x540 Julia frame at a fixed c on all cores (the renderer's nominal internal resolution). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JuliaKernelBenchmark {
    /** "re,im": a dendrite-like connected set, the Douady rabbit (large interior), and a dust outside M. */
    @Param({"-0.8,0.156", "-0.122,0.745", "-0.75,0.3"})
    public String c;

    private JuliaKernel kernel;
    private final JuliaPalette palette = new JuliaPalette();
    private final int[] frame = new int[960 * 540];
    private double cRe;
    private double cIm;

    @Setup(Level.Trial)
    public void open() {
        kernel = new JuliaKernel();
        String[] parts = c.split(",");
        cRe = Double.parseDouble(parts[0]);
        cIm = Double.parseDouble(parts[1]);
        palette.update(0.6, 0.85, 0.7, 0.0);
    }

    @TearDown(Level.Trial)
    public void close() {
        kernel.close();
    }

    @Benchmark
    public void frame960x540(Blackhole bh) {
        kernel.render(frame, 960, 540, cRe, cIm, 1.45, 0.3, 200, palette);
        bh.consume(frame[960 * 270 + 480]);
    }
}
