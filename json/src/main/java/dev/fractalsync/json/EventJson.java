package dev.fractalsync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BoundaryWarning;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;

/**
 * The JSON wire form of the engine's events (bus addresses {@code fractalsync.beat} and {@code fractalsync.section},
 * {@code analyze --out -}). Snake_case names; section labels by their contract names. A section message carries
 * {@code "type": "change"} or {@code "type": "boundary_ahead"}.
 */
public final class EventJson {
    public static final String CHANGE = "change";
    public static final String BOUNDARY_AHEAD = "boundary_ahead";

    private EventJson() {
    }

    public static String write(BeatEvent e) {
        ObjectNode n = StateJson.mapper().createObjectNode();
        n.put("t_sec", e.tSec()).put("beat_count", e.beatCount()).put("bpm", e.bpm()).put("conf", e.conf())
                .put("downbeat", e.downbeat()).put("bar_position", e.barPosition());
        return n.toString();
    }

    public static String write(SectionChange c) {
        ObjectNode n = StateJson.mapper().createObjectNode();
        n.put("type", CHANGE).put("t_sec", c.tSec());
        if (c.from() == null) {
            n.putNull("from");
        } else {
            n.put("from", c.from().contractName());
        }
        n.put("to", c.to().contractName()).put("confidence", c.confidence());
        return n.toString();
    }

    public static String write(BoundaryWarning w) {
        ObjectNode n = StateJson.mapper().createObjectNode();
        n.put("type", BOUNDARY_AHEAD).put("t_sec", w.tSec()).put("horizon_beats", w.horizonBeats())
                .put("hazard", w.hazard()).put("threshold", w.threshold()).put("horizon_sec", w.horizonSec());
        return n.toString();
    }

    public static BeatEvent readBeat(String json) {
        JsonNode n = tree(json, "BeatEvent");
        try {
            return new BeatEvent(num(n, "t_sec"), (long) num(n, "beat_count"), num(n, "bpm"), num(n, "conf"),
                    bool(n, "downbeat"), (int) num(n, "bar_position"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid BeatEvent JSON: " + e.getMessage(), e);
        }
    }

    /** A {@link SectionChange} or a {@link BoundaryWarning}, by the message's {@code type}. */
    public static Record readSection(String json) {
        JsonNode n = tree(json, "section event");
        String type = n.path("type").asText("");
        try {
            if (CHANGE.equals(type)) {
                JsonNode from = n.path("from");
                return new SectionChange(num(n, "t_sec"),
                        from.isTextual() ? SectionLabel.ofContractName(from.asText()) : null,
                        SectionLabel.ofContractName(n.path("to").asText()), num(n, "confidence"));
            }
            if (BOUNDARY_AHEAD.equals(type)) {
                return new BoundaryWarning(num(n, "t_sec"), (int) num(n, "horizon_beats"), num(n, "hazard"),
                        num(n, "threshold"), num(n, "horizon_sec"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid section event JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("invalid section event JSON: type must be '" + CHANGE + "' or '"
                + BOUNDARY_AHEAD + "', got '" + type + "'");
    }

    private static JsonNode tree(String json, String what) {
        try {
            JsonNode n = StateJson.mapper().readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("invalid " + what + " JSON: not an object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid " + what + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return v.booleanValue();
    }
}
