/** Beat clock providers: the placeholder oscillator (always available, the host's fallback) and BeatNet. */
module fractalsync.providers.beat {
    requires fractalsync.api;
    requires fractalsync.dsp;
    requires JTransforms;
    requires fractalsync.onnx;
    requires java.desktop;

    exports dev.fractalsync.beat.oscillator;
    exports dev.fractalsync.beat.beatnet;

    provides dev.fractalsync.api.spi.BeatClockProvider with
            dev.fractalsync.beat.oscillator.PlaceholderOscillator,
            dev.fractalsync.beat.beatnet.BeatNetProvider;
}
