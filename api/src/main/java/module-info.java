/**
 * The FractalSync contract surface: immutable state records that travel on the state bus, the three provider
 * SPIs (beat clock, structure, controller) and the model contract's data types and validation. Depends on no other
 * project module and on nothing outside the JDK: reading contract files and the states' JSON wire form live in
 * {@code fractalsync.json}.
 */
module fractalsync.api {
    // optional: the resampler uses SIMD lanes when the host resolves the module (the launchers do), else a scalar loop
    requires static jdk.incubator.vector;

    exports dev.fractalsync.api;
    exports dev.fractalsync.api.audio;
    exports dev.fractalsync.api.contract;
    exports dev.fractalsync.api.spi;
    exports dev.fractalsync.api.stats;
}
