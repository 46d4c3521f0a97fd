/**
 * The audio signal rules providers share with the host: {@code Resampler} (the one resampler), {@code HopCutter}
 * (the one hop cutter), {@code InputLevel} (the contract's input-level stage). A module of its own so the api stays
 * free of the optional SIMD dependency: the resampler uses Vector API lanes when the host resolves
 * {@code jdk.incubator.vector} (the launchers do), else a scalar loop with the same results.
 */
module fractalsync.dsp {
    requires fractalsync.api;
    requires static jdk.incubator.vector;

    exports dev.fractalsync.dsp;
}
