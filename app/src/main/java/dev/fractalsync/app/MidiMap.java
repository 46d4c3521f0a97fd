package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which MIDI control drives which show control: {@code --midi-map FILE}, written by MIDI learn. The file is JSON:
 * <pre>{"version": 1, "mappings": [{"control": "sensitivity", "channel": 1, "cc": 21},
 *                               {"control": "tap", "channel": 10, "note": 36}]}</pre>
 * Channels are 1-16. A control has at most one mapping; a MIDI control drives at most one show control.
 */
final class MidiMap {
    /** The show controls a MIDI control can drive, and how. */
    enum Control {
        SENSITIVITY(Kind.RANGE), AV_OFFSET(Kind.RANGE), PRESET(Kind.RANGE),
        BLACKOUT(Kind.SWITCH), FREEZE(Kind.SWITCH), PALETTE_LOCK(Kind.SWITCH),
        TAP(Kind.TRIGGER), CUE(Kind.TRIGGER), RELEASE_TEMPO(Kind.TRIGGER), TEMPO_LEVEL(Kind.TRIGGER),
        NEXT_PRESET(Kind.TRIGGER);

        /** RANGE: a knob's value sets it; SWITCH: a note toggles it, a CC sets it on at 64 and up; TRIGGER: a note-on
         *  or a CC rising through 64 fires it. */
        enum Kind { RANGE, SWITCH, TRIGGER }

        final Kind kind;

        Control(Kind kind) {
            this.kind = kind;
        }

        /** The file's and the page's name: {@code palette-lock}. */
        String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Control ofId(String id) {
            for (Control c : values()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown control '" + id + "'");
        }
    }

    /** A MIDI control: a controller number or a note, on a channel (1-16). */
    record Source(int channel, boolean note, int number) {
        Source {
            if (channel < 1 || channel > 16) {
                throw new IllegalArgumentException("channel must be 1-16, got " + channel);
            }
            if (number < 0 || number > 127) {
                throw new IllegalArgumentException((note ? "note" : "cc") + " must be 0-127, got " + number);
            }
        }

        @Override
        public String toString() {
            return (note ? "note " : "CC ") + number + " on channel " + channel;
        }
    }

    record Mapping(Control control, Source source) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Mapping> mappings = new ArrayList<>();

    List<Mapping> mappings() {
        return List.copyOf(mappings);
    }

    Optional<Control> controlOf(Source source) {
        return mappings.stream().filter(m -> m.source.equals(source)).map(Mapping::control).findFirst();
    }

    /** Maps {@code source} to {@code control}, replacing the control's mapping and the source's. */
    void put(Control control, Source source) {
        mappings.removeIf(m -> m.control == control || m.source.equals(source));
        mappings.add(new Mapping(control, source));
    }

    /** Reads a map file; a missing file is an empty map, a bad one a one-line error naming it. */
    static MidiMap read(Path file) {
        MidiMap map = new MidiMap();
        if (!Files.exists(file)) {
            return map;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode list = root == null ? null : root.get("mappings");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("no \"mappings\" array");
            }
            int i = 0;
            for (JsonNode m : list) {
                i++;
                try {
                    Control control = Control.ofId(m.path("control").asText(""));
                    int channel = m.path("channel").asInt(-1);
                    boolean note = m.has("note");
                    if (note == m.has("cc")) {
                        throw new IllegalArgumentException("needs either \"cc\" or \"note\"");
                    }
                    int number = m.path(note ? "note" : "cc").asInt(-1);
                    map.put(control, new Source(channel, note, number));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("mapping " + i + ": " + e.getMessage());
                }
            }
            return map;
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage();
            throw new IllegalArgumentException("--midi-map " + file + ": " + why);
        }
    }

    /** Writes the map, atomically (a temporary file beside it, then a move). */
    void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ArrayNode list = root.putArray("mappings");
        for (Mapping m : mappings) {
            ObjectNode n = list.addObject();
            n.put("control", m.control.id());
            n.put("channel", m.source.channel());
            n.put(m.source.note() ? "note" : "cc", m.source.number());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".midi-map", ".tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
