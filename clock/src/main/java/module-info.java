/**
 * The host engine: audio in, feature frames, the slow clock (hop cadence) and fast clock (render cadence), the
 * Vert.x state bus, and provider discovery from the module path and a plugins directory.
 */
module fractalsync.clock {
    requires transitive fractalsync.api;
    requires transitive fractalsync.json;
    requires transitive fractalsync.dsp;
    requires transitive java.desktop;
    requires JTransforms;
    requires JLargeArrays;
    requires io.vertx.core;
    requires org.slf4j;

    exports dev.fractalsync.audio;
    exports dev.fractalsync.audio.demo;
    exports dev.fractalsync.bus;
    exports dev.fractalsync.clock;
    exports dev.fractalsync.clock.discovery;
    exports dev.fractalsync.engine;
    exports dev.fractalsync.features;

    opens dev.fractalsync.audio.demo to com.fasterxml.jackson.databind;

    uses dev.fractalsync.api.spi.BeatClockProvider;
    uses dev.fractalsync.api.spi.StructureProvider;
    uses dev.fractalsync.api.spi.ControllerProvider;

    provides dev.fractalsync.api.spi.StructureProvider with dev.fractalsync.clock.NeutralStructureProvider;
}
