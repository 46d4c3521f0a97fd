/** Beat clock providers: the placeholder oscillator (always available, the host's fallback) and BeatNet. */
module fractalsync.providers.beat {
    requires fractalsync.api;

    exports dev.fractalsync.beat.oscillator;

    provides dev.fractalsync.api.spi.BeatClockProvider with dev.fractalsync.beat.oscillator.PlaceholderOscillator;
}
