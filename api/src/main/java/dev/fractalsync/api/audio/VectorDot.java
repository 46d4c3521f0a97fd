package dev.fractalsync.api.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The resampler's inner product on SIMD lanes (the Vector API, an incubator module in Java 17): about 3x the scalar
 * loop on this project's machines, where resampling was a third of an offline analysis's CPU time. Loaded only when
 * the module is present ({@link Resampler} checks), so hosts without it keep the scalar loop.
 */
final class VectorDot {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorDot() {
    }

    static float dot(float[] h, float[] x, int start, int taps) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int j = 0;
        for (int bound = SPECIES.loopBound(taps); j < bound; j += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, h, j).fma(FloatVector.fromArray(SPECIES, x, start + j), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < taps; j++) {
            sum += h[j] * x[start + j];
        }
        return sum;
    }
}
