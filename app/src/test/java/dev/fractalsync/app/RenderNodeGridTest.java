package dev.fractalsync.app;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import dev.fractalsync.bus.BusSeal;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.BeatGrid;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 32: a render node fires its accents where the local window does. A generated song runs through a slow clock
 * whose tracker reports every beat 15 ms early with a few ms of jitter (as BeatNet does); the local fast clock takes
 * the states and the onset-aligned grid directly, the render node's (fed by {@link RenderNodeCommand#follow}) takes
 * them from a sealed bus in their wire form. Frame by frame at 60 FPS, both must fire the same accents at the same
 * instants within 1 ms; a node that takes only the states (what render-node did before) is off by the tracker's bias.
 */
class RenderNodeGridTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final double FPS = 60;
    private static final double BIAS_SEC = -0.015;

    /** The demo song's true beats, reported early by {@link #BIAS_SEC} with ±4 ms of deterministic jitter. */
    private static final class EarlyTracker implements BeatClockProvider {
        private final double[] beats;
        private final double spb;

        EarlyTracker(double[] truth, double bpm) {
            this.beats = new double[truth.length];
            for (int i = 0; i < truth.length; i++) {
                beats[i] = truth[i] + BIAS_SEC + 0.004 * Math.sin(i * 2.3);
            }
            this.spb = 60 / bpm;
        }

        @Override
        public String id() {
            return "early-tracker";
        }

        @Override
        public String name() {
            return "truth reported early";
        }

        @Override
        public int contractMajor() {
            return 1;
        }

        @Override
        public void open(ProviderContext context) {
        }

        @Override
        public BeatClockState process(AudioHop hop) {
            double t = hop.tSec();
            int count = 0;
            while (count < beats.length && beats[count] <= t) {
                count++;
            }
            if (count == 0) {
                return new BeatClockState(t, spb, 0, 0, 0.0, null);
            }
            double phase = Math.min(0.999, (t - beats[count - 1]) / spb);
            return new BeatClockState(t, spb, phase, count, 0.9, count % 4 == 1 ? 0.9 : 0.1);
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    private static PlaceholderOscillator oscillator() {
        PlaceholderOscillator o = new PlaceholderOscillator();
        try {
            o.open(ProviderContext.defaults(CONTRACT));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return o;
    }

    /** One accent: the frame where the shown beat count rose, and the beat instant that frame shows. */
    private record Accent(long count, double instant) {
    }

    private static final class Accents {
        private final FastClock fast;
        private final List<Accent> accents = new ArrayList<>();
        private long lastCount = -1;

        Accents(FastClock fast) {
            this.fast = fast;
        }

        void frame(double t) {
            FastFrame f = fast.sample(t);
            if (f == null) {
                return;
            }
            BeatClockState b = f.beat();
            if (lastCount >= 0 && b.beatCount() > lastCount) {
                // the fast clock shows the phase at the frame's time plus half a frame
                accents.add(new Accent(b.beatCount(), t + 0.5 / FPS - b.phase() * b.spb()));
            }
            lastCount = b.beatCount();
        }
    }

    @Test
    void renderNodeAccentsEqualTheLocalWindowsWithinOneMillisecond() throws Exception {
        DemoSong song = DemoSong.render(SongSpec.demo());
        float[] pcm = Arrays.copyOf(song.samples(), DemoSong.SAMPLE_RATE * 30);
        ProviderContext ctx = ProviderContext.defaults(CONTRACT);
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        FastClock local = new FastClock(CONTRACT);
        FastClock remote = new FastClock(CONTRACT);
        FastClock statesOnly = new FastClock(CONTRACT);
        try (StateBus sender = StateBus.local(CONTRACT.version());
             SlowClock clock = new SlowClock(CONTRACT,
                     new GuardedProvider<>("beat", new EarlyTracker(song.truth().beats(), song.truth().bpm()), ctx,
                             RenderNodeGridTest::oscillator, 0, 8),
                     new GuardedProvider<>("structure", new NeutralStructureProvider(), ctx,
                             NeutralStructureProvider::new, 0, 8), 2)) {
            StateBus analysisNode = StateBus.on(sender.vertx(), CONTRACT.version(), new BusSeal(key));
            StateBus renderNode = StateBus.on(sender.vertx(), CONTRACT.version(), new BusSeal(key));
            RenderNodeCommand.follow(renderNode, remote, new RenderNodeCommand.RemoteStreamClock());
            renderNode.subscribe(statesOnly::accept);
            BeatGrid[] localGrid = {null};
            clock.addGridListener(g -> localGrid[0] = g);
            clock.addGridListener(local::acceptGrid);
            clock.addGridListener(analysisNode::publishGrid);
            clock.addListener(local::accept);
            clock.addListener(analysisNode::publish);
            Thread.sleep(100); // the consumers registered

            List<float[]> hops = new ArrayList<>();
            HopCutter.cut(pcm, CONTRACT.hop(), (buf, index) -> hops.add(buf.clone()));
            Accents localAccents = new Accents(local);
            Accents remoteAccents = new Accents(remote);
            Accents stateAccents = new Accents(statesOnly);
            int grids = 0;
            int frame = 0;
            for (int i = 0; i < hops.size(); i++) {
                BeatGrid before = localGrid[0];
                clock.processHop(hops.get(i));
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (!(remote.latest() != null && remote.latest().hopIndex() == i
                        && statesOnly.latest() != null && statesOnly.latest().hopIndex() == i)) {
                    assertTrue(System.nanoTime() < deadline, "hop " + i + " did not reach the render node");
                    Thread.onSpinWait();
                }
                // the grid travels on its own address: give it a moment when this hop changed it (a node that does
                // not take it fails below, on the accents)
                long gridDeadline = System.nanoTime() + 200_000_000L;
                while (!Objects.equals(before, localGrid[0]) && !Objects.equals(remote.grid(), localGrid[0])
                        && System.nanoTime() < gridDeadline) {
                    Thread.onSpinWait();
                }
                grids += localGrid[0] != null ? 1 : 0;
                // frames from this hop's end to the next one's: the states up to the frame's time are in
                double next = (i + 2) * CONTRACT.hopSeconds();
                frame = Math.max(frame, (int) Math.ceil((i + 1) * CONTRACT.hopSeconds() * FPS));
                for (; frame / FPS < next; frame++) {
                    localAccents.frame(frame / FPS);
                    remoteAccents.frame(frame / FPS);
                    stateAccents.frame(frame / FPS);
                }
            }
            assertTrue(grids > hops.size() / 2, "the aligned grid was there for only " + grids + " hops");
            assertTrue(localAccents.accents.size() > 50, "accents: " + localAccents.accents.size());
            assertEquals(localAccents.accents.size(), remoteAccents.accents.size(), "accent counts");
            for (int k = 0; k < localAccents.accents.size(); k++) {
                Accent a = localAccents.accents.get(k);
                Accent b = remoteAccents.accents.get(k);
                assertEquals(a.count(), b.count());
                assertEquals(a.instant(), b.instant(), 0.001, "accent " + a.count());
            }
            // what render-node did before: from the tracker's instants, about the bias early
            java.util.Map<Long, Double> localByCount = new java.util.HashMap<>();
            localAccents.accents.forEach(a -> localByCount.put(a.count(), a.instant()));
            double[] offsets = stateAccents.accents.stream().filter(a -> a.instant() > 5 && localByCount.containsKey(a.count()))
                    .mapToDouble(a -> Math.abs(a.instant() - localByCount.get(a.count()))).sorted().toArray();
            assertTrue(offsets.length > 40, "matched accents " + offsets.length);
            double median = offsets[offsets.length / 2];
            assertTrue(median > 0.008, "from the states alone the accents were within " + median * 1000 + " ms too");
            assertEquals(0, renderNode.malformed() + renderNode.unsealed() + renderNode.refused());
        }
    }
}
