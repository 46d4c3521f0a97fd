package dev.fractalsync.controller;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MandelbrotMembershipTest {
    @Test
    void knownMembers() {
        double[][] inside = {{0, 0}, {-1, 0}, {-2, 0}, {0.25, 0}, {0, 1}, {-0.1, 0.6},
                {-1.3, 0.0}, {-0.122, 0.745}, {-1.7548, 0}};
        for (double[] c : inside) {
            assertTrue(MandelbrotMembership.contains(c[0], c[1]), "c=" + c[0] + "+" + c[1] + "i");
        }
    }

    @Test
    void knownOutsiders() {
        double[][] outside = {{0.26, 0}, {1, 0}, {-2.01, 0}, {0, 1.02}, {-0.75, 0.2}, {0.5, 0.5}, {-1.5, 0.5},
                {0.45, 0.1}, {-0.75, 0.1}};
        for (double[] c : outside) {
            assertFalse(MandelbrotMembership.contains(c[0], c[1]), "c=" + c[0] + "+" + c[1] + "i");
        }
    }

    @Test
    void shortcutsAgreeWithIteration() {
        // Points of the cardioid and the 2-disk must not escape under plain iteration either.
        for (double t = 0.05; t < 2 * Math.PI; t += 0.1) {
            double r = 0.97;
            double muRe = r * Math.cos(t);
            double muIm = r * Math.sin(t);
            double cRe = 0.5 * muRe - 0.25 * (muRe * muRe - muIm * muIm);
            double cIm = 0.5 * muIm - 0.5 * muRe * muIm;
            assertTrue(MandelbrotMembership.inMainCardioid(cRe, cIm));
            assertTrue(iterateBounded(cRe, cIm, 3000), "cardioid point " + cRe + "," + cIm);
        }
        assertTrue(MandelbrotMembership.inPeriod2Disk(-1.2, 0.1));
        assertTrue(iterateBounded(-1.2, 0.1, 3000));
    }

    @Test
    void distanceEstimateIsZeroInsideAndRoughlyRightOutside() {
        assertEquals(0.0, MandelbrotMembership.exteriorDistance(-0.5, 0, 500));
        assertEquals(0.0, MandelbrotMembership.exteriorDistance(-1, 0.1, 500));
        // c = 3: M reaches Re 0.375 at most, so the distance is about 2.63-2.75; the estimate is within x4.
        double d = MandelbrotMembership.exteriorDistance(3, 0, 500);
        assertTrue(d > 2.75 / 4 && d < 2.75 * 4, "d=" + d);
        assertTrue(MandelbrotMembership.exteriorDistance(0.3, 0, 2000) < MandelbrotMembership.exteriorDistance(0.6, 0, 2000));
    }

    private static boolean iterateBounded(double cRe, double cIm, int n) {
        double zr = 0;
        double zi = 0;
        for (int i = 0; i < n; i++) {
            double t = zr * zr - zi * zi + cRe;
            zi = 2 * zr * zi + cIm;
            zr = t;
            if (zr * zr + zi * zi > 4) {
                return false;
            }
        }
        return true;
    }
}
