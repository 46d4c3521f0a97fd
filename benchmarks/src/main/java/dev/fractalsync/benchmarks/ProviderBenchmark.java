package dev.fractalsync.benchmarks;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.render.FramePainter;
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

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipped providers at their call cadence, found by id as the host finds them: BeatNet per hop, the anticipator
 * per slow step, the rule-based and ONNX controllers per frame, the whole slow pipeline (features + BeatNet +
 * anticipator at decimation 2) per hop, and one 960x540 Julia frame at a fixed c. Real-time factors:
 * hop = 21_333_333 ns of audio; a 60 FPS frame has 16_666_667 ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProviderBenchmark {
    private final ModelContract contract = ContractFiles.v1();
    private DemoHops hops;
    private AudioHop hop;
    private float[] hopBuffer;
    private BeatClockProvider beatnet;
    private StructureProvider anticipator;
    private ControllerProvider rules;
    private ControllerProvider onnxController;
    private SlowClock pipeline;
    private StructureInput structureInput;
    private ControllerInput controllerInput;
    private FramePainter painter;
    private VisualFrame juliaFrame;
    private int[] pixels;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        hops = new DemoHops(contract);
        hopBuffer = new float[contract.hop()];
        hop = new AudioHop(hopBuffer);
        ProviderRegistry registry = ProviderRegistry.discover(null, contract.major());
        ProviderContext ctx = new ProviderContext(contract, 2, 0, Map.of());
        beatnet = (BeatClockProvider) open(registry, ProviderKind.BEAT, "beatnet", ctx);
        anticipator = (StructureProvider) open(registry, ProviderKind.STRUCTURE, "anticipator", ctx);
        rules = (ControllerProvider) open(registry, ProviderKind.CONTROLLER, "rules", ctx);
        onnxController = (ControllerProvider) open(registry, ProviderKind.CONTROLLER, "onnx", ctx);
        pipeline = new SlowClock(contract,
                new GuardedProvider<>("beat", (BeatClockProvider) open(registry, ProviderKind.BEAT, "beatnet", ctx), ctx, null, 0, 8),
                new GuardedProvider<>("structure", (StructureProvider) open(registry, ProviderKind.STRUCTURE, "anticipator", ctx),
                        ctx, null, 0, 8), 2);

        float[] audio = new float[contract.tSlow() * contract.audioFeatures().size()];
        float[] beats = new float[contract.tSlow() * contract.beatFeatures().size()];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) Math.sin(i * 0.37);
        }
        for (int i = 0; i < beats.length; i++) {
            beats[i] = (float) Math.cos(i * 0.11);
        }
        float[] pitch = new float[contract.tSlow() * contract.pitchFeatures().size()];
        for (int i = 0; i < pitch.length; i++) {
            pitch[i] = (float) (0.3 + 0.3 * Math.sin(i * 0.21));
        }
        BeatClockState beat = new BeatClockState(10, 0.48, 0.3, 20, 0.9, 0.2);
        structureInput = new StructureInput(500, 10, FeatureWindow.of(audio, contract.tSlow(), contract.audioFeatures().size()),
                FeatureWindow.of(beats, contract.tSlow(), contract.beatFeatures().size()), beat,
                FeatureWindow.of(pitch, contract.tSlow(), contract.pitchFeatures().size()));
        float[] fast = new float[contract.tFast() * contract.audioFeatures().size()];
        for (int i = 0; i < fast.length; i++) {
            fast[i] = (float) Math.sin(i * 0.5);
        }
        StructureState structure = new StructureState(new double[]{0, 0.05, 0.2, 0.1, 0.6, 0.05, 0, 0},
                new double[]{0.05, 0.1, 0.3, 0.5, 0.8}, null);
        controllerInput = new ControllerInput(10, 1 / 60.0, FeatureWindow.of(fast, contract.tFast(), contract.audioFeatures().size()),
                beat, structure, ControlVector.neutral());
        painter = new FramePainter(200);
        juliaFrame = new VisualFrame(10, new ControlVector(-0.3, 0.156, 0.3, 0.8, 1, 0.5, 0, 0, 1), beat, structure,
                SectionLabel.CHORUS, "");
        pixels = new int[960 * 540];
    }

    private static Object open(ProviderRegistry r, ProviderKind kind, String id, ProviderContext ctx) throws Exception {
        var p = r.require(kind, id).newInstance();
        p.open(ctx);
        return p;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        beatnet.close();
        anticipator.close();
        rules.close();
        onnxController.close();
        pipeline.close();
        painter.close();
    }

    @Benchmark
    public BeatClockState beatnetPerHop() {
        System.arraycopy(hops.next(), 0, hopBuffer, 0, hopBuffer.length);
        hop.advance(hops.position(), hops.position() * contract.hopSeconds());
        return beatnet.process(hop);
    }

    @Benchmark
    public StructureState anticipatorPerSlowStep() {
        return anticipator.process(structureInput);
    }

    @Benchmark
    public ControlVector rulesControllerPerFrame() {
        return rules.process(controllerInput);
    }

    @Benchmark
    public ControlVector onnxControllerPerFrame() {
        return onnxController.process(controllerInput);
    }

    @Benchmark
    public Object fullSlowPipelinePerHopDecimation2() {
        return pipeline.processHop(hops.next());
    }

    @Benchmark
    public int julia960x540FixedC() {
        painter.paint(juliaFrame, pixels, 960, 540);
        return pixels[1000];
    }
}
