package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's T key: the published level switches mid-stream, from the next hop on, without restarting the song. */
class TempoLevelSwitchTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();
    private static final float[] DEMO_24S = Arrays.copyOf(DemoSong.render(SongSpec.demo()).samples(), 48_000 * 24);
    /** hop index -> the level requested just before that hop. */
    private static final Map<Integer, TempoLevel> SWITCHES = Map.of(
            300, TempoLevel.HALF, 600, TempoLevel.DOUBLE, 850, TempoLevel.AS_TRACKED, 1000, TempoLevel.DOUBLE);

    private static SlowClock clock() {
        return OscillatorClock.create();
    }

    /** The published beat states, one per hop, with the switches of {@code switches} requested (from another thread). */
    private static List<BeatClockState> run(Map<Integer, TempoLevel> switches, List<Integer> nullGrids) throws Exception {
        List<BeatClockState> out = new ArrayList<>();
        try (SlowClock c = clock()) {
            c.addListener(s -> out.add(s.beat()));
            AtomicInteger hop = new AtomicInteger();
            c.addGridListener(g -> {
                if (g == null) {
                    nullGrids.add(hop.get());
                }
            });
            List<float[]> hops = new ArrayList<>();
            HopCutter.cut(DEMO_24S, HOP, (buf, index) -> hops.add(buf.clone()));
            for (int i = 0; i < hops.size(); i++) {
                TempoLevel level = switches.get(i);
                if (level != null) {
                    Thread key = new Thread(() -> c.requestTempoLevel(level)); // the window's key thread
                    key.start();
                    key.join();
                    assertEquals(level, c.tempoLevel());
                }
                hop.set(i);
                c.processHop(hops.get(i));
            }
        }
        return out;
    }

    @Test
    void spbHalvesAndDoublesFromTheNextHopAndTheCountNeverGoesBack() throws Exception {
        List<Integer> nullGrids = new ArrayList<>();
        List<BeatClockState> tracked = run(Map.of(), new ArrayList<>());
        List<BeatClockState> switched = run(SWITCHES, nullGrids);
        assertEquals(tracked.size(), switched.size());
        assertTrue(nullGrids.containsAll(List.of(300, 600, 850, 1000)), "the aligned grid restarts at each switch: "
                + nullGrids);
        TempoLevel level = TempoLevel.AS_TRACKED;
        double factor = 1;
        for (int i = 0; i < switched.size(); i++) {
            if (SWITCHES.containsKey(i)) {
                level = SWITCHES.get(i);
                factor = switch (level) {
                    case AUTO, AS_TRACKED -> 1;
                    case HALF -> 2;
                    case DOUBLE -> 0.5;
                };
                BeatClockState before = switched.get(i - 1);
                BeatClockState after = switched.get(i);
                assertTrue(after.beatCount() - before.beatCount() <= 1, "count jumped at the switch to " + level
                        + ": " + before.beatCount() + " -> " + after.beatCount());
                // the phase is the new level's own: the beats land where that level puts them
                BeatClockState t = tracked.get(i);
                double expectedPhase = switch (level) {
                    case AUTO, AS_TRACKED -> t.phase();
                    case DOUBLE -> BeatClockState.wrapPhase(2 * (t.beatCount() + t.phase()));
                    case HALF -> BeatClockState.wrapPhase((t.beatCount() + t.phase()) / 2);
                };
                if (level != TempoLevel.HALF) { // half time's pairing follows the downbeats: either half is right
                    assertEquals(expectedPhase, after.phase(), 1e-9, "phase at the switch to " + level);
                } else {
                    double d = Math.abs(after.phase() - expectedPhase);
                    assertTrue(d < 1e-9 || Math.abs(d - 0.5) < 1e-9, "half-time phase " + after.phase());
                }
            }
            assertEquals(tracked.get(i).spb() * factor, switched.get(i).spb(), 1e-9, "spb at hop " + i + ", " + level);
            if (i > 0) {
                assertTrue(switched.get(i).beatCount() >= switched.get(i - 1).beatCount(), "count went back at hop " + i);
            }
        }
        for (int i = 0; i < 300; i++) {
            assertEquals(tracked.get(i), switched.get(i));
        }
        // beats fired: every other tracked beat at half time, two per tracked beat at double time
        List<BeatEvent> beatsTracked = BeatEventDetector.detectAll(tracked, CONTRACT.hopSeconds());
        List<BeatEvent> beatsSwitched = BeatEventDetector.detectAll(switched, CONTRACT.hopSeconds());
        long trackedHalf = count(beatsTracked, 310, 590);
        long switchedHalf = count(beatsSwitched, 310, 590);
        assertEquals(trackedHalf / 2.0, switchedHalf, 1.0, "beats at half time");
        long trackedDouble = count(beatsTracked, 610, 840);
        long switchedDouble = count(beatsSwitched, 610, 840);
        assertEquals(2.0 * trackedDouble, switchedDouble, 2.0, "beats at double time");
        for (int k = 1; k < beatsSwitched.size(); k++) {
            assertEquals(beatsSwitched.get(k - 1).beatCount() + 1, beatsSwitched.get(k).beatCount());
        }
    }

    @Test
    void aResetKeepsTheSwitchedLevelForTheNextStream() {
        List<BeatClockState> reference = new ArrayList<>();
        List<BeatClockState> out = new ArrayList<>();
        float[] hop = Arrays.copyOfRange(DEMO_24S, 0, HOP);
        try (SlowClock plain = clock(); SlowClock c = clock()) {
            plain.addListener(s -> reference.add(s.beat()));
            c.addListener(s -> out.add(s.beat()));
            c.requestTempoLevel(TempoLevel.DOUBLE);
            c.reset();
            assertEquals(TempoLevel.DOUBLE, c.tempoLevel());
            plain.processHop(hop);
            c.processHop(hop);
        }
        assertEquals(reference.get(0).spb() / 2, out.get(0).spb(), 1e-12);
    }

    private static long count(List<BeatEvent> beats, int fromHop, int toHop) {
        double from = (fromHop + 1) * CONTRACT.hopSeconds();
        double to = (toHop + 1) * CONTRACT.hopSeconds();
        return beats.stream().filter(b -> b.tSec() >= from && b.tSec() < to).count();
    }
}
