package dev.fractalsync.api.contract;

import dev.fractalsync.api.audio.InputLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * The loaded, validated model contract ({@code model_contracts/v1.json}). Loading checks every field the code relies
 * on and fails with one {@link ContractException} naming the file and the field.
 */
public final class ModelContract {
    /** The contract major version this build implements. */
    public static final int SUPPORTED_MAJOR = 1;
    private static final String BUNDLED_V1 = "v1.json";
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

    private ModelContract(String source, JsonNode root) {
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
        for (JsonNode d : r.array(root, "decimation", 1)) {
            if (!d.canConvertToInt() || d.asInt() < 1) {
                throw new ContractException(source, "decimation", "entries must be positive integers, got " + d);
            }
            decimations.add(d.asInt());
        }
        JsonNode tempo = r.array(root, "tempo_range_bpm", 2);
        if (tempo.size() != 2 || !tempo.get(0).isNumber() || !tempo.get(1).isNumber()
                || tempo.get(0).asDouble() <= 0 || tempo.get(0).asDouble() >= tempo.get(1).asDouble()) {
            throw new ContractException(source, "tempo_range_bpm", "must be [min, max] with 0 < min < max, got " + tempo);
        }
        this.minBpm = tempo.get(0).asDouble();
        this.maxBpm = tempo.get(1).asDouble();

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

        JsonNode hz = r.array(root, "horizons_beats", 1);
        this.horizons = new int[hz.size()];
        for (int i = 0; i < hz.size(); i++) {
            if (!hz.get(i).canConvertToInt() || hz.get(i).asInt() < 1) {
                throw new ContractException(source, "horizons_beats[" + i + "]", "must be a positive integer, got " + hz.get(i));
            }
            horizons[i] = hz.get(i).asInt();
            if (i > 0 && horizons[i] <= horizons[i - 1]) {
                throw new ContractException(source, "horizons_beats", "must be strictly increasing, got " + hz);
            }
        }
        if (horizons.length != Horizons.COUNT) {
            throw new ContractException(source, "horizons_beats", "expected " + Horizons.COUNT + " horizons, found " + horizons.length);
        }
        for (int i = 0; i < horizons.length; i++) {
            if (horizons[i] != Horizons.beats(i)) {
                throw new ContractException(source, "horizons_beats", "v1 fixes [1, 2, 4, 8, 16], got " + hz);
            }
        }

        this.beatFeatures = r.namedList(root.path("beat_features"), "beat_features", root.has("beat_features"));
        for (int i = 0; i < REQUIRED_BEAT_FEATURES.size(); i++) {
            if (beatFeatures.size() <= i || !beatFeatures.get(i).equals(REQUIRED_BEAT_FEATURES.get(i))) {
                throw new ContractException(source, "beat_features", "must start with " + REQUIRED_BEAT_FEATURES
                        + " in this order, got " + beatFeatures);
            }
        }

        JsonNode audio = r.object(root, "audio_features");
        JsonNode stft = r.object(audio, "stft", "audio_features.stft");
        this.stftSize = r.positiveInt(stft, "size", "audio_features.stft.size");
        this.stftHop = r.positiveInt(stft, "hop", "audio_features.stft.hop");
        if (stftHop != hop) {
            throw new ContractException(source, "audio_features.stft.hop", "must equal hop (" + hop + "), got " + stftHop);
        }
        r.text(audio, "normalization", "audio_features.normalization");
        this.audioFeatures = r.namedList(audio.path("features"), "audio_features.features", audio.has("features"));

        JsonNode windows = r.object(root, "windows");
        this.tSlow = r.positiveInt(windows, "T_slow", "windows.T_slow");
        this.tFast = r.positiveInt(windows, "T_fast", "windows.T_fast");
        JsonNode e = r.required(root, "macro_embedding_size", "macro_embedding_size");
        if (!e.canConvertToInt() || e.asInt() < 0) {
            throw new ContractException(source, "macro_embedding_size", "must be a non-negative integer, got " + e);
        }
        this.macroEmbeddingSize = e.asInt();

        JsonNode cv = r.array(root, "control_vector", 1);
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

        JsonNode anchor = r.array(root, "c_anchor", 2);
        if (anchor.size() != 2 || !anchor.get(0).isNumber() || !anchor.get(1).isNumber()
                || Math.abs(anchor.get(0).asDouble() - ControlVector.C_ANCHOR_RE) > 1e-9
                || Math.abs(anchor.get(1).asDouble() - ControlVector.C_ANCHOR_IM) > 1e-9) {
            throw new ContractException(source, "c_anchor", "v1 fixes [" + ControlVector.C_ANCHOR_RE + ", "
                    + ControlVector.C_ANCHOR_IM + "] (the point Δc is relative to), got " + anchor);
        }

        // since 1.1: causal song-level context features computed by the host (absent in 1.0 contracts)
        if (root.has("song_context")) {
            JsonNode songContext = r.object(root, "song_context");
            r.text(songContext, "version", "song_context.version");
            this.songContextFeatures = r.namedList(songContext.path("features"), "song_context.features",
                    songContext.has("features"));
        } else {
            this.songContextFeatures = List.of();
        }

        // since 1.5: per-hop pitch-class (chroma) frames computed by the host (absent before)
        if (root.has("pitch_features")) {
            JsonNode pitch = r.object(root, "pitch_features");
            r.text(pitch, "version", "pitch_features.version");
            r.text(pitch, "definition", "pitch_features.definition");
            this.pitchFeatures = List.copyOf(r.namedList(pitch.path("features"), "pitch_features.features", true));
        } else {
            this.pitchFeatures = List.of();
        }

        // since 1.2: the input-level stage in front of every feature path; its constants are this build's
        if (root.has("input_level")) {
            JsonNode level = r.object(root, "input_level");
            r.text(level, "version", "input_level.version");
            r.text(level, "definition", "input_level.definition");
            double[][] expected = {
                    {r.number(level, "target_dbfs", "input_level.target_dbfs"), InputLevel.TARGET_DBFS},
                    {r.number(level, "max_boost_db", "input_level.max_boost_db"), InputLevel.MAX_BOOST_DB},
                    {r.number(level, "held_max_boost_db", "input_level.held_max_boost_db"), InputLevel.HELD_MAX_BOOST_DB},
                    {r.number(level, "max_cut_db", "input_level.max_cut_db"), InputLevel.MAX_CUT_DB},
                    {r.number(level, "gate_dbfs", "input_level.gate_dbfs"), InputLevel.GATE_DBFS},
                    {r.number(level, "attack_seconds", "input_level.attack_seconds"), InputLevel.ATTACK_SECONDS},
                    {r.number(level, "release_seconds", "input_level.release_seconds"), InputLevel.RELEASE_SECONDS},
                    {r.number(level, "new_song_silence_seconds", "input_level.new_song_silence_seconds"),
                            InputLevel.NEW_SONG_SILENCE_SECONDS}};
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
        JsonNode modelsNode = r.object(root, "models");
        this.models = new LinkedHashMap<>();
        for (var it = modelsNode.fields(); it.hasNext(); ) {
            var entry = it.next();
            String base = "models." + entry.getKey();
            models.put(entry.getKey(), new ModelSpec(entry.getKey(),
                    r.tensors(entry.getValue(), "inputs", base, dims), r.tensors(entry.getValue(), "outputs", base, dims)));
        }
        for (String required : List.of("anticipator", "controller")) {
            if (!models.containsKey(required)) {
                throw new ContractException(source, "models." + required, "missing");
            }
        }
    }

    /** Loads and validates a contract file. */
    public static ModelContract load(Path file) {
        String source = file.toString();
        try {
            return parse(source, Files.readAllBytes(file));
        } catch (NoSuchFileException ex) {
            throw new ContractException(source, "file does not exist", ex);
        } catch (IOException ex) {
            throw new ContractException(source, "cannot read: " + ex.getMessage(), ex);
        }
    }

    /** The v1 contract this build was compiled against (bundled in the api jar). */
    public static ModelContract v1() {
        try (InputStream in = ModelContract.class.getResourceAsStream(BUNDLED_V1)) {
            if (in == null) {
                throw new IllegalStateException("bundled contract " + BUNDLED_V1 + " is missing from the api jar");
            }
            return parse("bundled:model_contracts/v1.json", in.readAllBytes());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Parses contract JSON; {@code source} names it in error messages. */
    public static ModelContract parse(String source, byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException ex) {
            throw new ContractException(source, "is not valid JSON (" + ex.getOriginalMessage() + " at line "
                    + ex.getLocation().getLineNr() + ")", ex);
        } catch (IOException ex) {
            throw new ContractException(source, "cannot read: " + ex.getMessage(), ex);
        }
        if (root == null || !root.isObject()) {
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
     * Whether the contract states the input-level stage (1.2 and later). Hosts apply {@link InputLevel} either way;
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

        JsonNode required(JsonNode parent, String key, String path) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                throw new ContractException(source, path, "missing");
            }
            return n;
        }

        String text(JsonNode parent, String key) {
            return text(parent, key, key);
        }

        String text(JsonNode parent, String key, String path) {
            JsonNode n = required(parent, key, path);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new ContractException(source, path, "must be a non-empty string, got " + n);
            }
            return n.asText();
        }

        double number(JsonNode parent, String key, String path) {
            JsonNode n = required(parent, key, path);
            if (!n.isNumber()) {
                throw new ContractException(source, path, "must be a number, got " + n);
            }
            return n.asDouble();
        }

        int positiveInt(JsonNode parent, String key) {
            return positiveInt(parent, key, key);
        }

        int positiveInt(JsonNode parent, String key, String path) {
            JsonNode n = required(parent, key, path);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
                throw new ContractException(source, path, "must be a positive integer, got " + n);
            }
            return n.asInt();
        }

        JsonNode object(JsonNode parent, String key) {
            return object(parent, key, key);
        }

        JsonNode object(JsonNode parent, String key, String path) {
            JsonNode n = required(parent, key, path);
            if (!n.isObject()) {
                throw new ContractException(source, path, "must be an object, got " + n.getNodeType());
            }
            return n;
        }

        JsonNode array(JsonNode parent, String key, int minSize) {
            return array(parent, key, key, minSize);
        }

        JsonNode array(JsonNode parent, String key, String path, int minSize) {
            JsonNode n = required(parent, key, path);
            if (!n.isArray()) {
                throw new ContractException(source, path, "must be an array, got " + n.getNodeType());
            }
            if (n.size() < minSize) {
                throw new ContractException(source, path, "must have at least " + minSize + " entries, got " + n.size());
            }
            return n;
        }

        List<String> uniqueStrings(JsonNode parent, String key) {
            JsonNode arr = array(parent, key, 1);
            List<String> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (JsonNode n : arr) {
                if (!n.isTextual() || n.asText().isBlank()) {
                    throw new ContractException(source, key, "entries must be non-empty strings, got " + n);
                }
                if (!seen.add(n.asText())) {
                    throw new ContractException(source, key, "duplicate label '" + n.asText() + "'");
                }
                out.add(n.asText());
            }
            return out;
        }

        /** An array of {name, definition} objects with unique names. */
        List<String> namedList(JsonNode arr, String path, boolean present) {
            if (!present) {
                throw new ContractException(source, path, "missing");
            }
            if (!arr.isArray() || arr.isEmpty()) {
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

        List<TensorSpec> tensors(JsonNode model, String key, String base, Map<String, Integer> dims) {
            if (!model.isObject()) {
                throw new ContractException(source, base, "must be an object with inputs and outputs");
            }
            JsonNode arr = array(model, key, base + "." + key, 1);
            List<TensorSpec> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                String path = base + "." + key + "[" + i + "]";
                JsonNode t = arr.get(i);
                String name = text(t, "name", path + ".name");
                String type = text(t, "type", path + ".type");
                if (!type.equals("float32") && !type.equals("int64")) {
                    throw new ContractException(source, path + ".type", "must be float32 or int64, got '" + type + "'");
                }
                JsonNode shapeNode = array(t, "shape", path + ".shape", 1);
                long[] shape = new long[shapeNode.size()];
                for (int d = 0; d < shape.length; d++) {
                    JsonNode dim = shapeNode.get(d);
                    if (dim.isTextual() && SYMBOLS.contains(dim.asText())) {
                        shape[d] = dims.get(dim.asText());
                        if (shape[d] < 1) {
                            throw new ContractException(source, path + ".shape[" + d + "]", dim.asText()
                                    + " is 0 here (F_ctx needs a song_context section with features)");
                        }
                    } else if (dim.isIntegralNumber() && dim.asLong() >= 1) {
                        shape[d] = dim.asLong();
                    } else {
                        throw new ContractException(source, path + ".shape[" + d + "]",
                                "must be a positive integer or one of " + new java.util.TreeSet<>(SYMBOLS) + ", got " + dim);
                    }
                }
                out.add(new TensorSpec(name, type, shape, t.path("optional").asBoolean(false)));
            }
            return out;
        }
    }
}
