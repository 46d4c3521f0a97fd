/**
 * Controller providers: the rule-based default ({@code rules}) and the ONNX MLP trained to imitate it
 * ({@code onnx}), plus the Mandelbrot-membership test that defines "connected" Julia sets.
 */
module fractalsync.providers.controller {
    requires fractalsync.api;

    exports dev.fractalsync.controller;
    exports dev.fractalsync.controller.rules;

    provides dev.fractalsync.api.spi.ControllerProvider with dev.fractalsync.controller.rules.RuleController;
}
