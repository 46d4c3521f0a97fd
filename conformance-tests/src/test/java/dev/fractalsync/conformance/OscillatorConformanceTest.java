package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;

/** The JUnit adapter exactly as a provider author uses it (see ProviderConformanceTest). */
class OscillatorConformanceTest extends ProviderConformanceTest {
    @Override
    protected Provider provider() {
        return new PlaceholderOscillator();
    }

    @Override
    protected SuiteOptions options() {
        return SuiteOptions.defaults().withDemoSeconds(20).withEdgeSeconds(5).withLatencyEnforced(false);
    }
}
