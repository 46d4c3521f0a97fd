/** The {@code fractalsync} command line: wires clocks, providers, bus and renderer together. */
module fractalsync.app {
    requires fractalsync.api;
    requires fractalsync.json;
    requires fractalsync.dsp;
    requires fractalsync.clock;
    requires fractalsync.conformance;
    requires fractalsync.renderer.swing;
    requires fractalsync.control;
    requires fractalsync.providers.beat;
    requires fractalsync.evaluation;
    requires com.fasterxml.jackson.databind;
    requires io.vertx.core;
    requires io.vertx.clustermanager.hazelcast;
    requires com.hazelcast.core;
    requires java.desktop;
    requires java.management;
    requires jdk.management;
    requires me.tongfei.progressbar;
    requires org.jline.terminal;
    requires org.knowm.xchart;
    requires info.picocli;
    requires javaosc.core;
    requires org.slf4j;

    // the tools launcher's commands (dataset, training, eval-structure) build on the CLI's options, sinks and analyzer
    exports dev.fractalsync.app to fractalsync.tools;
    opens dev.fractalsync.app to info.picocli;
}
