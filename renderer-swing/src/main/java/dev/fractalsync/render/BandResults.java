package dev.fractalsync.render;

/**
 * Per pixel of a band on float lanes, the state its lane had when it was done: what {@link JuliaShader} turns into
 * colour. Survivors of the float kernel's first group are taken on from the state stored here for them. Arrays run
 * a whole vector past the band's pixels, so that vector loops need no tail.
 */
final class BandResults {
    /** The lane's limit when done: negative for interior (cycled, out of budget or in the basin disk). */
    float[] limit = new float[0];
    float[] count = new float[0];
    /** |z|² of the final z. */
    float[] r2 = new float[0];
    /** |dz/dz0|² / 4^count (interior: after the first group). */
    float[] d2 = new float[0];
    /** The orbit's closest approach to the origin, |z|². */
    float[] trap = new float[0];
    float[] re = new float[0];
    float[] im = new float[0];

    void ensure(int pixels) {
        if (count.length < pixels + FloatLaneKernel.LANES) {
            int size = pixels + FloatLaneKernel.LANES;
            limit = new float[size];
            count = new float[size];
            r2 = new float[size];
            d2 = new float[size];
            trap = new float[size];
            re = new float[size];
            im = new float[size];
        }
    }
}
