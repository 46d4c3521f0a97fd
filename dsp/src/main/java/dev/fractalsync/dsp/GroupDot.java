package dev.fractalsync.dsp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The resampler's groups on SIMD lanes (the Vector API, an incubator module in Java 17). Loaded only when the module
 * is present ({@link Resampler} checks); hosts without it compute the same sums one output at a time.
 */
final class GroupDot {
    /** One lane per output of a group, on every CPU (not the preferred width, which differs between machines). */
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_256;

    private GroupDot() {
    }

    /**
     * Writes {@link Resampler#GROUP} outputs to {@code out[outOffset..]}: lane {@code l} sums
     * {@code table[at + k * GROUP + l] * x[start + k]} over {@code k < width} in {@link Resampler#CHAINS} interleaved
     * fused multiply-add chains, added as {@code (c0 + c1) + (c2 + c3)}, exactly as {@code Resampler.laneDot}.
     */
    static void group(float[] table, int at, float[] x, int start, int width, float[] out, int outOffset) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int g = Resampler.GROUP;
        for (int k = 0; k < width; k += Resampler.CHAINS) {
            int t = at + k * g;
            a0 = FloatVector.fromArray(SPECIES, table, t).fma(FloatVector.broadcast(SPECIES, x[start + k]), a0);
            a1 = FloatVector.fromArray(SPECIES, table, t + g).fma(FloatVector.broadcast(SPECIES, x[start + k + 1]), a1);
            a2 = FloatVector.fromArray(SPECIES, table, t + 2 * g).fma(FloatVector.broadcast(SPECIES, x[start + k + 2]), a2);
            a3 = FloatVector.fromArray(SPECIES, table, t + 3 * g).fma(FloatVector.broadcast(SPECIES, x[start + k + 3]), a3);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(out, outOffset);
    }
}
