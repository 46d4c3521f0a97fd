package dev.fractalsync.structure.anticipator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SectionGrammarTest {
    private static final int VERSE = 0;
    private static final int CHORUS = 1;
    private static final int BRIDGE = 2;

    @Test
    void countsEachChangeOfRunOnce() {
        byte[] song = {0, 0, 1, 1, 1, 0, 0, 1, 2, 2};
        double[][] c = SectionGrammar.countTransitions(List.of(song), 3, 0);
        assertEquals(2, c[0][1]);
        assertEquals(1, c[1][0]);
        assertEquals(1, c[1][2]);
        assertEquals(0, c[2][0]);
        assertEquals(0, c[1][1]);
    }

    /** Steps until the filtered arg-max follows evidence that moved from verse to chorus. */
    private static int stepsToFollow(SectionGrammar g, double hazard) {
        double[] verse = {0.8, 0.1, 0.1};
        for (int i = 0; i < 200; i++) {
            g.filter(verse.clone(), 0.0, 0.02, 0.5);
        }
        for (int i = 1; i <= 2000; i++) {
            double[] p = {0.3, 0.6, 0.1};
            g.filter(p, hazard, 0.02, 0.5);
            if (p[CHORUS] > p[VERSE]) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    @Test
    void followsTheEvidenceSoonerWhenTheHazardSaysABoundaryIsNear() {
        double[][] g = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
        double[] prior = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        int calm = stepsToFollow(new SectionGrammar(g, prior, 0.2, 1e-4), 0.0);
        int alarmed = stepsToFollow(new SectionGrammar(g, prior, 0.2, 1e-4), 0.9);
        assertTrue(calm < Integer.MAX_VALUE, "follows at all");
        assertTrue(alarmed < calm, "hazard 0.9: " + alarmed + " steps, hazard 0: " + calm);
    }

    @Test
    void aTransitionTheSongsNeverMakeTakesLonger() {
        double[] prior = {1 / 3.0, 1 / 3.0, 1 / 3.0};
        double[][] likely = {{0, 1, 0}, {1, 0, 0}, {1, 1, 0}};
        double[][] rare = {{0, 0.01, 1}, {1, 0, 0}, {1, 1, 0}};
        int common = stepsToFollow(new SectionGrammar(likely, prior, 0.2, 1e-3), 0.5);
        int unusual = stepsToFollow(new SectionGrammar(rare, prior, 0.2, 1e-3), 0.5);
        assertTrue(common < unusual, "verse->chorus common: " + common + " steps, rare: " + unusual);
    }

    @Test
    void firstStepIsTheNetworksOwnAndOutputsStayDistributions() {
        double[][] g = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
        SectionGrammar grammar = new SectionGrammar(g, new double[]{0.5, 0.3, 0.2}, 0.3, 1e-4);
        double[] first = {0.2, 0.5, 0.3};
        grammar.filter(first, 0.1, 0.02, 0.5);
        assertArrayEquals(new double[]{0.2, 0.5, 0.3}, first, 0);
        for (int i = 0; i < 50; i++) {
            double[] p = {0.1, 0.2, 0.7};
            grammar.filter(p, Double.NaN, 0.02, 0.5);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
            for (double x : p) {
                assertTrue(x > 0);
            }
        }
    }

    @Test
    void metadataRoundTripsAndBadMetadataIsOneLine() {
        double[][] g = {{0, 2, 1}, {1, 0, 3}, {1, 1, 0}};
        SectionGrammar a = new SectionGrammar(g, new double[]{0.5, 0.3, 0.2}, 0.3, 1e-4);
        SectionGrammar b = SectionGrammar.decode(a.encodeTransitions(), a.encodePrior(), 3, 0.3, 1e-4);
        assertEquals(a.encodeTransitions(), b.encodeTransitions());
        assertEquals(a.encodePrior(), b.encodePrior());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SectionGrammar.decode("1,2", a.encodePrior(), 3, 0.3, 1e-4));
        assertEquals("section_grammar has 2 values, expected 9", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SectionGrammar.decode(a.encodeTransitions(), "0.5,x,0.2", 3, 0.3, 1e-4));
        assertEquals("section_prior value 2 is not a number: 'x'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SectionGrammar.decode(a.encodeTransitions(), "0.5,0,0.5", 3, 0.3, 1e-4));
    }
}
