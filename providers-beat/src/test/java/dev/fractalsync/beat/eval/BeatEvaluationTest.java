package dev.fractalsync.beat.eval;

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
}
