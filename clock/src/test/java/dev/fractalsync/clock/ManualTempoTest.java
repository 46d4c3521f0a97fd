package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tempo set by hand (tap tempo, the control page): the published grid follows it until released, and the count runs on. */
class ManualTempoTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();

    private static SlowClock clock() {
        return OscillatorClock.create();
    }

    @Test
    void theGridFollowsTheHandSetTempoUntilReleasedAndNeverGoesBack() {
        List<BeatClockState> out = new ArrayList<>();
        double anchor = 5.003; // a tapped downbeat
        ManualTempo ninety = new ManualTempo(60.0 / 90, anchor);
        try (SlowClock c = clock()) {
            c.addListener(s -> out.add(s.beat()));
            float[] hop = new float[CONTRACT.hop()];
            for (int i = 0; i < 1200; i++) {
                if (i == 300) {
                    c.overrideTempo(ninety);
                    assertEquals(ninety, c.manualTempo());
                }
                if (i == 800) {
                    c.releaseTempo();
                    assertNull(c.manualTempo());
                }
                c.processHop(hop);
            }
        }
        double hopSec = CONTRACT.hopSeconds();
        for (int i = 1; i < out.size(); i++) {
            BeatClockState a = out.get(i - 1);
            BeatClockState b = out.get(i);
            assertTrue(b.beatCount() >= a.beatCount(), "the count never goes back, hop " + i);
            assertTrue(b.beatCount() - a.beatCount() <= 1, "no beat is skipped, hop " + i);
            if (i > 300 && i < 800) {
                assertEquals(60.0 / 90, b.spb(), 1e-12);
                assertEquals(1.0, b.conf());
                if (b.beatCount() != a.beatCount()) {
                    // the beat's instant is on the hand-set grid
                    double beatAt = b.tSec() - b.phase() * b.spb();
                    double k = (beatAt - anchor) / b.spb();
                    assertEquals(Math.rint(k), k, 1e-6, "beat on anchor + k * spb");
                    assertEquals(Math.floorMod((long) Math.rint(k), 4) == 0 ? 1.0 : 0.0, b.downbeatProb(),
                            "every fourth beat from the tapped downbeat is a downbeat");
                    assertTrue(b.phase() < hopSec / b.spb() + 1e-9);
                }
            }
            if (i > 805) {
                assertEquals(0.5, b.spb(), 1e-9, "released: the tracker's tempo");
            }
        }
        long beatsUnderOverride = out.get(799).beatCount() - out.get(301).beatCount();
        assertEquals((799 - 301) * hopSec * 1.5, beatsUnderOverride, 1.0, "90 BPM for 498 hops");
        long beatsAfter = out.get(1199).beatCount() - out.get(810).beatCount();
        assertEquals((1199 - 810) * hopSec * 2, beatsAfter, 1.0, "120 BPM again");
    }

    @Test
    void aCueMovesTheHeldSectionOnToTheNextRankedLabelAtOnce() {
        SectionDecision d = new SectionDecision(CONTRACT.hopSeconds());
        double[] probs = {0.0, 0.05, 0.6, 0.05, 0.25, 0.05, 0.0, 0.0}; // verse, then chorus
        dev.fractalsync.api.StructureState s = new dev.fractalsync.api.StructureState(probs, new double[5], null);
        double t = 0;
        SectionLabel held = null;
        for (int i = 0; i < 50; i++) {
            t += CONTRACT.hopSeconds();
            held = d.accept(new BeatClockState(t, 0.5, BeatClockState.wrapPhase(t / 0.5), (long) (t / 0.5), 0.9, null), s);
        }
        assertEquals(SectionLabel.VERSE, held);
        d.cue();
        t += CONTRACT.hopSeconds();
        held = d.accept(new BeatClockState(t, 0.5, BeatClockState.wrapPhase(t / 0.5), (long) (t / 0.5), 0.9, null), s);
        assertEquals(SectionLabel.CHORUS, held, "the cue takes the runner-up at once");
        for (int i = 0; i < 40; i++) { // under a bar (2 s at 120 BPM in 4/4): the cued label holds
            t += CONTRACT.hopSeconds();
            assertNotEquals(SectionLabel.VERSE, d.accept(new BeatClockState(t, 0.5, BeatClockState.wrapPhase(t / 0.5),
                    (long) (t / 0.5), 0.9, null), s));
        }
    }
}
