package dev.fractalsync.clock.discovery;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.function.Supplier;

/**
 * A provider found by discovery.
 *
 * @param origin where it came from: {@code module-path}, {@code class-path} or the plugin JAR's path
 */
public record DiscoveredProvider(ProviderKind kind, String id, String name, int contractMajor, String origin,
                                 Supplier<? extends Provider> factory) {

    /** A fresh, unopened instance. */
    public Provider newInstance() {
        return factory.get();
    }
}
