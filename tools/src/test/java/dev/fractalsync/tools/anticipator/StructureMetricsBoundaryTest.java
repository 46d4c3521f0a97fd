package dev.fractalsync.tools.anticipator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StructureMetricsBoundaryTest {
    private static final double HOP = 1024.0 / 48000.0;

    private static double[] onehot(int c) {
        double[] p = new double[8];
        p[c] = 1;
        return p;
    }

    @Test
    void matchingIsOneToOneWithinTolerance() {
        assertEquals(2, StructureMetrics.matches(List.of(1.0, 5.2, 5.3, 20.0), List.of(1.4, 5.0, 12.0), 0.5));
        assertEquals(0, StructureMetrics.matches(List.of(), List.of(3.0), 3));
        assertEquals(1, StructureMetrics.matches(List.of(9.5), List.of(7.0, 10.0), 3));
    }

    @Test
    void estimatedBoundariesMustHoldOneSecond() {
        StructureMetrics m = new StructureMetrics();
        m.startTrack();
        byte[] hz = new byte[5];
        int n = 1000;
        int trueChange = 500;
        for (int h = 0; h < n; h++) {
            int truth = h < trueChange ? 2 : 4;
            int predicted;
            if (h >= 200 && h < 220) {
                predicted = 4; // a 0.4 s flicker: not a boundary
            } else {
                predicted = h < trueChange + 40 ? 2 : 4; // 0.85 s late
            }
            m.add(truth, onehot(predicted), hz, 0, new double[5], Float.POSITIVE_INFINITY);
        }
        assertEquals(0.0, m.boundaryF(0.5), 1e-9);
        assertEquals(1.0, m.boundaryF(3), 1e-9);
        assertEquals(1.0, m.boundaryPrecision(3), 1e-9);
        assertEquals((trueChange + 1) * HOP + 40 * HOP - (trueChange + 1) * HOP, 40 * HOP, 1e-9);
    }

    @Test
    void aSongCountsAsBelowItsBaseRateOnlyWhenTheHazardBeatsItsOwnConstant() {
        StructureMetrics m = new StructureMetrics();
        for (boolean informative : new boolean[] {true, false}) {
            m.startTrack();
            for (int h = 0; h < 100; h++) {
                byte[] hz = new byte[5];
                hz[2] = (byte) (h % 10 == 9 ? 1 : 0); // own rate 0.1: the constant scores 0.09
                double[] p = new double[5];
                p[2] = informative ? (hz[2] == 1 ? 0.8 : 0.05) : 0.5;
                m.add(4, onehot(h < 50 ? 4 : 2), hz, 0, p, Float.POSITIVE_INFINITY);
            }
        }
        assertEquals(2, m.songs());
        assertEquals(1, m.songsBelowBaseRate());
        assertEquals(1.0, m.labelPrecision(dev.fractalsync.api.SectionLabel.CHORUS), 1e-9);
        assertEquals(0.5, m.labelRecall(dev.fractalsync.api.SectionLabel.CHORUS), 1e-9);
    }

    @Test
    void theReportBreaksAccuracyDownByLabelWithTheMostCommonMistake() {
        StructureMetrics m = new StructureMetrics();
        m.startTrack();
        byte[] hz = new byte[5];
        // 60 verse hops (45 right, 15 called chorus), 40 chorus hops (20 right, 12 called verse, 8 called inst)
        for (int h = 0; h < 100; h++) {
            int truth = h < 60 ? 2 : 4;
            int predicted = h < 45 ? 2 : h < 60 ? 4 : h < 80 ? 4 : h < 92 ? 2 : 6;
            m.add(truth, onehot(predicted), hz, 0, new double[5], Float.POSITIVE_INFINITY);
        }
        String line = m.report("x").lines().filter(l -> l.contains("by label")).findFirst().orElseThrow();
        assertEquals(true, line.contains(" verse 60%: 0.75/0.79 chorus;"), line);
        assertEquals(true, line.endsWith(" chorus 40%: 0.50/0.57 verse"), line);
    }
}
