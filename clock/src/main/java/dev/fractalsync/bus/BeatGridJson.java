package dev.fractalsync.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.clock.BeatGrid;

/**
 * The wire form of the onset-aligned beat grid on {@value StateBus#BEAT_GRID}: {@code {"v":1,"anchor_count":42,
 * "anchor_t_sec":21.337,"period_sec":0.4838,"anchors":8}}, or {@code {"v":1,"grid":null}} when there is none (the
 * fast clock then predicts from the states). Doubles are written in their shortest exact form, so a receiver's grid
 * equals the sender's.
 */
public final class BeatGridJson {
    /** The wire version this node writes and reads; a grid of another version is refused with one line. */
    public static final int VERSION = 1;

    private BeatGridJson() {
    }

    public static String write(BeatGrid g) {
        ObjectNode n = StateJson.mapper().createObjectNode();
        n.put("v", VERSION);
        if (g == null) {
            n.putNull("grid");
        } else {
            n.put("anchor_count", g.anchorCount()).put("anchor_t_sec", g.anchorTime()).put("period_sec", g.period())
                    .put("anchors", g.anchors());
        }
        return n.toString();
    }

    /** The grid of a message, null for "no grid"; one-line {@link IllegalArgumentException} when it is not one. */
    public static BeatGrid read(String json) {
        JsonNode n;
        try {
            n = StateJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid beat grid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("invalid beat grid JSON: not an object");
        }
        JsonNode v = n.get("v");
        if (v == null || !v.canConvertToInt() || v.intValue() != VERSION) {
            throw new IllegalArgumentException("beat grid of wire version " + (v == null ? "none" : v.asText())
                    + ", this node reads " + VERSION + ": run the same FractalSync version on every node");
        }
        if (n.has("grid") && n.get("grid").isNull()) {
            return null;
        }
        try {
            return new BeatGrid((long) num(n, "anchor_count"), num(n, "anchor_t_sec"), num(n, "period_sec"),
                    (int) num(n, "anchors"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid beat grid JSON: " + e.getMessage(), e);
        }
    }

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return v.asDouble();
    }
}
