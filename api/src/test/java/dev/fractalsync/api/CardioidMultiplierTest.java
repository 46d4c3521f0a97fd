package dev.fractalsync.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CardioidMultiplierTest {
    @Test
    void knownPointsOfTheCardioid() {
        CardioidMultiplier centre = CardioidMultiplier.of(0, 0);
        assertEquals(0.0, centre.radius(), 1e-15);
        CardioidMultiplier cusp = CardioidMultiplier.of(0.25, 0);
        assertEquals(1.0, cusp.radius(), 1e-12);
        assertEquals(0.0, cusp.angle(), 1e-12);
        // the period-2 bulb touches the cardioid at c = -3/4, mu = -1
        CardioidMultiplier neck = CardioidMultiplier.of(-0.75, 1e-300);
        assertEquals(1.0, neck.radius(), 1e-12);
        assertEquals(Math.PI, Math.abs(neck.angle()), 1e-9);
        assertEquals(-0.75, new CardioidMultiplier(1, Math.PI).cRe(), 1e-15);
        assertEquals(0.0, new CardioidMultiplier(1, Math.PI).cIm(), 1e-15);
    }

    @Test
    void cToMuAndBackIsTheIdentityWhereReMuIsAtMostOne() {
        for (int k = 0; k < 360; k++) {
            double angle = Math.toRadians(k - 179.5);
            for (double radius : new double[]{0.3, 0.85, 0.99, 1.0, 1.1, 1.3}) {
                if (radius * Math.cos(angle) > 1) {
                    continue;
                }
                CardioidMultiplier mu = new CardioidMultiplier(radius, angle);
                CardioidMultiplier back = CardioidMultiplier.of(mu.cRe(), mu.cIm());
                assertEquals(radius, back.radius(), 1e-9, "radius at " + k + " degrees");
                assertEquals(angle, back.angle(), 1e-9, "angle at " + k + " degrees");
            }
        }
    }
}
