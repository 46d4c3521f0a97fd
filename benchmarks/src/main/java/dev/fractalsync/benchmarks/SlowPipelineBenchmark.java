package dev.fractalsync.benchmarks;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.features.FeatureExtractor;
import dev.fractalsync.json.ContractFiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-hop cost of the slow side: the F_audio feature frame alone, and the whole slow clock (features + beat
 * provider + structure provider at decimation 2 + SlowState) with the built-in providers. Hops cycle through the
 * demo song so the spectra are real music. One hop is 21.3 ms of audio: x real time = 21_333_333 / (ns/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SlowPipelineBenchmark {
    private DemoHops hops;
    private FeatureExtractor features;
    private SlowClock clock;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelContract contract = ContractFiles.v1();
        hops = new DemoHops(contract);
        features = new FeatureExtractor(contract);
        ProviderContext ctx = ProviderContext.defaults(contract);
        PlaceholderOscillator osc = new PlaceholderOscillator();
        osc.open(ctx);
        clock = new SlowClock(contract, new GuardedProvider<>("beat", osc, ctx, null, 0, 8),
                new GuardedProvider<>("structure", new NeutralStructureProvider(), ctx, null, 0, 8), 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        clock.close();
    }

    @Benchmark
    public float featuresPerHop() {
        return features.process(hops.next())[17];
    }

    @Benchmark
    public Object slowClockPerHopBuiltInProviders() {
        return clock.processHop(hops.next());
    }
}
