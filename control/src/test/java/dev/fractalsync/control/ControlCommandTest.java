package dev.fractalsync.control;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlCommandTest {
    private static ControlCommand parse(String json) {
        return ControlCommand.parse(new JsonObject(json));
    }

    private static String refusal(String json) {
        String message = assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
        assertFalse(message.contains("\n"), message);
        return message;
    }

    @Test
    void everyActionParses() {
        assertEquals(new ControlCommand.SelectPreset("ember"), parse("{\"action\":\"preset\",\"name\":\" ember \"}"));
        assertEquals(new ControlCommand.Sensitivity(1.5), parse("{\"action\":\"sensitivity\",\"value\":1.5}"));
        assertEquals(new ControlCommand.AvOffset(-20), parse("{\"action\":\"av-offset\",\"ms\":-20}"));
        assertEquals(new ControlCommand.PaletteLock(true), parse("{\"action\":\"palette-lock\",\"on\":true}"));
        assertEquals(new ControlCommand.Blackout(false), parse("{\"action\":\"blackout\",\"on\":false}"));
        assertEquals(new ControlCommand.Freeze(true), parse("{\"action\":\"freeze\",\"on\":true}"));
        assertEquals(new ControlCommand.TempoLevel("half"), parse("{\"action\":\"tempo-level\",\"level\":\"half\"}"));
        assertEquals(new ControlCommand.Fullscreen(1), parse("{\"action\":\"fullscreen\",\"display\":1}"));
        assertEquals(new ControlCommand.Fullscreen(null), parse("{\"action\":\"fullscreen\",\"display\":null}"));
        assertEquals(new ControlCommand.Tap(12345.5), parse("{\"action\":\"tap\",\"at\":12345.5}"));
        assertEquals(new ControlCommand.Tempo(128.0), parse("{\"action\":\"tempo\",\"bpm\":128}"));
        assertEquals(new ControlCommand.Tempo(null), parse("{\"action\":\"tempo\",\"bpm\":null}"));
        assertEquals(new ControlCommand.Cue(), parse("{\"action\":\"cue\"}"));
        assertEquals(new ControlCommand.MidiLearn(true), parse("{\"action\":\"midi-learn\",\"on\":true}"));
    }

    @Test
    void badCommandsAreRefusedInOneLineNamingTheProblem() {
        assertTrue(refusal("{}").contains("\"action\""));
        assertTrue(refusal("{\"action\":\"explode\"}").contains("unknown action 'explode'"));
        assertTrue(refusal("{\"action\":\"preset\"}").contains("\"name\""));
        assertTrue(refusal("{\"action\":\"sensitivity\",\"value\":\"loud\"}").contains("number \"value\""));
        assertTrue(refusal("{\"action\":\"av-offset\",\"ms\":1900}").contains("[-1000, 1000], got 1900"));
        assertTrue(refusal("{\"action\":\"blackout\",\"on\":\"yes\"}").contains("boolean \"on\""));
        assertTrue(refusal("{\"action\":\"tempo-level\",\"level\":\"triple\"}").contains("'triple'"));
        assertTrue(refusal("{\"action\":\"tempo\",\"bpm\":500}").contains("[30, 300], got 500"));
        assertTrue(refusal("{\"action\":\"tap\"}").contains("number \"at\""));
    }

    @Test
    void addressesParseAndSayWhetherTheyNeedAToken() {
        assertEquals(new ControlAddress("127.0.0.1", 8080), ControlAddress.parse("8080"));
        assertEquals(new ControlAddress("0.0.0.0", 9000), ControlAddress.parse("0.0.0.0:9000"));
        assertEquals(new ControlAddress("::1", 9000), ControlAddress.parse("[::1]:9000"));
        assertTrue(ControlAddress.parse("8080").loopback());
        assertTrue(ControlAddress.parse("localhost:8080").loopback());
        assertTrue(ControlAddress.parse("[::1]:8080").loopback());
        assertFalse(ControlAddress.parse("0.0.0.0:8080").loopback());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlAddress.parse("web"))
                .getMessage().contains("[HOST:]PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ControlAddress.parse("70000"))
                .getMessage().contains("0-65535"));
    }
}
