package dev.fractalsync.benchmarks;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.bus.SlowStateCodec;
import dev.fractalsync.bus.StateBus;
import io.vertx.core.buffer.Buffer;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * SlowState on the event bus: publish -> receive in-process through the local codec (one round trip per op, waits
 * for delivery), and the JSON wire codec encode + decode that a clustered bus pays per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StateBusBenchmark {
    private StateBus bus;
    private final AtomicReference<SlowState> received = new AtomicReference<>();
    private SlowState[] states;
    private int next;
    private final SlowStateCodec codec = new SlowStateCodec();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bus = StateBus.local("1.0.0");
        bus.subscribe(received::set);
        Thread.sleep(200);
        states = new SlowState[1024];
        for (int i = 0; i < states.length; i++) {
            float[] f = new float[22];
            for (int k = 0; k < f.length; k++) {
                f[k] = (float) Math.sin(i + k);
            }
            states[i] = new SlowState(i, new BeatClockState(i * 0.0213, 0.48, (i % 23) / 23.0, i / 23, 0.9, 0.2),
                    StructureState.neutral(), SectionLabel.SILENCE, f);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bus.close();
    }

    /** The next of the prepared states, in a cycle. */
    private SlowState nextState() {
        SlowState s = states[next];
        next = (next + 1) & (states.length - 1);
        return s;
    }

    @Benchmark
    public SlowState publishToReceiveLocalCodec() {
        SlowState s = nextState();
        bus.publish(s);
        while (received.get() != s) {
            Thread.onSpinWait();
        }
        return s;
    }

    @Benchmark
    public SlowState jsonWireCodecRoundTrip() {
        SlowState s = nextState();
        Buffer b = Buffer.buffer(512);
        codec.encodeToWire(b, s);
        return codec.decodeFromWire(0, b);
    }

    @Benchmark
    public String jsonLineForAnalyzeOutput() {
        SlowState s = nextState();
        return StateJson.write(s);
    }
}
