package dev.fractalsync.controller.bench;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * One controller step per provider (closed loop: the output feeds the next input). Budget: well under 1 ms.
 * Run: {@code java -cp <test classpath> dev.fractalsync.controller.bench.ControllerBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ControllerBenchmark {
    @Param({"rules", "onnx"})
    public String provider;

    private ControllerProvider controller;
    private FeatureWindow window;
    private BeatClockState beat;
    private StructureState structure;
    private ControlVector prev;
    private long frame;

    @Setup(Level.Trial)
    public void open() throws ProviderException {
        for (ControllerProvider p : ServiceLoader.load(ControllerProvider.class)) {
            if (p.id().equals(provider)) {
                controller = p;
            }
        }
        if (controller == null) {
            throw new IllegalStateException("no controller provider '" + provider + "'");
        }
        controller.open(ProviderContext.defaults(ContractFiles.v1()));
        float[] f = new float[8 * 22];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (0.5 + 0.4 * Math.sin(i * 0.7));
        }
        window = FeatureWindow.of(f, 8, 22);
        structure = new StructureState(new double[]{0.01, 0.02, 0.2, 0.15, 0.55, 0.03, 0.02, 0.02},
                new double[]{0.05, 0.1, 0.2, 0.4, 0.7}, null);
        beat = new BeatClockState(30, 0.5, 0.3, 60, 0.9, 0.2);
        prev = ControlVector.neutral();
    }

    @TearDown(Level.Trial)
    public void close() {
        controller.close();
    }

    @Benchmark
    public ControlVector step() {
        frame++;
        prev = controller.process(new ControllerInput(30 + frame / 60.0, 1 / 60.0, window, beat, structure, prev));
        return prev;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ControllerBenchmark.class.getName()).build()).run();
    }
}
