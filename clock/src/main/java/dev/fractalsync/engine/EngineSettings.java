package dev.fractalsync.engine;

import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.TempoLevel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Which providers the engine runs and how: the same choices as the command line's {@code --beat}, {@code --structure},
 * {@code --controller}, {@code --decimation}, {@code --bpm}, {@code --seed} and {@code --*-opt}.
 *
 * @param plugins           directory of plugin JARs (null or missing: none)
 * @param contract          model contract file (null: the bundled v1)
 * @param beat              beat provider id (null: beatnet, else the oscillator)
 * @param structure         structure provider id (null: anticipator, else novelty, else neutral)
 * @param controller        controller provider id (null: rules)
 * @param decimation        structure provider cadence in hops (1, 2 or 4)
 * @param bpm               tempo of the placeholder oscillator (null: its default)
 * @param seed              seed for providers that use randomness
 * @param beatOptions       options of the beat provider
 * @param structureOptions  options of the structure provider
 * @param controllerOptions options of the controller provider
 * @param providerTimeout   the watchdog's limit per provider call (construction and open included): a provider that
 *                          overruns it is abandoned for the fallback; null means {@code GuardedProvider.DEFAULT_TIMEOUT}
 * @param tempoLevel        the metrical level published (the command line's {@code --tempo-level}); null: as tracked
 */
public record EngineSettings(Path plugins, Path contract, String beat, String structure, String controller,
                             int decimation, Double bpm, long seed, Map<String, String> beatOptions,
                             Map<String, String> structureOptions, Map<String, String> controllerOptions,
                             Duration providerTimeout, TempoLevel tempoLevel) {
    public static final int DEFAULT_DECIMATION = 2;

    public EngineSettings {
        beatOptions = Map.copyOf(beatOptions);
        structureOptions = Map.copyOf(structureOptions);
        controllerOptions = Map.copyOf(controllerOptions);
        providerTimeout = providerTimeout == null ? GuardedProvider.DEFAULT_TIMEOUT : providerTimeout;
        tempoLevel = tempoLevel == null ? TempoLevel.AUTO : tempoLevel;
        if (providerTimeout.isNegative() || providerTimeout.isZero()) {
            throw new IllegalArgumentException("the provider timeout must be > 0 s, got " + providerTimeout.toMillis() / 1000.0 + " s");
        }
    }

    /** Settings at the tracked tempo level. */
    public EngineSettings(Path plugins, Path contract, String beat, String structure, String controller,
                          int decimation, Double bpm, long seed, Map<String, String> beatOptions,
                          Map<String, String> structureOptions, Map<String, String> controllerOptions,
                          Duration providerTimeout) {
        this(plugins, contract, beat, structure, controller, decimation, bpm, seed, beatOptions, structureOptions,
                controllerOptions, providerTimeout, null);
    }

    /** Settings with the default provider timeout. */
    public EngineSettings(Path plugins, Path contract, String beat, String structure, String controller,
                          int decimation, Double bpm, long seed, Map<String, String> beatOptions,
                          Map<String, String> structureOptions, Map<String, String> controllerOptions) {
        this(plugins, contract, beat, structure, controller, decimation, bpm, seed, beatOptions, structureOptions,
                controllerOptions, null);
    }

    /** The command line's defaults, no plugins directory. */
    public static EngineSettings defaults() {
        return new EngineSettings(null, null, null, null, null, DEFAULT_DECIMATION, null, 0, Map.of(), Map.of(), Map.of());
    }

    public EngineSettings withProviders(String beatId, String structureId, String controllerId) {
        return new EngineSettings(plugins, contract, beatId, structureId, controllerId, decimation, bpm, seed,
                beatOptions, structureOptions, controllerOptions, providerTimeout, tempoLevel);
    }

    public EngineSettings withDecimation(int hops) {
        return new EngineSettings(plugins, contract, beat, structure, controller, hops, bpm, seed,
                beatOptions, structureOptions, controllerOptions, providerTimeout, tempoLevel);
    }

    public EngineSettings withPlugins(Path directory) {
        return new EngineSettings(directory, contract, beat, structure, controller, decimation, bpm, seed,
                beatOptions, structureOptions, controllerOptions, providerTimeout, tempoLevel);
    }

    public EngineSettings withSeed(long newSeed) {
        return new EngineSettings(plugins, contract, beat, structure, controller, decimation, bpm, newSeed,
                beatOptions, structureOptions, controllerOptions, providerTimeout, tempoLevel);
    }

    public EngineSettings withProviderTimeout(Duration timeout) {
        return new EngineSettings(plugins, contract, beat, structure, controller, decimation, bpm, seed,
                beatOptions, structureOptions, controllerOptions, timeout, tempoLevel);
    }

    public EngineSettings withOptions(Map<String, String> beatOpts, Map<String, String> structureOpts,
                                      Map<String, String> controllerOpts) {
        return new EngineSettings(plugins, contract, beat, structure, controller, decimation, bpm, seed,
                beatOpts, structureOpts, controllerOpts, providerTimeout, tempoLevel);
    }

    public EngineSettings withTempoLevel(TempoLevel level) {
        return new EngineSettings(plugins, contract, beat, structure, controller, decimation, bpm, seed,
                beatOptions, structureOptions, controllerOptions, providerTimeout, level);
    }
}
