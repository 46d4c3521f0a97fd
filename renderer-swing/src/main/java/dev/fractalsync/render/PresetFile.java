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
 * A look as a small JSON file: {@code name}, an optional {@code description}, the {@link Preset}'s lighting values
 * under snake_case keys ({@code floor}, {@code hue_spread}, ...), and optionally its {@code colours} (#RRGGBB stops),
 * {@code c_path} ({@code turns} and {@code radius} ranges), {@code gains} and {@code sensitivity_curve}. A file may give only the values it changes; the others are
 * the default look's ({@code neon}). The four shipped looks are such files, in this package's {@code presets}
 * resources. Anything wrong with a file is a {@link PresetException} with one line naming the file and the problem.
 */
public final class PresetFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The shipped looks, in key order (1, 2, 3, ...). */
    static final List<String> SHIPPED = List.of("neon", "ember", "ice", "acid");
    private static final long MAX_BYTES = 64 * 1024;
    private static final String COLOURS = "colours";
    private static final String C_PATH = "c_path";
    private static final String GAINS = "gains";
    private static final String RESPONSE = "sensitivity_curve";
    /** The keys whose values are lists or objects, in the order files write them. */
    private static final List<String> STRUCTURED = List.of(COLOURS, C_PATH, GAINS, RESPONSE);
    private static final int MAX_COLOURS = 16;
    private static final int MAX_POINTS = 16;
    private static final double MAX_GAIN = 4;

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
            if (!key.equals("name") && !key.equals("description") && !STRUCTURED.contains(key)
                    && KEYS.stream().noneMatch(k -> k.name().equals(key))) {
                throw new PresetException("preset " + source + ": unknown key '" + key + "'; known keys: name, description, "
                        + KEYS.stream().map(Key::name).collect(Collectors.joining(", ")) + ", "
                        + String.join(", ", STRUCTURED));
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
        String where = "preset " + source + ": ";
        List<Integer> colours = root.has(COLOURS) ? colours(root.get(COLOURS), where)
                : base != null ? base.colours() : List.of();
        Preset.CPath cPath = root.has(C_PATH) ? cPath(root.get(C_PATH), base == null ? Preset.CPath.FREE : base.cPath(),
                where) : base != null ? base.cPath() : Preset.CPath.FREE;
        Preset.Gains gains = root.has(GAINS) ? gains(root.get(GAINS), base == null ? Preset.Gains.UNIT : base.gains(),
                where) : base != null ? base.gains() : Preset.Gains.UNIT;
        Preset.ResponseCurve response = root.has(RESPONSE) ? response(root.get(RESPONSE), where)
                : base != null ? base.response() : Preset.ResponseCurve.LINEAR;
        return new Preset(name, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], colours,
                cPath, gains, response);
    }

    private static List<Integer> colours(JsonNode node, String where) throws PresetException {
        String form = "'" + COLOURS + "' must be a list of 2 to " + MAX_COLOURS + " colours such as [\"#1a0033\", "
                + "\"#ff2a6d\", \"#05d9e8\"]";
        if (!node.isArray() || node.size() < 2 || node.size() > MAX_COLOURS) {
            throw new PresetException(where + form + ", got " + clip(node));
        }
        List<Integer> colours = new ArrayList<>();
        for (JsonNode c : node) {
            String text = c.isTextual() ? c.asText().strip() : "";
            if (!text.matches("#[0-9a-fA-F]{6}")) {
                throw new PresetException(where + "'" + COLOURS + "': " + clip(c) + " is not a colour written #RRGGBB");
            }
            colours.add(Integer.parseInt(text.substring(1), 16));
        }
        return colours;
    }

    private static Preset.CPath cPath(JsonNode node, Preset.CPath base, String where) throws PresetException {
        if (!node.isObject()) {
            throw new PresetException(where + "'" + C_PATH + "' must be an object such as {\"turns\": [0.3, 0.45], "
                    + "\"radius\": [0.95, 1.05]}, got " + clip(node));
        }
        unknownKeys(node, C_PATH, List.of("turns", "radius"), where);
        double[] turns = node.has("turns") ? pair(node.get("turns"), C_PATH + ".turns", -1, 2, where)
                : new double[]{base.turnsFrom(), base.turnsTo()};
        double[] radius = node.has("radius") ? pair(node.get("radius"), C_PATH + ".radius", 0, 2, where)
                : new double[]{base.radiusFrom(), base.radiusTo()};
        if (!(turns[1] > turns[0])) {
            throw new PresetException(where + "'" + C_PATH + ".turns' must go up (from, to), got " + clip(node.get("turns")));
        }
        return new Preset.CPath(turns[0], turns[1], radius[0], radius[1]);
    }

    private static Preset.Gains gains(JsonNode node, Preset.Gains base, String where) throws PresetException {
        if (!node.isObject()) {
            throw new PresetException(where + "'" + GAINS + "' must be an object such as {\"beat\": 1.5, \"zoom\": 0.5}, "
                    + "got " + clip(node));
        }
        List<String> names = List.of("beat", "zoom", "tension", "motion");
        unknownKeys(node, GAINS, names, where);
        double[] g = {base.beat(), base.zoom(), base.tension(), base.motion()};
        for (int i = 0; i < names.size(); i++) {
            JsonNode x = node.get(names.get(i));
            if (x != null) {
                g[i] = number(x, GAINS + "." + names.get(i), 0, MAX_GAIN, where);
            }
        }
        return new Preset.Gains(g[0], g[1], g[2], g[3]);
    }

    private static Preset.ResponseCurve response(JsonNode node, String where) throws PresetException {
        String form = "'" + RESPONSE + "' must be a list of [x, y] points with x rising from 0 to 1 and y in [0, 1], "
                + "such as [[0, 0], [0.5, 0.2], [1, 1]]";
        if (!node.isArray() || node.size() < 2 || node.size() > MAX_POINTS) {
            throw new PresetException(where + form + " (2 to " + MAX_POINTS + " points), got " + clip(node));
        }
        List<double[]> points = new ArrayList<>();
        double lastX = -1;
        for (JsonNode p : node) {
            if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw new PresetException(where + form + "; " + clip(p) + " is not an [x, y] point");
            }
            double x = p.get(0).asDouble();
            double y = p.get(1).asDouble();
            if (!(x > lastX && x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                throw new PresetException(where + form + "; the point " + clip(p) + " breaks that");
            }
            lastX = x;
            points.add(new double[]{x, y});
        }
        if (points.get(0)[0] != 0 || lastX != 1) {
            throw new PresetException(where + form + "; it must start at x = 0 and end at x = 1");
        }
        return new Preset.ResponseCurve(points);
    }

    private static void unknownKeys(JsonNode node, String key, List<String> known, String where) throws PresetException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new PresetException(where + "unknown key '" + k + "' in '" + key + "'; known keys: "
                        + String.join(", ", known));
            }
        }
    }

    private static double[] pair(JsonNode node, String key, double min, double max, String where) throws PresetException {
        if (!node.isArray() || node.size() != 2) {
            throw new PresetException(where + "'" + key + "' must be a pair [from, to], got " + clip(node));
        }
        return new double[]{number(node.get(0), key, min, max, where), number(node.get(1), key, min, max, where)};
    }

    private static double number(JsonNode x, String key, double min, double max, String where) throws PresetException {
        if (!x.isNumber()) {
            throw new PresetException(where + "'" + key + "' must be a number, got " + clip(x));
        }
        double value = x.asDouble();
        if (!(value >= min && value <= max)) {
            throw new PresetException(String.format(Locale.ROOT, "%s'%s' must be in [%s, %s], got %s", where, key,
                    plain(min), plain(max), x));
        }
        return value;
    }

    /** A value as it appears in a message: its JSON, cut short. */
    private static String clip(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** {@code look} as a preset file's text, every value written. */
    public static String write(Preset look) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", look.name());
        for (Key key : KEYS) {
            root.put(key.name(), key.value().applyAsDouble(look));
        }
        if (!look.colours().isEmpty()) {
            var colours = root.putArray(COLOURS);
            look.colours().forEach(c -> colours.add(String.format(Locale.ROOT, "#%06x", c)));
        }
        ObjectNode path = root.putObject(C_PATH);
        path.putArray("turns").add(look.cPath().turnsFrom()).add(look.cPath().turnsTo());
        path.putArray("radius").add(look.cPath().radiusFrom()).add(look.cPath().radiusTo());
        ObjectNode gains = root.putObject(GAINS);
        gains.put("beat", look.gains().beat());
        gains.put("zoom", look.gains().zoom());
        gains.put("tension", look.gains().tension());
        gains.put("motion", look.gains().motion());
        var curve = root.putArray(RESPONSE);
        for (double[] p : look.response().points()) {
            curve.addArray().add(p[0]).add(p[1]);
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
