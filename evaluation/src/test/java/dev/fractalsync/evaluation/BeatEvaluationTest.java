package dev.fractalsync.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BeatEvaluationTest {
    @Test
    void perfectShiftedAndHalvedEstimates() {
        double[] ref = new double[40];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = 0.5 * i;
        }
        BeatEvaluation.Score perfect = BeatEvaluation.evaluate(ref, ref, 5);
        assertEquals(1.0, perfect.fMeasure(), 1e-12);
        assertEquals(0.0, perfect.tempoErrorPct(), 1e-9);

        double[] late = new double[ref.length];
        double[] tooLate = new double[ref.length];
        for (int i = 0; i < ref.length; i++) {
            late[i] = ref[i] + 0.06;
            tooLate[i] = ref[i] + 0.08;
        }
        assertEquals(1.0, BeatEvaluation.evaluate(ref, late, 5).fMeasure(), 1e-12);
        assertEquals(0.0, BeatEvaluation.evaluate(ref, tooLate, 5).fMeasure(), 1e-12);

        double[] half = new double[ref.length / 2];
        for (int i = 0; i < half.length; i++) {
            half[i] = ref[2 * i];
        }
        BeatEvaluation.Score s = BeatEvaluation.evaluate(ref, half, 5);
        assertEquals(1.0, s.precision(), 1e-12);
        assertEquals(0.5, s.recall(), 0.03);
        assertEquals(100.0, s.tempoErrorPct() * 2, 1.0); // 60 vs 120 BPM: 50%
        assertEquals(0.0, BeatEvaluation.evaluate(ref, new double[0], 5).fMeasure());
    }

    @Test
    void timingBiasIsTheMedianSignedOffsetOfMatchedBeatsAndItsSpreadTheIqr() {
        double[] ref = new double[40];
        double[] est = new double[40];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = 0.5 * i;
            // late by 20 ms, with offsets of -10, 0, +10 ms around it in turn; one wild beat outside the window
            est[i] = ref[i] + 0.020 + 0.010 * (i % 3 - 1) + (i == 30 ? 0.2 : 0);
        }
        BeatEvaluation.Score s = BeatEvaluation.evaluate(ref, est, 5);
        assertEquals(20.0, s.biasMs(), 1e-6);
        assertEquals(20.0, s.iqrMs(), 1e-6);
        assertEquals(29, s.matched());
        assertEquals(Double.NaN, BeatEvaluation.evaluate(ref, new double[0], 5).biasMs());
    }
}
