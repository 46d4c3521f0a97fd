package dev.fractalsync.json;

import dev.fractalsync.api.BeatClockState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class JsonLinesWriterTest {
    @Test
    void writesOneValuePerLineAsStateJsonDoesAndLeavesTheStreamOpen() throws IOException {
        BeatClockState a = new BeatClockState(12.5, 0.48, 0.3, 26, 0.7, 0.25);
        BeatClockState b = new BeatClockState(1.0 / 3, 0.1 + 0.2, 2.6505816828342213E-5, 27, 1e-300, null);
        boolean[] closed = {false};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (JsonLinesWriter w = new JsonLinesWriter(bytes)) {
            w.write(a);
            w.write(b);
        }
        assertFalse(closed[0], "the caller owns the stream (it may be stdout)");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(StateJson.write(a) + "\n" + StateJson.write(b) + "\n", text);
        String[] lines = text.split("\n");
        assertEquals(a, StateJson.read(lines[0], BeatClockState.class));
        assertEquals(b, StateJson.read(lines[1], BeatClockState.class));
    }
}
