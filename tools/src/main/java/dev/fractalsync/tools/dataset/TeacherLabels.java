package dev.fractalsync.tools.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.SectionLabel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads offline teacher section labels into contract labels.
 * <ul>
 *   <li>JSON ({@code .json}): SongFormer / all-in-one style, either {@code {"segments": [{"start", "end", "label"}, ...]}}
 *   or a top-level array of such objects; {@code "sections"} is accepted for {@code "segments"} (the demo
 *   generator's {@code .truth.json}). Other fields are ignored.</li>
 *   <li>Text (any other extension, e.g. {@code .lab}, {@code .csv}, {@code .txt}): one segment per line,
 *   {@code start end label}, separated by whitespace or commas; blank lines and lines starting with {@code #} are
 *   skipped, as is a first line whose first field is not a number (a CSV header). With whitespace separation the
 *   label is the rest of the line, so {@code pre chorus} works.</li>
 * </ul>
 * Times are seconds. Every problem fails with a {@link LabelFormatException} naming the file and line: unknown label
 * (with the allowed names), negative or non-finite time, end not after start, overlapping segments.
 */
public final class TeacherLabels {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Segments may touch; overlaps smaller than this (rounding in teacher output) are tolerated. */
    public static final double OVERLAP_TOLERANCE_SEC = 1e-3;

    private final LabelAliases aliases;

    public TeacherLabels(LabelAliases aliases) {
        this.aliases = aliases;
    }

    /** Reads a label file, choosing the format by extension ({@code .json} or text). Segments sorted by start. */
    public List<LabelSegment> read(Path file) throws IOException, LabelFormatException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") ? parseJson(file.toString(), text) : parseText(file.toString(), text);
    }

    public List<LabelSegment> parseJson(String source, String text) throws LabelFormatException {
        List<Located> raw = new ArrayList<>();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                boolean found = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if ("segments".equals(field) || "sections".equals(field)) {
                        if (value != JsonToken.START_ARRAY) {
                            throw new LabelFormatException(source + ":" + line(p) + ": \"segments\" must be an array");
                        }
                        readSegmentArray(source, p, raw);
                        found = true;
                    } else {
                        p.skipChildren();
                    }
                }
                if (!found) {
                    throw new LabelFormatException(source + ": no \"segments\" array (expected {\"segments\": [{\"start\", "
                            + "\"end\", \"label\"}, ...]} or a top-level array of segments)");
                }
            } else if (first == JsonToken.START_ARRAY) {
                readSegmentArray(source, p, raw);
            } else {
                throw new LabelFormatException(source + ": expected a JSON object with \"segments\" or an array of segments");
            }
        } catch (JsonProcessingException e) {
            throw new LabelFormatException(source + ":" + e.getLocation().getLineNr() + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new LabelFormatException(source + ": cannot read: " + e.getMessage());
        }
        return validate(source, raw);
    }

    private void readSegmentArray(String source, JsonParser p, List<Located> out) throws IOException, LabelFormatException {
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int line = line(p);
            JsonNode seg = p.readValueAsTree();
            if (seg == null || !seg.isObject()) {
                throw new LabelFormatException(source + ":" + line + ": segment must be an object with start, end, label");
            }
            double start = number(source, line, seg, "start");
            double end = number(source, line, seg, "end");
            JsonNode label = seg.get("label");
            if (label == null || !label.isTextual()) {
                throw new LabelFormatException(source + ":" + line + ": segment has no text \"label\"");
            }
            out.add(new Located(line, start, end, label.asText()));
        }
    }

    private static double number(String source, int line, JsonNode seg, String field) throws LabelFormatException {
        JsonNode v = seg.get(field);
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        if (v != null && v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new LabelFormatException(source + ":" + line + ": segment field \"" + field + "\" is missing or not a number");
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    public List<LabelSegment> parseText(String source, String text) throws LabelFormatException {
        List<Located> raw = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        boolean seenData = false;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields;
            if (line.indexOf(',') >= 0) {
                fields = line.split("\\s*,\\s*", 3);
            } else {
                fields = line.split("\\s+", 3);
            }
            if (!seenData && fields.length > 0 && !isNumber(fields[0])) {
                seenData = true; // header line such as "start,end,label"
                continue;
            }
            seenData = true;
            if (fields.length < 3 || fields[2].isBlank()) {
                throw new LabelFormatException(source + ":" + lineNo + ": expected 'start end label', got '" + line + "'");
            }
            if (!isNumber(fields[0]) || !isNumber(fields[1])) {
                throw new LabelFormatException(source + ":" + lineNo + ": start and end must be numbers (seconds), got '" + line + "'");
            }
            String label = fields[2].strip();
            if (label.length() >= 2 && label.startsWith("\"") && label.endsWith("\"")) {
                label = label.substring(1, label.length() - 1);
            }
            raw.add(new Located(lineNo, Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), label));
        }
        return validate(source, raw);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<LabelSegment> validate(String source, List<Located> raw) throws LabelFormatException {
        if (raw.isEmpty()) {
            throw new LabelFormatException(source + ": no segments");
        }
        for (Located r : raw) {
            String at = source + ":" + r.line + ": ";
            if (!Double.isFinite(r.start) || !Double.isFinite(r.end)) {
                throw new LabelFormatException(at + "time is not finite");
            }
            if (r.start < 0 || r.end < 0) {
                throw new LabelFormatException(at + "negative time (start " + r.start + ", end " + r.end + ")");
            }
            if (r.end <= r.start) {
                throw new LabelFormatException(at + "end " + r.end + " is not after start " + r.start);
            }
            Optional<SectionLabel> label = aliases.resolve(r.label);
            if (label.isEmpty()) {
                throw new LabelFormatException(at + "unknown section label '" + r.label + "' (allowed: "
                        + aliases.allowedNames() + "; add more with an alias such as name=inst)");
            }
        }
        List<Located> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble((Located r) -> r.start).thenComparingInt(r -> r.line));
        List<LabelSegment> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Located r = sorted.get(i);
            if (i > 0) {
                Located prev = sorted.get(i - 1);
                if (r.start < prev.end - OVERLAP_TOLERANCE_SEC) {
                    throw new LabelFormatException(source + ":" + r.line + ": segment [" + r.start + ", " + r.end
                            + ") overlaps the segment of line " + prev.line + " [" + prev.start + ", " + prev.end + ")");
                }
            }
            double start = i > 0 ? Math.max(r.start, out.get(i - 1).end()) : r.start;
            out.add(new LabelSegment(start, Math.max(r.end, start + 1e-9), aliases.resolve(r.label).orElseThrow()));
        }
        return List.copyOf(out);
    }

    private record Located(int line, double start, double end, String label) {
    }
}
