package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference beat times from a file: JSON (an array of seconds, or an object with a {@code beats} array such as the
 * demo song's {@code .truth.json}) or text (one beat per line, first column in seconds; '#' starts a comment).
 * Downbeats come from a JSON {@code downbeats} array or, in text, from a second column holding the beat's position
 * in its bar (1 = downbeat, the {@code .beats} convention).
 */
final class BeatTruth {
    private BeatTruth() {
    }

    static double[] read(Path file) throws IOException {
        return read(file, false);
    }

    /** The reference downbeats, or null when the file does not state them. */
    static double[] readDownbeats(Path file) throws IOException {
        return read(file, true);
    }

    private static double[] read(Path file, boolean downbeats) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("truth file " + file + " does not exist");
        }
        String text = Files.readString(file);
        String trimmed = text.stripLeading();
        List<Double> beats = new ArrayList<>();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            JsonNode root = new ObjectMapper().readTree(text);
            JsonNode arr = root.isArray() ? root : root.get(downbeats ? "downbeats" : "beats");
            if (downbeats && (arr == null || !arr.isArray())) {
                return null;
            }
            if (arr == null || !arr.isArray()) {
                throw new IOException(file + ": expected a JSON array of beat times or an object with a 'beats' array");
            }
            for (JsonNode n : arr) {
                if (!n.isNumber()) {
                    throw new IOException(file + ": beat '" + n + "' is not a number of seconds");
                }
                beats.add(n.asDouble());
            }
        } else {
            int lineNo = 0;
            for (String line : text.split("\\R")) {
                lineNo++;
                String l = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                l = l.strip();
                if (l.isEmpty()) {
                    continue;
                }
                String[] columns = l.split("[\\s,]+");
                String first = columns[0];
                if (downbeats) {
                    if (columns.length < 2) {
                        return null;
                    }
                    if (!columns[1].equals("1") && !columns[1].equals("1.0")) {
                        continue;
                    }
                }
                try {
                    beats.add(Double.parseDouble(first));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": '" + first + "' is not a time in seconds");
                }
            }
        }
        return beats.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
