/**
 * Controller providers: the rule-based default ({@code rules}) and the ONNX MLP trained to imitate it
 * ({@code onnx}), plus the Mandelbrot-membership test that defines "connected" Julia sets.
 */
module fractalsync.providers.controller {
    requires fractalsync.api;
    requires fractalsync.onnx;

    exports dev.fractalsync.controller;
    exports dev.fractalsync.controller.rules;
    exports dev.fractalsync.controller.onnx;

    provides dev.fractalsync.api.spi.ControllerProvider with dev.fractalsync.controller.rules.RuleController,
            dev.fractalsync.controller.onnx.OnnxController;
}
