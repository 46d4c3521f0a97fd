/**
 * Build-time model tooling, kept out of the runtime providers so they do not carry protobuf or pickle:
 * BeatNet weight conversion, dataset building, anticipator and controller training, ONNX export.
 */
module fractalsync.tools {
    requires fractalsync.api;
    requires fractalsync.json;
    requires fractalsync.dsp;
    requires fractalsync.clock;
    requires fractalsync.providers.controller;
    requires fractalsync.providers.structure;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;
    requires fractalsync.onnx;
    requires pickle;
    requires java.desktop;

    exports dev.fractalsync.tools.anticipator;
    exports dev.fractalsync.tools.beatnet;
    exports dev.fractalsync.tools.billboard;
    exports dev.fractalsync.tools.controller;
    exports dev.fractalsync.tools.dataset;
    exports dev.fractalsync.tools.midi;
    exports dev.fractalsync.tools.training;
}
