package dev.fractalsync.control;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One command from the control page (or any other surface that speaks its JSON): {@code {"action": NAME, ...}}.
 * {@link #parse} turns the JSON into one of these records or fails with a one-line reason naming the problem, which
 * the page shows.
 */
public sealed interface ControlCommand {
    /** Largest A/V offset a command may set, in milliseconds (as {@code --av-offset}). */
    double MAX_AV_OFFSET_MS = 1000;
    /** Tempo override range in BPM. */
    double MIN_BPM = 30;
    double MAX_BPM = 300;

    /** Switch to the look called {@code name}. */
    record SelectPreset(String name) implements ControlCommand {
    }

    /** How strongly the picture follows the music, 0 (still) to the renderer's maximum. */
    record Sensitivity(double value) implements ControlCommand {
    }

    /** The A/V offset in milliseconds, positive = visuals later. */
    record AvOffset(double ms) implements ControlCommand {
    }

    /** Hold the palette's colours where they are (sections no longer move them) or release them. */
    record PaletteLock(boolean on) implements ControlCommand {
    }

    /** A black picture (the engine keeps following the music) or the picture back. */
    record Blackout(boolean on) implements ControlCommand {
    }

    /** Hold the current picture or let it move again. */
    record Freeze(boolean on) implements ControlCommand {
    }

    /** The metrical level published: {@code auto}, {@code as-tracked}, {@code half} or {@code double}. */
    record TempoLevel(String level) implements ControlCommand {
    }

    /** Full screen on display {@code display} (0-based, as listed in the status), or back to a window when null. */
    record Fullscreen(Integer display) implements ControlCommand {
    }

    /**
     * A tap of tap tempo. {@code atMs} is the tap's time on the tapping device's clock (the page's
     * {@code performance.now()}), so the tempo comes from the device's intervals, not the network's.
     */
    record Tap(double atMs) implements ControlCommand {
    }

    /** Beats at {@code bpm} from the tracker's last downbeat on, until released; null releases (tapped tempos too). */
    record Tempo(Double bpm) implements ControlCommand {
    }

    /** "Next section now": the held section moves on. */
    record Cue() implements ControlCommand {
    }

    /** MIDI learn on or off: with it on, the next control used is mapped to the next MIDI control moved. */
    record MidiLearn(boolean on) implements ControlCommand {
    }

    /**
     * Parses one command. Unknown actions, missing or mistyped fields and out-of-range values fail with an
     * {@link IllegalArgumentException} whose message is one line naming the problem.
     */
    static ControlCommand parse(JsonObject json) {
        if (json == null) {
            throw new IllegalArgumentException("a command is a JSON object with an \"action\"");
        }
        Object action = json.getValue("action");
        if (!(action instanceof String name)) {
            throw new IllegalArgumentException("a command needs an \"action\" string, got " + json.encode());
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "preset" -> new SelectPreset(text(json, "name"));
            case "sensitivity" -> new Sensitivity(number(json, "value", 0, 10));
            case "av-offset" -> new AvOffset(number(json, "ms", -MAX_AV_OFFSET_MS, MAX_AV_OFFSET_MS));
            case "palette-lock" -> new PaletteLock(flag(json, "on"));
            case "blackout" -> new Blackout(flag(json, "on"));
            case "freeze" -> new Freeze(flag(json, "on"));
            case "tempo-level" -> {
                String level = text(json, "level");
                if (!level.equals("auto") && !level.equals("as-tracked") && !level.equals("half") && !level.equals("double")) {
                    throw new IllegalArgumentException("tempo-level takes auto, as-tracked, half or double, got '" + level
                            + "'");
                }
                yield new TempoLevel(level);
            }
            case "fullscreen" -> {
                Object d = json.getValue("display");
                if (d == null) {
                    yield new Fullscreen(null);
                }
                yield new Fullscreen((int) number(json, "display", 0, 63));
            }
            case "tap" -> new Tap(number(json, "at", 0, 1e12));
            case "tempo" -> json.getValue("bpm") == null ? new Tempo(null)
                    : new Tempo(number(json, "bpm", MIN_BPM, MAX_BPM));
            case "cue" -> new Cue();
            case "midi-learn" -> new MidiLearn(flag(json, "on"));
            default -> throw new IllegalArgumentException("unknown action '" + name + "'; known: preset, sensitivity, "
                    + "av-offset, palette-lock, blackout, freeze, tempo-level, fullscreen, tap, tempo, cue, midi-learn");
        };
    }

    private static String text(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(json.getString("action") + " needs a \"" + field + "\" string");
        }
        return s.trim();
    }

    private static double number(JsonObject json, String field, double min, double max) {
        Object v = json.getValue(field);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(json.getString("action") + " needs a number \"" + field + "\"");
        }
        double x = n.doubleValue();
        if (!(x >= min && x <= max)) {
            throw new IllegalArgumentException(json.getString("action") + ": \"" + field + "\" must be in ["
                    + fmt(min) + ", " + fmt(max) + "], got " + fmt(x));
        }
        return x;
    }

    private static boolean flag(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException(json.getString("action") + " needs a boolean \"" + field + "\"");
        }
        return b;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : Double.toString(x);
    }
}
