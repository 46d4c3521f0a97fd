package dev.fractalsync.render.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the renderer's JMH benchmarks: {@code java -cp <test classpath> dev.fractalsync.render.bench.BenchMain}. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(JuliaKernelBenchmark.class.getName()).build()).run();
    }
}
