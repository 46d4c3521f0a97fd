/**
 * The host engine: audio in, feature frames, the slow clock (hop cadence) and fast clock (render cadence), the
 * Vert.x state bus, and provider discovery from the module path and a plugins directory.
 */
module fractalsync.clock {
    requires transitive fractalsync.api;
    requires java.desktop;
    requires JTransforms;
    requires io.vertx.core;
    requires org.slf4j;

    exports dev.fractalsync.clock.discovery;

    uses dev.fractalsync.api.spi.BeatClockProvider;
    uses dev.fractalsync.api.spi.StructureProvider;
    uses dev.fractalsync.api.spi.ControllerProvider;
}
