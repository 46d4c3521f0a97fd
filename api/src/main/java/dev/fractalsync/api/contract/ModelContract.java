package dev.fractalsync.api.contract;

import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The validated model contract ({@code model_contracts/v1.json}). Validation checks every field the code relies on
 * and fails with one {@link ContractException} naming the file and the field.
 * <p>
 * This class reads no JSON itself (the api depends on nothing beyond the JDK): it validates the contract's document
 * as a plain tree of {@link Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean} and {@code null}, which
 * is what any JSON library's untyped read gives. {@code dev.fractalsync.json.ContractFiles} (module
 * {@code fractalsync.json}) reads contract files and the bundled v1 contract into that tree.
 */
public final class ModelContract {
    /** The contract major version this build implements. */
    public static final int SUPPORTED_MAJOR = 1;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)$");
    private static final List<String> REQUIRED_BEAT_FEATURES = List.of("sin_phase", "cos_phase", "log_spb", "conf");
    private static final Set<String> SYMBOLS = Set.of("T_slow", "T_fast", "F_audio", "F_fast", "F_beat", "F_ctx", "F_pitch", "L", "K", "E", "C");

    private final String source;
    private final String version;
    private final boolean hasInputLevel;
    private final int major;
    private final int sampleRate;
    private final int hop;
    private final List<Integer> decimations;
    private final double minBpm;
    private final double maxBpm;
    private final List<String> labels;
    private final int[] horizons;
    private final List<String> beatFeatures;
    private final List<String> audioFeatures;
    private final int stftSize;
    private final int stftHop;
    private final int tSlow;
    private final int tFast;
    private final int macroEmbeddingSize;
    private final List<String> songContextFeatures;
    private final List<String> pitchFeatures;
    private final Map<String, ModelSpec> models;

    private ModelContract(String source, Map<?, ?> root) {
        this.source = source;
        Reader r = new Reader(source);
        this.version = r.text(root, "version");
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new ContractException(source, "version", "'" + version + "' is not of the form MAJOR.MINOR.PATCH");
        }
        this.major = Integer.parseInt(m.group(1));
        if (major != SUPPORTED_MAJOR) {
            throw new ContractException(source, "version", "unknown version " + version
                    + " (this build implements contract major version " + SUPPORTED_MAJOR + ")");
        }
        this.sampleRate = r.positiveInt(root, "sample_rate");
        this.hop = r.positiveInt(root, "hop");
        this.decimations = new ArrayList<>();
        for (Object d : r.array(root, "decimation", 1)) {
            if (!ContractTree.canConvertToInt(d) || ContractTree.asInt(d) < 1) {
                throw new ContractException(source, "decimation", "entries must be positive integers, got " + ContractTree.show(d));
            }
            decimations.add(ContractTree.asInt(d));
        }
        List<?> tempo = r.array(root, "tempo_range_bpm", 2);
        if (tempo.size() != 2 || !ContractTree.isNumber(tempo.get(0)) || !ContractTree.isNumber(tempo.get(1))
                || ContractTree.asDouble(tempo.get(0)) <= 0 || ContractTree.asDouble(tempo.get(0)) >= ContractTree.asDouble(tempo.get(1))) {
            throw new ContractException(source, "tempo_range_bpm", "must be [min, max] with 0 < min < max, got "
                    + ContractTree.show(tempo));
        }
        this.minBpm = ContractTree.asDouble(tempo.get(0));
        this.maxBpm = ContractTree.asDouble(tempo.get(1));

        this.labels = r.uniqueStrings(root, "labels");
        if (labels.size() != SectionLabel.COUNT) {
            throw new ContractException(source, "labels", "expected " + SectionLabel.COUNT + " labels, found " + labels.size());
        }
        for (int i = 0; i < labels.size(); i++) {
            String expected = SectionLabel.ofIndex(i).contractName();
            if (!labels.get(i).equals(expected)) {
                throw new ContractException(source, "labels[" + i + "]", "expected '" + expected + "' (the v1 order is "
                        + "silence, intro, verse, pre-chorus, chorus, bridge, inst, outro), found '" + labels.get(i) + "'");
            }
        }

        List<?> hz = r.array(root, "horizons_beats", 1);
        this.horizons = new int[hz.size()];
        for (int i = 0; i < hz.size(); i++) {
            if (!ContractTree.canConvertToInt(hz.get(i)) || ContractTree.asInt(hz.get(i)) < 1) {
                throw new ContractException(source, "horizons_beats[" + i + "]", "must be a positive integer, got "
                        + ContractTree.show(hz.get(i)));
            }
            horizons[i] = ContractTree.asInt(hz.get(i));
            if (i > 0 && horizons[i] <= horizons[i - 1]) {
                throw new ContractException(source, "horizons_beats", "must be strictly increasing, got " + ContractTree.show(hz));
            }
        }
        if (horizons.length != Horizons.COUNT) {
            throw new ContractException(source, "horizons_beats", "expected " + Horizons.COUNT + " horizons, found " + horizons.length);
        }
        for (int i = 0; i < horizons.length; i++) {
            if (horizons[i] != Horizons.beats(i)) {
                throw new ContractException(source, "horizons_beats", "v1 fixes [1, 2, 4, 8, 16], got " + ContractTree.show(hz));
            }
        }

        this.beatFeatures = r.namedList(root.get("beat_features"), "beat_features", root.containsKey("beat_features"));
        for (int i = 0; i < REQUIRED_BEAT_FEATURES.size(); i++) {
            if (beatFeatures.size() <= i || !beatFeatures.get(i).equals(REQUIRED_BEAT_FEATURES.get(i))) {
                throw new ContractException(source, "beat_features", "must start with " + REQUIRED_BEAT_FEATURES
                        + " in this order, got " + beatFeatures);
            }
        }

        Map<?, ?> audio = r.object(root, "audio_features");
        Map<?, ?> stft = r.object(audio, "stft", "audio_features.stft");
        this.stftSize = r.positiveInt(stft, "size", "audio_features.stft.size");
        this.stftHop = r.positiveInt(stft, "hop", "audio_features.stft.hop");
        if (stftHop != hop) {
            throw new ContractException(source, "audio_features.stft.hop", "must equal hop (" + hop + "), got " + stftHop);
        }
        r.text(audio, "normalization", "audio_features.normalization");
        this.audioFeatures = r.namedList(audio.get("features"), "audio_features.features", audio.containsKey("features"));

        Map<?, ?> windows = r.object(root, "windows");
        this.tSlow = r.positiveInt(windows, "T_slow", "windows.T_slow");
        this.tFast = r.positiveInt(windows, "T_fast", "windows.T_fast");
        Object e = r.required(root, "macro_embedding_size", "macro_embedding_size");
        if (!ContractTree.canConvertToInt(e) || ContractTree.asInt(e) < 0) {
            throw new ContractException(source, "macro_embedding_size", "must be a non-negative integer, got " + ContractTree.show(e));
        }
        this.macroEmbeddingSize = ContractTree.asInt(e);

        List<?> cv = r.array(root, "control_vector", 1);
        if (cv.size() != ControlVector.SIZE) {
            throw new ContractException(source, "control_vector", "expected " + ControlVector.SIZE + " entries, found " + cv.size());
        }
        for (int i = 0; i < cv.size(); i++) {
            String f = "control_vector[" + i + "]";
            String name = r.text(cv.get(i), "name", f + ".name");
            if (!name.equals(ControlVector.NAMES[i])) {
                throw new ContractException(source, f + ".name", "expected '" + ControlVector.NAMES[i] + "', found '" + name + "'");
            }
            double min = r.number(cv.get(i), "min", f + ".min");
            double max = r.number(cv.get(i), "max", f + ".max");
            if (Math.abs(min - ControlVector.MIN[i]) > 1e-6 || Math.abs(max - ControlVector.MAX[i]) > 1e-6) {
                throw new ContractException(source, f, "bounds [" + min + ", " + max + "] differ from the v1 bounds ["
                        + ControlVector.MIN[i] + ", " + ControlVector.MAX[i] + "]");
            }
        }

        List<?> anchor = r.array(root, "c_anchor", 2);
        if (anchor.size() != 2 || !ContractTree.isNumber(anchor.get(0)) || !ContractTree.isNumber(anchor.get(1))
                || Math.abs(ContractTree.asDouble(anchor.get(0)) - ControlVector.C_ANCHOR_RE) > 1e-9
                || Math.abs(ContractTree.asDouble(anchor.get(1)) - ControlVector.C_ANCHOR_IM) > 1e-9) {
            throw new ContractException(source, "c_anchor", "v1 fixes [" + ControlVector.C_ANCHOR_RE + ", "
                    + ControlVector.C_ANCHOR_IM + "] (the point Δc is relative to), got " + ContractTree.show(anchor));
        }

        // since 1.1: causal song-level context features computed by the host (absent in 1.0 contracts)
        if (root.containsKey("song_context")) {
            Map<?, ?> songContext = r.object(root, "song_context");
            r.text(songContext, "version", "song_context.version");
            this.songContextFeatures = r.namedList(songContext.get("features"), "song_context.features",
                    songContext.containsKey("features"));
        } else {
            this.songContextFeatures = List.of();
        }

        // since 1.5: per-hop pitch-class (chroma) frames computed by the host (absent before)
        if (root.containsKey("pitch_features")) {
            Map<?, ?> pitch = r.object(root, "pitch_features");
            r.text(pitch, "version", "pitch_features.version");
            r.text(pitch, "definition", "pitch_features.definition");
            this.pitchFeatures = List.copyOf(r.namedList(pitch.get("features"), "pitch_features.features", true));
        } else {
            this.pitchFeatures = List.of();
        }

        // since 1.2: the input-level stage in front of every feature path; its constants are this build's
        if (root.containsKey("input_level")) {
            Map<?, ?> level = r.object(root, "input_level");
            r.text(level, "version", "input_level.version");
            r.text(level, "definition", "input_level.definition");
            double[][] expected = {
                    {r.number(level, "target_dbfs", "input_level.target_dbfs"), InputLevelStage.TARGET_DBFS},
                    {r.number(level, "max_boost_db", "input_level.max_boost_db"), InputLevelStage.MAX_BOOST_DB},
                    {r.number(level, "held_max_boost_db", "input_level.held_max_boost_db"), InputLevelStage.HELD_MAX_BOOST_DB},
                    {r.number(level, "max_cut_db", "input_level.max_cut_db"), InputLevelStage.MAX_CUT_DB},
                    {r.number(level, "gate_dbfs", "input_level.gate_dbfs"), InputLevelStage.GATE_DBFS},
                    {r.number(level, "attack_seconds", "input_level.attack_seconds"), InputLevelStage.ATTACK_SECONDS},
                    {r.number(level, "release_seconds", "input_level.release_seconds"), InputLevelStage.RELEASE_SECONDS},
                    {r.number(level, "new_song_silence_seconds", "input_level.new_song_silence_seconds"),
                            InputLevelStage.NEW_SONG_SILENCE_SECONDS}};
            String[] names = {"target_dbfs", "max_boost_db", "held_max_boost_db", "max_cut_db", "gate_dbfs", "attack_seconds",
                    "release_seconds", "new_song_silence_seconds"};
            for (int i = 0; i < names.length; i++) {
                if (Math.abs(expected[i][0] - expected[i][1]) > 1e-9) {
                    throw new ContractException(source, "input_level." + names[i], expected[i][0]
                            + " differs from this build's input-level stage (" + expected[i][1] + ")");
                }
            }
            this.hasInputLevel = true;
        } else {
            this.hasInputLevel = false;
        }

        Map<String, Integer> dims = new java.util.HashMap<>(Map.of("T_slow", tSlow, "T_fast", tFast, "F_audio", audioFeatures.size(),
                "F_fast", audioFeatures.size(), "F_beat", beatFeatures.size(), "L", labels.size(),
                "K", horizons.length, "E", macroEmbeddingSize, "C", ControlVector.SIZE));
        dims.put("F_ctx", songContextFeatures.size());
        dims.put("F_pitch", pitchFeatures.size());
        Map<?, ?> modelsNode = r.object(root, "models");
        this.models = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : modelsNode.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String base = "models." + name;
            models.put(name, new ModelSpec(name,
                    r.tensors(entry.getValue(), "inputs", base, dims), r.tensors(entry.getValue(), "outputs", base, dims)));
        }
        for (String required : List.of("anticipator", "controller")) {
            if (!models.containsKey(required)) {
                throw new ContractException(source, "models." + required, "missing");
            }
        }
    }

    /**
     * Validates a contract document given as a plain tree (see the class comment): objects as {@link Map} with
     * string keys (in file order), arrays as {@link List}, strings, numbers ({@link Integer}, {@link Long},
     * {@link BigInteger} or {@link Double}), booleans and {@code null}. {@code source} names the document in error
     * messages.
     *
     * @throws ContractException naming the source and the field, on the first field the code cannot rely on
     */
    public static ModelContract fromTree(String source, Map<String, ?> root) {
        if (root == null) {
            throw new ContractException(source, "is not a JSON object", (Throwable) null);
        }
        return new ModelContract(source, root);
    }

    public String source() {
        return source;
    }

    public String version() {
        return version;
    }

    public int major() {
        return major;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int hop() {
        return hop;
    }

    /** Seconds per hop (1024 / 48000). */
    public double hopSeconds() {
        return (double) hop / sampleRate;
    }

    public List<Integer> decimations() {
        return List.copyOf(decimations);
    }

    public double minBpm() {
        return minBpm;
    }

    public double maxBpm() {
        return maxBpm;
    }

    public List<String> labels() {
        return List.copyOf(labels);
    }

    public int[] horizonsBeats() {
        return horizons.clone();
    }

    public List<String> beatFeatures() {
        return List.copyOf(beatFeatures);
    }

    public List<String> audioFeatures() {
        return List.copyOf(audioFeatures);
    }

    /** F_pitch feature names in order (since 1.5; empty for older contracts). */
    public List<String> pitchFeatures() {
        return pitchFeatures;
    }

    public int stftSize() {
        return stftSize;
    }

    public int tSlow() {
        return tSlow;
    }

    public int tFast() {
        return tFast;
    }

    public int macroEmbeddingSize() {
        return macroEmbeddingSize;
    }

    /** Names of the song-level context features (contract 1.1+), in order; empty for a 1.0 contract. */
    public List<String> songContextFeatures() {
        return songContextFeatures;
    }

    /**
     * Whether the contract states the input-level stage (1.2 and later). Hosts apply the stage ({@link InputLevelStage}) either way;
     * models trained under an older contract saw features without it.
     */
    public boolean hasInputLevel() {
        return hasInputLevel;
    }

    /** Minor version number (the 1 of 1.1.0). */
    public int minor() {
        Matcher m = VERSION.matcher(version);
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    public Optional<ModelSpec> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** Reads fields with messages naming the JSON path. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Object required(Object parent, String key, String path) {
            Object n = parent instanceof Map<?, ?> m ? m.get(key) : null;
            if (n == null) {
                throw new ContractException(source, path, "missing");
            }
            return n;
        }

        String text(Object parent, String key) {
            return text(parent, key, key);
        }

        String text(Object parent, String key, String path) {
            Object n = required(parent, key, path);
            if (!(n instanceof String t) || t.isBlank()) {
                throw new ContractException(source, path, "must be a non-empty string, got " + ContractTree.show(n));
            }
            return t;
        }

        double number(Object parent, String key, String path) {
            Object n = required(parent, key, path);
            if (!ContractTree.isNumber(n)) {
                throw new ContractException(source, path, "must be a number, got " + ContractTree.show(n));
            }
            return ContractTree.asDouble(n);
        }

        int positiveInt(Object parent, String key) {
            return positiveInt(parent, key, key);
        }

        int positiveInt(Object parent, String key, String path) {
            Object n = required(parent, key, path);
            if (!ContractTree.isIntegral(n) || !ContractTree.canConvertToInt(n) || ContractTree.asInt(n) < 1) {
                throw new ContractException(source, path, "must be a positive integer, got " + ContractTree.show(n));
            }
            return ContractTree.asInt(n);
        }

        Map<?, ?> object(Object parent, String key) {
            return object(parent, key, key);
        }

        Map<?, ?> object(Object parent, String key, String path) {
            Object n = required(parent, key, path);
            if (!(n instanceof Map<?, ?> m)) {
                throw new ContractException(source, path, "must be an object, got " + ContractTree.type(n));
            }
            return m;
        }

        List<?> array(Object parent, String key, int minSize) {
            return array(parent, key, key, minSize);
        }

        List<?> array(Object parent, String key, String path, int minSize) {
            Object n = required(parent, key, path);
            if (!(n instanceof List<?> l)) {
                throw new ContractException(source, path, "must be an array, got " + ContractTree.type(n));
            }
            if (l.size() < minSize) {
                throw new ContractException(source, path, "must have at least " + minSize + " entries, got " + l.size());
            }
            return l;
        }

        List<String> uniqueStrings(Object parent, String key) {
            List<?> arr = array(parent, key, 1);
            List<String> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Object n : arr) {
                if (!(n instanceof String t) || t.isBlank()) {
                    throw new ContractException(source, key, "entries must be non-empty strings, got " + ContractTree.show(n));
                }
                if (!seen.add(t)) {
                    throw new ContractException(source, key, "duplicate label '" + t + "'");
                }
                out.add(t);
            }
            return out;
        }

        /** An array of {name, definition} objects with unique names. */
        List<String> namedList(Object value, String path, boolean present) {
            if (!present) {
                throw new ContractException(source, path, "missing");
            }
            if (!(value instanceof List<?> arr) || arr.isEmpty()) {
                throw new ContractException(source, path, "must be a non-empty array");
            }
            List<String> names = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                String name = text(arr.get(i), "name", path + "[" + i + "].name");
                text(arr.get(i), "definition", path + "[" + i + "].definition");
                if (!seen.add(name)) {
                    throw new ContractException(source, path, "duplicate name '" + name + "'");
                }
                names.add(name);
            }
            return names;
        }

        List<TensorSpec> tensors(Object model, String key, String base, Map<String, Integer> dims) {
            if (!(model instanceof Map)) {
                throw new ContractException(source, base, "must be an object with inputs and outputs");
            }
            List<?> arr = array(model, key, base + "." + key, 1);
            List<TensorSpec> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                String path = base + "." + key + "[" + i + "]";
                Object t = arr.get(i);
                String name = text(t, "name", path + ".name");
                String type = text(t, "type", path + ".type");
                if (!type.equals("float32") && !type.equals("int64")) {
                    throw new ContractException(source, path + ".type", "must be float32 or int64, got '" + type + "'");
                }
                List<?> shapeNode = array(t, "shape", path + ".shape", 1);
                long[] shape = new long[shapeNode.size()];
                for (int d = 0; d < shape.length; d++) {
                    Object dim = shapeNode.get(d);
                    if (dim instanceof String symbol && SYMBOLS.contains(symbol)) {
                        shape[d] = dims.get(symbol);
                        if (shape[d] < 1) {
                            throw new ContractException(source, path + ".shape[" + d + "]", symbol
                                    + " is 0 here (F_ctx needs a song_context section with features)");
                        }
                    } else if (ContractTree.isIntegral(dim) && ((Number) dim).longValue() >= 1) {
                        shape[d] = ((Number) dim).longValue();
                    } else {
                        throw new ContractException(source, path + ".shape[" + d + "]",
                                "must be a positive integer or one of " + new java.util.TreeSet<>(SYMBOLS) + ", got "
                                        + ContractTree.show(dim));
                    }
                }
                out.add(new TensorSpec(name, type, shape, ContractTree.asBoolean(((Map<?, ?>) t).get("optional"))));
            }
            return out;
        }
    }
}
