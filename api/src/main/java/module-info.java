/**
 * The FractalSync contract surface: immutable state records that travel on the state bus, the three provider
 * SPIs (beat clock, structure, controller) and the model contract's data types and validation. Depends on no other
 * project module and on nothing outside the JDK's {@code java.*} modules: reading contract files and the states'
 * JSON wire form live in {@code fractalsync.json}, the audio signal rules (resampler, hop cutter, input level) in
 * {@code fractalsync.dsp}.
 */
module fractalsync.api {
    exports dev.fractalsync.api;
    exports dev.fractalsync.api.contract;
    exports dev.fractalsync.api.spi;
    exports dev.fractalsync.api.stats;
}
