package dev.fractalsync.api.spi;

import dev.fractalsync.api.contract.ModelContract;

import java.util.Map;
import java.util.Objects;

/**
 * Everything a provider gets at {@link Provider#open}: the loaded contract, the structure decimation in use,
 * a seed for any randomness (so runs are reproducible) and free-form options from the command line
 * ({@code --beat-opt model=2} arrives as {@code model -> 2}).
 */
public record ProviderContext(ModelContract contract, int decimation, long seed, Map<String, String> options) {
    public ProviderContext {
        Objects.requireNonNull(contract, "contract");
        options = Map.copyOf(options);
    }

    public static ProviderContext defaults(ModelContract contract) {
        return new ProviderContext(contract, 1, 0L, Map.of());
    }

    public ProviderContext withOptions(Map<String, String> newOptions) {
        return new ProviderContext(contract, decimation, seed, newOptions);
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    public double doubleOption(String key, double fallback) throws ProviderException {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ProviderException("option " + key + "=" + v + " is not a number");
        }
    }

    public int intOption(String key, int fallback) throws ProviderException {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ProviderException("option " + key + "=" + v + " is not an integer");
        }
    }
}
