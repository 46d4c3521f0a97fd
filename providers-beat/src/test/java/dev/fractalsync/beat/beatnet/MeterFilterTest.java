package dev.fractalsync.beat.beatnet;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeterFilterTest {
    @Test
    void downbeatEvidenceEveryFourthBeatLocksTheBarPhaseAndMissedBeatsKeepIt() {
        MeterFilter meter = new MeterFilter(new int[]{3, 4});
        for (int beat = 0; beat < 32; beat++) {
            boolean first = beat % 4 == 0;
            // as the CRNN's softmax gives them: a bar start is a downbeat, not also a beat
            double p = meter.step(1, first ? 0.9 : 0.05, first ? 0.1 : 0.6, -1);
            if (beat >= 8) {
                assertEquals(first, p >= 0.5, "beat " + beat + ": P(bar start) " + p);
            }
        }
        // the last step was beat 31 (a fourth beat): one beat on starts a bar, two beats on (one missed) does not
        assertTrue(meter.predictedDownbeatProbability(1) > 0.85, "next beat");
        assertTrue(meter.predictedDownbeatProbability(2) < 0.1, "the beat after");
        // a step over a missed bar start lands on beat 2, then beats 3 and 4; the next one starts a bar
        assertTrue(meter.step(2, 0.05, 0.6, -1) < 0.5);
        assertTrue(meter.step(1, 0.05, 0.6, -1) < 0.5);
        assertTrue(meter.step(1, 0.05, 0.6, -1) < 0.5);
        assertTrue(meter.predictedDownbeatProbability(1) > 0.5, "after the gap the bar count continues");
    }

    @Test
    void aThirdBeatAccentedAlmostLikeTheFirstStaysInsideTheBarWhenTheBarsChordChangeIsTheLarger() {
        MeterFilter meter = new MeterFilter(new int[]{2, 3, 4});
        for (int beat = 0; beat < 64; beat++) {
            boolean strong = beat % 2 == 0;
            // two chords per bar, the change into the bar a little larger than the one at its middle
            int previous = Math.floorMod(beat - 1, 4);
            double change = previous == 0 ? 0.4 : previous == 2 ? 0.2 : 0.1;
            double p = meter.step(1, beat % 4 == 0 ? 0.6 : strong ? 0.5 : 0.05, strong ? 0.3 : 0.6, change);
            if (beat >= 32) {
                assertEquals(beat % 4 == 0, p >= 0.5, "beat " + beat + ": P(bar start) " + p);
            }
        }
    }

    @Test
    void barsOfTwoBeatsStayTwoBeatsWhenEveryOtherBeatIsAccentedAndChangesChord() {
        MeterFilter meter = new MeterFilter(new int[]{2, 3, 4});
        for (int beat = 0; beat < 64; beat++) {
            boolean strong = beat % 2 == 0;
            double change = Math.floorMod(beat - 1, 2) == 0 ? 0.6 : 0.1;
            double p = meter.step(1, strong ? 0.6 : 0.05, strong ? 0.3 : 0.6, change);
            if (beat >= 32) {
                assertEquals(strong, p >= 0.5, "beat " + beat + ": P(bar start) " + p);
            }
        }
    }

    @Test
    void harmonicChangeAcrossABeatFavoursABarStartThere() {
        MeterFilter withHarmony = new MeterFilter(new int[]{4});
        MeterFilter without = new MeterFilter(new int[]{4});
        double pWith = 0;
        double pWithout = 0;
        for (int beat = 0; beat < 12; beat++) {
            // flat activations: only the chord change, seen one beat late, marks the bar
            double change = (beat - 1) % 4 == 0 ? 0.8 : 0.1;
            pWith = withHarmony.step(1, 0.3, 0.3, change);
            pWithout = without.step(1, 0.3, 0.3, -1);
        }
        // beat 11 is the last of its bar; the next one starts a bar
        assertTrue(withHarmony.predictedDownbeatProbability(1) > 0.8, "with harmony " + pWith);
        assertEquals(0.25, without.predictedDownbeatProbability(1), 0.05, "without evidence " + pWithout);
    }

    @Test
    void harmonicChangeIsUnknownForTwoIntervalsThenACosineDistance() {
        HarmonicChange h = new HarmonicChange();
        double[] c = new double[HarmonicChange.CHROMA];
        double[] g = new double[HarmonicChange.CHROMA];
        c[0] = 1;
        c[4] = 1;
        c[7] = 1;
        g[7] = 1;
        g[11] = 1;
        g[2] = 1;
        h.add(c);
        assertEquals(-1, h.change());
        h.add(c);
        assertEquals(-1, h.change());
        h.add(c);
        assertEquals(0, h.change(), 1e-9);
        h.add(g);
        assertEquals(1 - 1 / 3.0, h.change(), 1e-9);
        h.add(new double[]{Double.NaN, -1, Double.POSITIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertEquals(-1, h.change(), "an interval with nothing valid in it has no direction");
    }
}
