/** The {@code fractalsync} command line: wires clocks, providers, bus and renderer together. */
module fractalsync.app {
    requires fractalsync.api;
    requires fractalsync.clock;
    requires fractalsync.tools;
    requires io.vertx.core;
    requires java.desktop;
    requires info.picocli;
    requires org.slf4j;

    opens dev.fractalsync.app to info.picocli;
}
