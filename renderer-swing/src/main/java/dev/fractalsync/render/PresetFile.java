package dev.fractalsync.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A look as a small JSON file: {@code name}, an optional {@code description}, and the {@link Preset}'s values under
 * snake_case keys ({@code floor}, {@code hue_spread}, ...). A file may give only the values it changes; the others are
 * the default look's ({@code neon}). The four shipped looks are such files, in this package's {@code presets}
 * resources. Anything wrong with a file is a {@link PresetException} with one line naming the file and the problem.
 */
public final class PresetFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shipped looks, in key order (1, 2, 3, ...). */
    static final List<String> SHIPPED = List.of("neon", "ember", "ice", "acid");
    private static final long MAX_BYTES = 64 * 1024;

    /** A value of a preset file: its key, its allowed range, and where the record keeps it. */
    private record Key(String name, double min, double max, ToDoubleFunction<Preset> value) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("floor", 0, 1, Preset::floor),
            new Key("hue_spread", 0, 8, Preset::hueSpread),
            new Key("glow", 0, 2, Preset::glow),
            new Key("glow_width_px", 0.1, 50, Preset::glowWidthPx),
            new Key("interior_light", 0, 1, Preset::interiorLight),
            new Key("interior_hue", -1, 1, Preset::interiorHue),
            new Key("trap_weight", 0, 4, Preset::trapWeight),
            new Key("saturation", 0, 2, Preset::saturation),
            new Key("hue_shift", -1, 1, Preset::hueShift),
            new Key("section_hue", 0, 1, Preset::sectionHue),
            new Key("turns_per_bar", -1, 1, Preset::turnsPerBar),
            new Key("phrase_zoom", 0, 1, Preset::phraseZoom));

    private PresetFile() {
    }

    /** Something wrong with a preset file, in one line that names it. */
    public static final class PresetException extends Exception {
        PresetException(String message) {
            super(message);
        }
    }

    /** The look in {@code file}; a missing name is the file's name without {@code .json}. */
    public static Preset read(Path file) throws PresetException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PresetException("preset " + file + ": larger than " + MAX_BYTES / 1024 + " KB, not a preset file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PresetException("preset " + file + ": no such file");
        } catch (IOException e) {
            throw new PresetException("preset " + file + ": cannot be read (" + e.getMessage() + ")");
        }
        String fileName = file.getFileName().toString();
        return parse(text, file.toString(), fileName.replaceFirst("(?i)\\.json$", ""), Preset.NEON);
    }

    /**
     * The look {@code text} describes, the values it leaves out taken from {@code base} (null: every value is needed).
     *
     * @param source      what to call the text in a message (its file)
     * @param defaultName the name when the text gives none
     */
    public static Preset parse(String text, String source, String defaultName, Preset base) throws PresetException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PresetException("preset " + source + ": not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new PresetException("preset " + source + ": must be a JSON object such as {\"name\": \"mine\", "
                    + "\"floor\": 0.3}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("name") && !key.equals("description") && KEYS.stream().noneMatch(k -> k.name().equals(key))) {
                throw new PresetException("preset " + source + ": unknown key '" + key + "'; known keys: name, description, "
                        + KEYS.stream().map(Key::name).collect(Collectors.joining(", ")));
            }
        }
        String name = defaultName;
        JsonNode n = root.get("name");
        if (n != null) {
            if (!n.isTextual() || n.asText().isBlank()) {
                throw new PresetException("preset " + source + ": 'name' must be a non-empty string");
            }
            name = n.asText().strip();
        }
        JsonNode d = root.get("description");
        if (d != null && !d.isTextual()) {
            throw new PresetException("preset " + source + ": 'description' must be a string");
        }
        double[] v = new double[KEYS.size()];
        for (int i = 0; i < KEYS.size(); i++) {
            Key key = KEYS.get(i);
            JsonNode x = root.get(key.name());
            if (x == null) {
                if (base == null) {
                    throw new PresetException("preset " + source + ": '" + key.name() + "' is missing");
                }
                v[i] = key.value().applyAsDouble(base);
                continue;
            }
            if (!x.isNumber()) {
                throw new PresetException("preset " + source + ": '" + key.name() + "' must be a number, got " + x);
            }
            double value = x.asDouble();
            if (!(value >= key.min() && value <= key.max())) {
                throw new PresetException(String.format(Locale.ROOT, "preset %s: '%s' must be in [%s, %s], got %s",
                        source, key.name(), plain(key.min()), plain(key.max()), x));
            }
            v[i] = value;
        }
        return new Preset(name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    }

    /** {@code look} as a preset file's text, every value written. */
    public static String write(Preset look) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", look.name());
        for (Key key : KEYS) {
            root.put(key.name(), key.value().applyAsDouble(look));
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped look {@code name}, from its resource file (a broken one is a build error). */
    static Preset shipped(String name) {
        String resource = "presets/" + name + ".json";
        try (InputStream in = PresetFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the shipped preset " + resource + " is missing from the renderer");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, name, null);
        } catch (IOException | PresetException e) {
            throw new IllegalStateException("the shipped preset " + resource + " is broken: " + e.getMessage(), e);
        }
    }

    /** The shipped looks in key order. */
    static List<Preset> shipped() {
        List<Preset> all = new ArrayList<>();
        for (String name : SHIPPED) {
            all.add(shipped(name));
        }
        return List.copyOf(all);
    }

    private static String plain(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
