/**
 * Model tooling and its command line ({@code bin/fractalsync-tools}): BeatNet weight conversion, corpora, dataset
 * building, anticipator and controller training, ONNX export, structure evaluation. It builds on the runtime (the
 * {@code fractalsync} CLI's options, sinks and song analyzer); nothing in the runtime depends on it, so the runtime
 * distribution carries no protobuf, pickle or training code.
 */
module fractalsync.tools {
    requires fractalsync.api;
    requires fractalsync.json;
    requires fractalsync.dsp;
    requires fractalsync.app;
    requires com.hazelcast.core;
    requires fractalsync.clock;
    requires fractalsync.providers.controller;
    requires fractalsync.providers.structure;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;
    requires fractalsync.onnx;
    requires pickle;
    requires info.picocli;
    requires java.desktop;

    exports dev.fractalsync.tools.anticipator;
    exports dev.fractalsync.tools.beatnet;
    exports dev.fractalsync.tools.billboard;
    exports dev.fractalsync.tools.controller;
    exports dev.fractalsync.tools.dataset;
    exports dev.fractalsync.tools.midi;
    exports dev.fractalsync.tools.training;

    opens dev.fractalsync.tools.cli to info.picocli;
}
