package dev.fractalsync.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Looks as JSON files: the shipped four, a user's partial file, and one clear line for each kind of bad file. */
class PresetFileTest {
    @Test
    void theShippedLooksAreTheirFilesWithTheValuesTheyAlwaysHad() {
        assertEquals(List.of("neon", "ember", "ice", "acid"), Preset.all().stream().map(Preset::name).toList());
        // the values the looks had as constants before they became files
        assertEquals(new Preset("neon", 0.30, 1.1, 0.7, 3.0, 0.75, 0.45, 0.5, 1.0, 0.0, 1.0, 0.02, 0.35), Preset.NEON);
        assertEquals(new Preset("ember", 0.24, 0.3, 0.8, 6.0, 0.65, 0.55, 0.8, 0.95, 0.02, 0.12, -0.015, 0.25,
                        List.of(0x2b0a00, 0x8c1c03, 0xe85d04, 0xffba08, 0x8c1c03), new Preset.CPath(0, 1, 0.85, 1.2),
                        new Preset.Gains(1.2, 0.8, 1, 0.6), curve(0, 0, 0.3, 0.15, 1, 1)),
                Preset.EMBER);
        assertEquals(new Preset("ice", 0.42, 0.5, 0.6, 1.8, 0.85, 0.35, 0.3, 0.45, 0.55, 0.15, 0.01, 0.2, List.of(),
                new Preset.CPath(0, 1, 0.85, 1.05), new Preset.Gains(0.6, 0.5, 0.8, 0.5), curve(0, 0, 0.5, 0.35, 1, 0.8)),
                Preset.ICE);
        assertEquals(new Preset("acid", 0.34, 2.6, 0.7, 2.5, 0.8, 0.25, 1.2, 1.0, 0.2, 1.0, 0.05, 0.55, List.of(),
                new Preset.CPath(0, 1, 0.9, 1.35), new Preset.Gains(1.5, 1.3, 1.3, 1.5), Preset.ResponseCurve.LINEAR),
                Preset.ACID);
    }

    private static Preset.ResponseCurve curve(double... xy) {
        List<double[]> points = new java.util.ArrayList<>();
        for (int i = 0; i < xy.length; i += 2) {
            points.add(new double[]{xy[i], xy[i + 1]});
        }
        return new Preset.ResponseCurve(points);
    }

    @Test
    void aFileSetsColoursCPathGainsAndTheSensitivityCurveEachInPart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("valley.json");
        Files.writeString(file, "{\"colours\": [\"#1A0033\", \"#ff2a6d\", \"#05d9e8\"],"
                + " \"c_path\": {\"turns\": [0.3, 0.45]},"
                + " \"gains\": {\"beat\": 2, \"motion\": 0},"
                + " \"sensitivity_curve\": [[0, 0], [0.6, 0.1], [1, 1]]}");
        Preset valley = PresetFile.read(file);
        assertEquals(List.of(0x1a0033, 0xff2a6d, 0x05d9e8), valley.colours());
        assertEquals(new Preset.CPath(0.3, 0.45, Preset.CPath.CALM_RADIUS, Preset.CPath.WILD_RADIUS), valley.cPath());
        assertEquals(new Preset.Gains(2, 1, 1, 0), valley.gains());
        assertEquals(curve(0, 0, 0.6, 0.1, 1, 1), valley.response());
        assertEquals(Preset.NEON.floor(), valley.floor());
        Path copy = dir.resolve("copy.json");
        Files.writeString(copy, PresetFile.write(valley));
        assertEquals(valley, PresetFile.read(copy));
    }

    @Test
    void aWrittenLookReadsBackEqual(@TempDir Path dir) throws Exception {
        for (Preset look : Preset.all()) {
            Path file = dir.resolve("copy-of-" + look.name() + ".json");
            Files.writeString(file, PresetFile.write(look));
            assertEquals(look, PresetFile.read(file));
        }
    }

    @Test
    void aFileGivesOnlyWhatItChangesAndIsNamedAfterItselfWhenUnnamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("Grey Room.json");
        Files.writeString(file, "{\"saturation\": 0, \"floor\": 0.1, \"description\": \"no colour\"}");
        Preset grey = PresetFile.read(file);
        assertEquals("Grey Room", grey.name());
        assertEquals(0.0, grey.saturation());
        assertEquals(0.1, grey.floor());
        assertEquals(Preset.NEON.glow(), grey.glow());
        assertEquals(Preset.NEON.phraseZoom(), grey.phraseZoom());
    }

    @Test
    void theUserGuidesExamplePresetIsAValidLook() throws Exception {
        Preset dusk = PresetFile.read(Path.of("..", "docs", "examples", "presets", "dusk.json"));
        assertEquals("dusk", dusk.name());
        assertEquals(0.62, dusk.hueShift());
        assertEquals(Preset.NEON.glow(), dusk.glow());
        Preset valley = PresetFile.read(Path.of("..", "docs", "examples", "presets", "valley.json"));
        assertEquals(5, valley.colours().size());
        assertEquals(new Preset.CPath(0.40, 0.47, 0.97, 1.03), valley.cPath());
        assertEquals(new Preset.Gains(1.6, 1.2, 0.6, 0.4), valley.gains());
    }

    private static String problem(Path dir, String text) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, text);
        PresetFile.PresetException e = assertThrows(PresetFile.PresetException.class, () -> PresetFile.read(file));
        assertTrue(e.getMessage().startsWith("preset " + file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring(("preset " + file + ": ").length());
    }

    @Test
    void eachBadFileIsOneLineNamingItAndTheProblem(@TempDir Path dir) throws Exception {
        assertTrue(problem(dir, "{\"floor\": 0.3,").startsWith("not valid JSON ("), problem(dir, "{\"floor\": 0.3,"));
        assertEquals("must be a JSON object such as {\"name\": \"mine\", \"floor\": 0.3}", problem(dir, "[1, 2]"));
        assertTrue(problem(dir, "{\"glwo\": 1}").startsWith("unknown key 'glwo'; known keys: name, description, floor, "),
                problem(dir, "{\"glwo\": 1}"));
        assertEquals("'glow' must be a number, got \"strong\"", problem(dir, "{\"glow\": \"strong\"}"));
        assertEquals("'floor' must be in [0, 1], got 1.5", problem(dir, "{\"floor\": 1.5}"));
        assertEquals("'glow_width_px' must be in [0.1, 50], got 0", problem(dir, "{\"glow_width_px\": 0}"));
        assertEquals("'name' must be a non-empty string", problem(dir, "{\"name\": \"  \"}"));
        assertEquals("'colours': \"red\" is not a colour written #RRGGBB",
                problem(dir, "{\"colours\": [\"#ff0000\", \"red\"]}"));
        assertTrue(problem(dir, "{\"colours\": [\"#ff0000\"]}").startsWith("'colours' must be a list of 2 to 16 colours"));
        assertEquals("'c_path.turns' must go up (from, to), got [0.5,0.2]",
                problem(dir, "{\"c_path\": {\"turns\": [0.5, 0.2]}}"));
        assertEquals("'c_path.radius' must be in [0, 2], got 3", problem(dir, "{\"c_path\": {\"radius\": [0.9, 3]}}"));
        assertEquals("unknown key 'radious' in 'c_path'; known keys: turns, radius",
                problem(dir, "{\"c_path\": {\"radious\": [0.9, 1]}}"));
        assertEquals("'gains.beat' must be in [0, 4], got -1", problem(dir, "{\"gains\": {\"beat\": -1}}"));
        assertTrue(problem(dir, "{\"sensitivity_curve\": [[0, 0], [0.5, 1.5], [1, 1]]}")
                .endsWith("; the point [0.5,1.5] breaks that"));
        assertTrue(problem(dir, "{\"sensitivity_curve\": [[0.1, 0], [1, 1]]}")
                .endsWith("; it must start at x = 0 and end at x = 1"));
        PresetFile.PresetException missing = assertThrows(PresetFile.PresetException.class,
                () -> PresetFile.read(dir.resolve("absent.json")));
        assertEquals("preset " + dir.resolve("absent.json") + ": no such file", missing.getMessage());
    }
}
