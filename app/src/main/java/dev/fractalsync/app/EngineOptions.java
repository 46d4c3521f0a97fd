package dev.fractalsync.app;

import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.clock.discovery.SelectionException;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Provider selection and engine options shared by the commands that run the engine. */
public final class EngineOptions {
    @Mixin
    PluginsOption plugins;

    @Option(names = "--contract", description = "Model contract JSON (default: the bundled model_contracts/v1.json).")
    Path contract;

    @Option(names = "--beat", description = "Beat clock provider id (default: beatnet if installed, else oscillator).")
    String beat;

    @Option(names = "--structure", description = "Structure provider id (default: anticipator, else novelty, else neutral).")
    String structure;

    @Option(names = "--controller", description = "Controller provider id (default: rules).")
    String controller;

    @Option(names = "--decimation", description = "Run the structure provider every N hops: 1, 2 or 4 (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int decimation;

    @Option(names = "--bpm", description = "Tempo of the placeholder oscillator (default: 120).")
    Double bpm;

    @Option(names = "--seed", description = "Seed for providers that use randomness (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--beat-opt", description = "Option for the beat provider, key=value (repeatable).")
    Map<String, String> beatOptions = new LinkedHashMap<>();

    @Option(names = "--structure-opt", description = "Option for the structure provider, key=value (repeatable).")
    Map<String, String> structureOptions = new LinkedHashMap<>();

    @Option(names = "--controller-opt", description = "Option for the controller provider, key=value (repeatable).")
    Map<String, String> controllerOptions = new LinkedHashMap<>();

    @Option(names = "--tempo-range", paramLabel = "MIN:MAX", description = "Tempo range in BPM the beat tracker may "
            + "choose from, e.g. 55:95 to hold a ballad at its slow quarter note or 90:180 to keep a fast song off half "
            + "time (within 40:240; sets the beat provider's min_bpm and max_bpm options; default for beatnet: 55:215).")
    String tempoRange;

    @Option(names = "--tempo-level", paramLabel = "LEVEL", description = "The metrical level published: auto "
            + "(default: the tracker's beats, or every other one when the beat provider hears them as the subdivision of "
            + "a slower beat, e.g. a ballad followed on its eighth notes), as-tracked (the tracker's beats, always), half "
            + "(pairs of beats, starting on its downbeats) or double. Beats, bars, sections' beat features, outputs and "
            + "the picture all follow it.")
    String tempoLevel;

    @Option(names = "--provider-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "A provider call (construction and open included) that takes longer is abandoned and the "
                    + "built-in fallback takes over (default: ${DEFAULT-VALUE}).")
    double providerTimeout;

    public EngineSettings settings() {
        if (!(providerTimeout > 0) || providerTimeout > 86_400) {
            throw new UsageException("--provider-timeout must be between 0 and 86400 seconds, got " + providerTimeout);
        }
        // a copy: settings() may be called once per song (sync-check with several files)
        Map<String, String> beatOpts = new LinkedHashMap<>(beatOptions);
        if (tempoRange != null) {
            double[] range = parseTempoRange(tempoRange);
            for (String key : new String[]{"min_bpm", "max_bpm"}) {
                if (beatOpts.containsKey(key)) {
                    throw new UsageException("--tempo-range and --beat-opt " + key + " both set the tempo range: give one");
                }
            }
            beatOpts.put("min_bpm", Double.toString(range[0]));
            beatOpts.put("max_bpm", Double.toString(range[1]));
        }
        TempoLevel level;
        try {
            level = tempoLevel == null ? TempoLevel.AUTO : TempoLevel.ofFlag(tempoLevel);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new EngineSettings(plugins.checked(), contract, beat, structure, controller, decimation, bpm, seed, beatOpts,
                structureOptions, controllerOptions, Duration.ofNanos(Math.round(providerTimeout * 1e9)), level);
    }

    static final double MIN_TEMPO = 40;
    static final double MAX_TEMPO = 240;

    /** {@code MIN:MAX} in BPM, MIN below MAX, both within [{@value #MIN_TEMPO}, {@value #MAX_TEMPO}]. */
    static double[] parseTempoRange(String text) {
        String[] parts = text.split(":", -1);
        double min;
        double max;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            min = Double.parseDouble(parts[0].trim());
            max = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--tempo-range takes MIN:MAX in BPM, e.g. 55:95, got '" + text + "'");
        }
        if (!(min >= MIN_TEMPO && max <= MAX_TEMPO && max > min)) {
            throw new UsageException(String.format(java.util.Locale.ROOT, "--tempo-range %s: need %.0f <= MIN < MAX <= %.0f BPM",
                    text, MIN_TEMPO, MAX_TEMPO));
        }
        return new double[]{min, max};
    }

    /** Where plugin JARs are looked for: {@code --plugins} directories, then the default ones. */
    public List<Path> pluginSearchPath() {
        return plugins.searchPath();
    }

    /** {@code --decimation}: the structure provider runs every this many hops. */
    public int decimation() {
        return decimation;
    }

    /**
     * Discovers the providers and checks the choices before any input is read: a bad option or an unknown provider
     * id is a usage error in one line.
     */
    public ProviderWiring wiring() {
        EngineSettings settings = settings();
        ProviderWiring wiring;
        try {
            wiring = new ProviderWiring(settings, plugins.searchPath());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("--decimation")) {
                throw new UsageException(e.getMessage());
            }
            throw e;
        }
        try {
            wiring.checkSelection();
        } catch (SelectionException e) {
            throw new UsageException(e.getMessage() + fileHint(e.getMessage()));
        }
        return wiring;
    }

    /**
     * An id that looks like a file name was most likely meant for the output option of a similar name
     * ({@code --beat beats.txt} for {@code --beats beats.txt}): say so on the same line.
     */
    private String fileHint(String message) {
        String[][] options = {{"--beat", beat, "--beats"}, {"--structure", structure, "--sections"}};
        for (String[] o : options) {
            String value = o[1];
            if (value != null && message.contains("'" + value + "'") && (value.contains(".") || value.contains("/")
                    || value.contains(java.io.File.separator))) {
                return "; " + o[0] + " takes a provider id: to write " + value + ", analyze takes " + o[2] + " "
                        + value;
            }
        }
        return "";
    }
}
