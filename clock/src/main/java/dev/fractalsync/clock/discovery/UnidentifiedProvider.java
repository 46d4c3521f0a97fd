package dev.fractalsync.clock.discovery;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.function.Supplier;

/**
 * A plugin provider whose id could not be learned without running its code (its {@code id()}, {@code name()} or
 * {@code contractMajor()} is not a plain constant).
 *
 * @param className the class its service declaration names
 * @param origin    the plugin JAR
 */
public record UnidentifiedProvider(ProviderKind kind, String className, String origin, Supplier<? extends Provider> factory) {
}
