/** The {@code fractalsync} command line: wires clocks, providers, bus and renderer together. */
module fractalsync.app {
    requires fractalsync.api;
    requires fractalsync.json;
    requires fractalsync.dsp;
    requires fractalsync.clock;
    requires fractalsync.conformance;
    requires fractalsync.renderer.swing;
    requires fractalsync.providers.beat;
    requires fractalsync.evaluation;
    requires com.fasterxml.jackson.databind;
    requires io.vertx.core;
    requires io.vertx.clustermanager.hazelcast;
    requires com.hazelcast.core;
    requires java.desktop;
    requires java.management;
    requires jdk.management;
    // only bin/fractalsync-tools resolves it (--add-modules), from its own tools-lib directory
    requires static fractalsync.tools;
    requires me.tongfei.progressbar;
    requires org.jline.terminal;
    requires org.knowm.xchart;
    requires info.picocli;
    requires javaosc.core;
    requires org.slf4j;

    opens dev.fractalsync.app to info.picocli;
}
