/**
 * The FractalSync contract surface: immutable state records that travel on the state bus, the three provider
 * SPIs (beat clock, structure, controller) and the model contract loader. Depends on no other project module.
 */
module fractalsync.api {
    requires transitive com.fasterxml.jackson.databind;
    // optional: the resampler uses SIMD lanes when the host resolves the module (the launchers do), else a scalar loop
    requires static jdk.incubator.vector;

    exports dev.fractalsync.api;
    exports dev.fractalsync.api.audio;
    exports dev.fractalsync.api.contract;
    exports dev.fractalsync.api.spi;
    exports dev.fractalsync.api.stats;
    exports dev.fractalsync.api.json;

    opens dev.fractalsync.api to com.fasterxml.jackson.databind;
    opens dev.fractalsync.api.contract;
}
