package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beat clocks that are not physically possible (a count rising by 1000 a hop, a tempo of 0, NaN or 1000 BPM, a count
 * going back): the guard replaces each by the fallback at once, the published count goes on without a jump, and the
 * beats written stay within what 240 BPM allows.
 */
class BeatCoherenceTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final int HOP = CONTRACT.hop();
    private static final double HOP_S = CONTRACT.hopSeconds();
    private static final int HOPS = 1000; // 21.3 s

    private static BeatClockState at(double t, double spb, long count) {
        return new BeatClockState(t, spb, 0.0, count, 1, null);
    }

    @Test
    void steadyClocksUpTo240BpmAreCoherent() {
        for (double bpm : new double[]{40, 120, 240}) {
            BeatCoherence c = new BeatCoherence(CONTRACT);
            double spb = 60 / bpm;
            for (int h = 1; h <= 3000; h++) {
                double t = h * HOP_S;
                c.at(t);
                assertNull(c.incoherence(at(t, spb, (long) Math.floor(t / spb) + 1)), bpm + " BPM at hop " + h);
            }
        }
    }

    @Test
    void whatEachIncoherentClockDid() {
        BeatCoherence c = new BeatCoherence(CONTRACT);
        c.at(HOP_S);
        assertEquals("reported a tempo of 1000 BPM (spb 0.06000 s), outside the physical 40–240 BPM",
                c.incoherence(at(HOP_S, 0.06, 1)));
        assertEquals("reported a tempo of 30 BPM (spb 2 s), outside the physical 40–240 BPM", c.incoherence(at(HOP_S, 2, 1)));
        assertNull(c.incoherence(at(HOP_S, 0.5, 1)));
        c.at(2 * HOP_S);
        assertEquals("advanced its beat count from 1 to 1001 in 0.021 s, more than 240 BPM allows",
                c.incoherence(at(2 * HOP_S, 0.5, 1001)));
        assertEquals("moved its beat count back from 1 to 0", c.incoherence(at(2 * HOP_S, 0.5, 0)));
        // a burst of 4 beats is allowed (a tracker revealing beats late); beyond the credit the beats are held back
        assertNull(c.incoherence(at(2 * HOP_S, 0.5, 4)));
        assertEquals(0, c.heldBack());
        c.at(3 * HOP_S);
        assertNull(c.incoherence(at(3 * HOP_S, 0.5, 6)));
        assertEquals(2, c.heldBack());
        // more than a burst beyond the credit in one state is a broken clock
        c.at(4 * HOP_S);
        assertEquals("advanced its beat count from 6 to 12 in 0.021 s, more than 240 BPM allows",
                c.incoherence(at(4 * HOP_S, 0.5, 12)));
        // after 10 s of no beats the credit is back to 4, no more: a fifth beat in the next hop is held back
        c.at(10);
        assertNull(c.incoherence(at(10, 0.5, 10)));
        c.at(10 + HOP_S);
        assertNull(c.incoherence(at(10 + HOP_S, 0.5, 11)));
        assertEquals(3, c.heldBack());
    }

    @Test
    void aFlurryOfBeatsIsHeldBackAndTheTrackerKept() {
        // the beats BeatNet declared from 100 s on in an acoustic render of a Billboard song (reporting 160-215 BPM):
        // 53 beats in 16.8 s, 11 of them in the last 2.4 s; the old rule replaced BeatNet by the oscillator at 116.8 s
        // and the oscillator's fixed 120 BPM drove the rest of the song
        double[] beatTimes = {100.267, 100.629, 101.013, 101.291, 101.739, 102.08, 102.272, 102.699, 102.955, 103.595,
                103.936, 104.32, 104.661, 105.024, 105.472, 105.728, 106.581, 106.773, 107.008, 107.093, 107.307, 107.797,
                108.629, 108.949, 109.333, 109.781, 110.101, 110.464, 110.763, 111.211, 111.595, 112.32, 112.661, 113.045,
                113.344, 113.813, 114.069, 114.283, 114.453, 114.624, 114.731, 115.136, 115.328, 115.413, 115.669,
                115.755, 116.053, 116.16, 116.373, 116.629, 116.8, 117.013, 117.099};
        BeatCoherence c = new BeatCoherence(CONTRACT);
        long count = 0;
        int next = 0;
        for (int h = 1; h * HOP_S < 118; h++) {
            double t = h * HOP_S;
            while (next < beatTimes.length && t >= beatTimes[next]) {
                count++;
                next++;
            }
            c.at(t);
            assertNull(c.incoherence(at(t, 0.279, count)), "at " + t + " s");
        }
        assertEquals(1, c.heldBack(), "the beat at 116.8 s, 0.17 s after the one before, with 0.92 beat of credit");
    }

    @Test
    void aClockThatKeepsOutrunningTheFastestTempoIsBroken() {
        BeatCoherence c = new BeatCoherence(CONTRACT);
        String incoherent = null;
        long count = 0;
        for (int h = 1; h <= 200 && incoherent == null; h++) {
            count += 1; // 46.9 beats a second
            c.at(h * HOP_S);
            incoherent = c.incoherence(at(h * HOP_S, 0.5, count));
        }
        assertEquals("kept declaring beats faster than 240 BPM allows (9 more within about 10 s)", incoherent);
    }

    @Test
    void aStateTheProviderCouldNotBuildIsRecognised() {
        BeatCoherence c = new BeatCoherence(CONTRACT);
        IllegalArgumentException zero = build(0.0);
        IllegalArgumentException nan = build(Double.NaN);
        assertEquals("built an invalid beat state (spb must be > 0, got 0.0)", c.incoherence(zero));
        assertTrue(c.incoherence(nan).startsWith("built an invalid beat state (spb "), c.incoherence(nan));
        assertNull(c.incoherence(new IllegalArgumentException("spb must be > 0, got 0.0")));
        assertNull(c.incoherence(new IllegalStateException("model exploded")));
    }

    private static IllegalArgumentException build(double spb) {
        try {
            at(1, spb, 1);
        } catch (IllegalArgumentException e) {
            return e;
        }
        throw new AssertionError("spb " + spb + " was accepted");
    }

    /** A 100 BPM grid clock whose state from hop {@code from} on is what {@code state} makes of (hop, grid state). */
    private static BeatClockProvider hostile(String id, int from, BiFunction<AudioHop, BeatClockState, BeatClockState> state) {
        return new BeatClockProvider() {
            public String id() { return id; }
            public String name() { return id; }
            public int contractMajor() { return 1; }
            public void open(ProviderContext context) { }
            public BeatClockState process(AudioHop hop) {
                double beats = hop.tSec() / 0.6;
                BeatClockState grid = new BeatClockState(hop.tSec(), 0.6, BeatClockState.wrapPhase(beats),
                        (long) Math.floor(beats) + 1, 1.0, null);
                return hop.index() >= from ? state.apply(hop, grid) : grid;
            }
            public void reset() { }
            public void close() { }
        };
    }

    private record Run(List<SlowState> states, GuardedProvider<BeatClockProvider> guard) {
        long lastCount() {
            return states.get(states.size() - 1).beat().beatCount();
        }
    }

    private static Run run(BeatClockProvider beat, boolean blocks) {
        GuardedProvider<BeatClockProvider> guard = new GuardedProvider<>("beat", beat, ProviderContext.defaults(CONTRACT),
                GuardedProviderTest::oscillator, 0, 8);
        List<SlowState> states = new ArrayList<>();
        try (SlowClock c = new SlowClock(CONTRACT, guard, new GuardedProvider<>("structure", new NeutralStructureProvider(),
                ProviderContext.defaults(CONTRACT), NeutralStructureProvider::new, 0, 8), 2)) {
            c.addListener(states::add);
            float[] pcm = new float[HOP * HOPS];
            if (blocks) {
                OfflineDriver.run(pcm, HOP, c, null);
            } else {
                HopCutter.cut(pcm, HOP, (buf, h) -> c.processHop(buf));
            }
        }
        return new Run(states, guard);
    }

    /** Fell back once, at once; the count never went back nor jumped; the beats are those of a physical clock. */
    private static Run assertReplacedAtOnce(BeatClockProvider beat, int badFrom, boolean blocks) {
        Run r = run(beat, blocks);
        assertTrue(r.guard().fellBack(), beat.id() + " was not replaced");
        assertEquals("oscillator", r.guard().current().id());
        assertEquals(1, r.guard().failures(), beat.id() + ": replaced at the first incoherent state");
        assertTrue(r.guard().status().contains("fallback to oscillator (" + beat.id() + " failed: incoherent)"),
                r.guard().status());
        long last = 0;
        for (SlowState s : r.states()) {
            long count = s.beat().beatCount();
            assertTrue(count >= last && count <= last + 1, beat.id() + ": count " + last + " -> " + count + " at hop " + s.hopIndex());
            last = count;
        }
        double seconds = HOPS * HOP_S;
        long beats = BeatEventDetector.detectAll(r.states().stream().map(SlowState::beat).toList(), HOP_S).size();
        assertTrue(beats <= seconds * 240 / 60 + BeatCoherence.BURST_BEATS, beat.id() + ": " + beats + " beats");
        // 100 BPM until the bad hop, 120 BPM (the oscillator) after it, give or take the beat in progress
        double expected = Math.min(badFrom * HOP_S, seconds) / 0.6 + Math.max(0, seconds - badFrom * HOP_S) / 0.5;
        assertTrue(Math.abs(r.lastCount() - expected) <= 2, beat.id() + ": " + r.lastCount() + " beats, expected " + expected);
        return r;
    }

    @Test
    void aCountRisingBy1000AHopIsReplacedAtOnce() {
        BeatClockProvider jump = hostile("count-jump", 0, (hop, s) -> new BeatClockState(s.tSec(), s.spb(), s.phase(),
                s.beatCount() + 1000L * hop.index(), s.conf(), null));
        assertReplacedAtOnce(jump, 1, true);
        assertReplacedAtOnce(jump, 1, false);
    }

    @Test
    void aCountJumpingLateIsReplacedAndTheCountGoesOnFromWhereItWas() {
        assertReplacedAtOnce(hostile("late-jump", 500, (hop, s) -> new BeatClockState(s.tSec(), s.spb(), s.phase(),
                s.beatCount() + 1000, s.conf(), null)), 500, true);
    }

    @Test
    void aTempoOfZeroOrNaNIsReplacedAtOnceInsteadOfFailingEightTimes() {
        assertReplacedAtOnce(hostile("zero-spb", 300, (hop, s) -> new BeatClockState(s.tSec(), 0.0, s.phase(),
                s.beatCount(), s.conf(), null)), 300, true);
        assertReplacedAtOnce(hostile("nan-spb", 300, (hop, s) -> new BeatClockState(s.tSec(), Double.NaN, s.phase(),
                s.beatCount(), s.conf(), null)), 300, false);
    }

    @Test
    void aTempoOutsideTheContractRangeIsReplacedAtOnce() {
        assertReplacedAtOnce(hostile("too-fast", 300, (hop, s) -> new BeatClockState(s.tSec(), 0.06, s.phase(),
                s.beatCount(), s.conf(), null)), 300, true);
    }

    @Test
    void aCoherentClockIsLeftAlone() {
        Run r = run(hostile("grid", 0, (hop, s) -> s), true);
        assertFalse(r.guard().fellBack());
        assertEquals(0, r.guard().failures());
        assertEquals((long) Math.floor(HOPS * HOP_S / 0.6) + 1, r.lastCount());
    }
}
