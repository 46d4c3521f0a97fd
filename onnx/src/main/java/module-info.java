/**
 * Opening a model for a provider: ONNX Runtime session with the project's settings and the check of its tensors
 * against the model contract. Its own module so that the api stays free of ONNX Runtime and the ONNX providers
 * share one loader without depending on each other.
 */
module fractalsync.onnx {
    requires transitive fractalsync.api;
    requires transitive com.microsoft.onnxruntime;

    exports dev.fractalsync.onnx;
}
