package dev.fractalsync.clock;

import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowClockTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();
    private static final float[] DEMO_20S = Arrays.copyOf(DemoSong.render(SongSpec.demo()).samples(), 48_000 * 20);

    private static ProviderContext ctx() {
        return ProviderContext.defaults(CONTRACT);
    }

    private static PlaceholderOscillator oscillator() {
        PlaceholderOscillator o = new PlaceholderOscillator();
        try {
            o.open(ctx());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return o;
    }

    private static SlowClock clock(BeatClockProvider beat, StructureProvider structure, int decimation) {
        return new SlowClock(CONTRACT,
                new GuardedProvider<>("beat", beat, ctx(), SlowClockTest::oscillator, 0, 8),
                new GuardedProvider<>("structure", structure, ctx(), NeutralStructureProvider::new, 0, 8), decimation);
    }

    private static List<String> analyze(float[] pcm) {
        List<String> lines = new ArrayList<>();
        try (SlowClock c = clock(oscillator(), new NeutralStructureProvider(), 2)) {
            c.addListener(s -> lines.add(StateJson.write(s)));
            OfflineDriver.run(pcm, HOP, c, null);
        }
        return lines;
    }

    @Test
    void oneStatePerHopAndByteIdenticalAcrossRuns() {
        List<String> a = analyze(DEMO_20S);
        List<String> b = analyze(DEMO_20S);
        assertEquals(HopCutter.hopCount(DEMO_20S.length, HOP), a.size());
        assertEquals(a, b);
        SlowState s = StateJson.read(a.get(99), SlowState.class);
        assertEquals(99, s.hopIndex());
        assertEquals(100 * HOP / 48_000.0, s.beat().tSec(), 1e-9);
        assertEquals(22, s.featureCount());
    }

    @Test
    void theChromaTransformRunsOnlyForAStructureProviderThatReadsPitch() {
        float[] music = Arrays.copyOf(DEMO_20S, 48_000 * 6);
        for (boolean reads : new boolean[]{true, false}) {
            RecordingStructure reader = new RecordingStructure(new ArrayList<>()) {
                @Override
                public boolean readsPitch() {
                    return reads;
                }
            };
            try (SlowClock c = clock(oscillator(), reader, 2)) {
                OfflineDriver.run(music, HOP, c, null);
            }
            double newest = reader.newestPitchSum.get(reader.newestPitchSum.size() - 1);
            if (reads) {
                assertTrue(newest > 0.5, "chroma frames sum to about 1: " + newest);
            } else {
                assertEquals(0.0, newest, "a provider that does not read pitch gets zeros");
            }
        }
    }

    @Test
    void structureRunsEveryDecimationHopsOnFullWindows() {
        for (int decimation : CONTRACT.decimations()) {
            List<StructureInput> seen = new ArrayList<>();
            RecordingStructure counting = new RecordingStructure(seen);
            try (SlowClock c = clock(oscillator(), counting, decimation)) {
                OfflineDriver.run(Arrays.copyOf(DEMO_20S, HOP * 40), HOP, c, null);
            }
            assertEquals((40 + decimation - 1) / decimation, seen.size(), "decimation " + decimation);
            assertEquals(decimation, seen.get(1).hopIndex() - seen.get(0).hopIndex());
            assertEquals(CONTRACT.tSlow(), seen.get(0).audioWindow().frames());
            assertEquals(CONTRACT.tSlow(), seen.get(0).pitchWindow().frames());
            assertEquals(CONTRACT.pitchFeatures().size(), seen.get(0).pitchWindow().width());
            assertTrue(counting.newestPitchSum.get(counting.newestPitchSum.size() - 1) > 1,
                    "the demo's notes reach the pitch window: " + counting.newestPitchSum);
        }
    }

    @Test
    void failingBeatProviderIsHeldThenReplacedWithoutCountGoingBack() {
        ThrowingBeat flaky = new ThrowingBeat(60);
        List<SlowState> states = new ArrayList<>();
        try (SlowClock c = clock(flaky, new NeutralStructureProvider(), 2)) {
            c.addListener(states::add);
            OfflineDriver.run(DEMO_20S, HOP, c, null);
            assertTrue(c.beatGuard().fellBack());
            assertEquals("oscillator", c.beatGuard().current().id());
            assertTrue(c.status().contains("fallback to oscillator"), c.status());
            assertEquals(8, c.beatGuard().failures());
        }
        long last = -1;
        for (SlowState s : states) {
            assertTrue(s.beat().beatCount() >= last, "beat count went back at hop " + s.hopIndex());
            last = s.beat().beatCount();
        }
        assertTrue(last > 30, "the fallback keeps counting beats: " + last);
    }

    @Test
    void decreasingBeatCountIsIncoherentAndFallsBackAtOnce() {
        BeatClockProvider backwards = new PlaceholderOscillatorWrapper() {
            @Override
            public BeatClockState process(AudioHop hop) {
                BeatClockState s = super.process(hop);
                return hop.index() == 50 ? new BeatClockState(s.tSec(), s.spb(), s.phase(), 0, 1, null) : s;
            }
        };
        try (SlowClock c = clock(backwards, new NeutralStructureProvider(), 1)) {
            List<SlowState> states = new ArrayList<>();
            c.addListener(states::add);
            OfflineDriver.run(Arrays.copyOf(DEMO_20S, HOP * 100), HOP, c, null);
            assertEquals(1, c.beatGuard().failures());
            assertTrue(c.beatGuard().fellBack());
            long before = states.get(49).beat().beatCount();
            long last = states.get(99).beat().beatCount();
            assertTrue(last >= before && last <= before + 2, "the count goes on from " + before + ": " + last);
        }
    }

    @Test
    void failingStructureFallsBackToNeutral() {
        StructureProvider broken = new RecordingStructure(new ArrayList<>()) {
            @Override
            public StructureState process(StructureInput input) {
                throw new IllegalStateException("model exploded");
            }
        };
        try (SlowClock c = clock(oscillator(), broken, 1)) {
            OfflineDriver.run(Arrays.copyOf(DEMO_20S, HOP * 20), HOP, c, null);
            assertTrue(c.structureGuard().fellBack());
            assertEquals(StructureState.neutral(), c.latest().structure());
        }
    }

    @Test
    void nonFiniteSamplesAreSanitized() {
        float[] bad = Arrays.copyOf(DEMO_20S, HOP * 4);
        bad[5] = Float.NaN;
        bad[HOP + 7] = Float.NEGATIVE_INFINITY;
        try (SlowClock c = clock(oscillator(), new NeutralStructureProvider(), 1)) {
            OfflineDriver.run(bad, HOP, c, null);
            assertEquals(2, c.sanitizedSamples());
            for (int i = 0; i < c.latest().featureCount(); i++) {
                assertTrue(Float.isFinite(c.latest().feature(i)));
            }
        }
    }

    @Test
    void resetReplaysIdentically() {
        try (SlowClock c = clock(oscillator(), new NeutralStructureProvider(), 2)) {
            List<SlowState> first = new ArrayList<>();
            c.addListener(first::add);
            float[] pcm = Arrays.copyOf(DEMO_20S, HOP * 30);
            OfflineDriver.run(pcm, HOP, c, null);
            List<SlowState> a = new ArrayList<>(first);
            first.clear();
            c.reset();
            OfflineDriver.run(pcm, HOP, c, null);
            assertEquals(a, first);
        }
    }

    /** Records every structure call and answers neutrally. */
    private static class RecordingStructure implements StructureProvider {
        private final List<StructureInput> seen;
        /** The newest pitch frame's sum at each call (windows are views, valid only during the call). */
        final List<Double> newestPitchSum = new ArrayList<>();

        RecordingStructure(List<StructureInput> seen) {
            this.seen = seen;
        }

        @Override
        public StructureState process(StructureInput input) {
            seen.add(input);
            double sum = 0;
            for (int c = 0; c < input.pitchWindow().width(); c++) {
                sum += input.pitchWindow().get(input.pitchWindow().frames() - 1, c);
            }
            newestPitchSum.add(sum);
            return StructureState.neutral();
        }

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public String name() {
            return "recording structure";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) {
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void providersHearTheLeveledHopAndFeaturesTheHeldLift() {
        float[] quiet = new float[HOP * 900]; // whole hops: the last one is not zero-padded
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (0.01 * Math.sin(2 * Math.PI * 220 * i / 48_000.0)); // -43 dBFS RMS
        }
        double[] heardDb = {0};
        PlaceholderOscillatorWrapper listening = new PlaceholderOscillatorWrapper() {
            @Override
            public BeatClockState process(AudioHop hop) {
                double sum = 0;
                for (int i = 0; i < hop.length(); i++) {
                    sum += hop.sample(i) * hop.sample(i);
                }
                heardDb[0] = 10 * Math.log10(sum / hop.length());
                return super.process(hop);
            }
        };
        int rms = CONTRACT.audioFeatures().indexOf("rms_db");
        try (SlowClock c = clock(listening, new NeutralStructureProvider(), 2)) {
            SlowState last = null;
            for (float[] h : HopCutter.split(quiet, HOP)) {
                last = c.processHop(h);
            }
            assertEquals(dev.fractalsync.dsp.InputLevel.TARGET_DBFS, heardDb[0], 0.1, "the beat provider hears the target level");
            double featureDb = last.features()[rms] * 60 - 60;
            assertEquals(dev.fractalsync.dsp.InputLevel.TARGET_DBFS, featureDb, 0.1, "F_audio sees the song at the target (held gain)");
        }
    }

    /** The oscillator as an overridable provider. */
    private static class PlaceholderOscillatorWrapper implements BeatClockProvider {
        private final PlaceholderOscillator inner = oscillator();

        @Override
        public BeatClockState process(AudioHop hop) {
            return inner.process(hop);
        }

        @Override
        public String id() {
            return "wrapped";
        }

        @Override
        public String name() {
            return "wrapped oscillator";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) {
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    /** Works for {@code goodHops} hops, then throws forever. */
    private static final class ThrowingBeat extends PlaceholderOscillatorWrapper {
        private final int goodHops;

        ThrowingBeat(int goodHops) {
            this.goodHops = goodHops;
        }

        @Override
        public BeatClockState process(AudioHop hop) {
            if (hop.index() >= goodHops) {
                throw new IllegalStateException("decoder lost");
            }
            return super.process(hop);
        }

        @Override
        public String id() {
            return "flaky";
        }
    }

    @Test
    void warmUpLeavesNoTrace() {
        float[] pcm = Arrays.copyOf(DEMO_20S, HOP * 30);
        List<String> cold = new ArrayList<>();
        List<String> warm = new ArrayList<>();
        try (SlowClock c = clock(oscillator(), new NeutralStructureProvider(), 2)) {
            c.addListener(s -> cold.add(StateJson.write(s)));
            OfflineDriver.run(pcm, HOP, c, null);
        }
        try (SlowClock c = clock(oscillator(), new NeutralStructureProvider(), 2)) {
            c.addListener(s -> warm.add(StateJson.write(s)));
            c.warmUp(50);
            assertTrue(warm.isEmpty(), "warm-up publishes nothing");
            OfflineDriver.run(pcm, HOP, c, null);
            assertEquals(0, c.beatGuard().failures());
        }
        assertEquals(cold, warm);
    }

    @Test
    void optionsReachTheProvider() throws Exception {
        PlaceholderOscillator o = new PlaceholderOscillator();
        o.open(ctx().withOptions(Map.of("bpm", "90")));
        assertEquals(90.0, o.at(10).bpm(), 1e-9);
    }
}
