package dev.fractalsync.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --preset FILE and --preset-dir: a user's look shows in the frames; a bad file is one line and the default look. */
class PresetOptionsTest {
    @TempDir
    Path tmp;

    private CliRun frame(String name, String... look) {
        String[] args = new String[]{"run", "demo", "--headless", "--frames", "1", "--start", "20", "--width", "160",
                "--height", "90", "--out", tmp.resolve(name).toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + look.length);
        System.arraycopy(look, 0, all, args.length, look.length);
        CliRun r = CliRun.of(all);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    private byte[] png(String name) throws Exception {
        return Files.readAllBytes(tmp.resolve(name).resolve("frame_00000.png"));
    }

    private static List<String> warnings(CliRun r) {
        return r.err().lines().filter(l -> l.startsWith("[WARN]")).toList();
    }

    @Test
    void aPresetFileIsTheLookOfTheFrames() throws Exception {
        Path grey = tmp.resolve("grey.json");
        Files.writeString(grey, "{\"name\": \"grey\", \"saturation\": 0}");
        frame("grey", "--preset", grey.toString());
        BufferedImage image = ImageIO.read(tmp.resolve("grey").resolve("frame_00000.png").toFile());
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 2) {
                    coloured++;
                }
            }
        }
        assertEquals(0, coloured, "pixels with colour under a look of saturation 0");
        frame("neon", "--preset", "neon");
        assertTrue(!java.util.Arrays.equals(png("neon"), png("grey")), "the grey look rendered as neon");
    }

    @Test
    void aBadPresetFileIsOneWarningLineAndTheDefaultLook() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"floor\": 7}");
        CliRun r = frame("bad", "--preset", bad.toString());
        assertEquals(List.of("[WARN] LookOptions - preset " + bad + ": 'floor' must be in [0, 1], got 7; using the "
                + "default look 'neon'"), warnings(r));
        frame("neon", "--preset", "neon");
        assertTrue(java.util.Arrays.equals(png("neon"), png("bad")), "a bad preset file did not fall back to neon");
    }

    @Test
    void aPresetDirAddsItsLooksByNameAndSkipsABadFileInOneLine() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("looks"));
        Files.writeString(dir.resolve("a-broken.json"), "{\"glow\": ");
        Files.writeString(dir.resolve("b-grey.json"), "{\"name\": \"grey\", \"saturation\": 0}");
        Files.writeString(dir.resolve("notes.txt"), "not a preset");
        CliRun r = frame("named", "--preset", "GREY", "--preset-dir", dir.toString());
        List<String> w = warnings(r);
        assertEquals(1, w.size(), r.err());
        assertTrue(w.get(0).startsWith("[WARN] LookOptions - preset " + dir.resolve("a-broken.json") + ": not valid JSON ("),
                w.get(0));
        assertTrue(w.get(0).endsWith("; skipped"), w.get(0));
        Path grey = tmp.resolve("grey.json");
        Files.writeString(grey, "{\"name\": \"grey\", \"saturation\": 0}");
        frame("file", "--preset", grey.toString());
        assertTrue(java.util.Arrays.equals(png("file"), png("named")), "--preset grey from the folder is not its file's look");
        CliRun unknown = CliRun.of("run", "demo", "--headless", "--frames", "1", "--preset", "disco", "--preset-dir",
                dir.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().lines().anyMatch(l -> l.equals("fractalsync: unknown preset 'disco'; valid presets: "
                + "neon, ember, ice, acid, grey, or a preset JSON file")), unknown.err());
    }

    @Test
    void presetsWritesTheShippedLooksOnceAndListsAFoldersLooks() throws Exception {
        Path dir = tmp.resolve("looks");
        CliRun wrote = CliRun.of("presets", "--write", dir.toString());
        assertEquals(0, wrote.code(), wrote.err());
        assertEquals("wrote neon.json, ember.json, ice.json, acid.json to " + dir, wrote.out().strip());
        for (dev.fractalsync.render.Preset look : dev.fractalsync.render.Preset.all()) {
            assertEquals(look, dev.fractalsync.render.PresetFile.read(dir.resolve(look.name() + ".json")));
        }
        CliRun again = CliRun.of("presets", "--write", dir.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().startsWith("fractalsync: --write " + dir + ": neon.json, ember.json, ice.json, acid.json "
                + "already there; not overwritten"), again.err());

        Files.delete(dir.resolve("ember.json"));
        Files.delete(dir.resolve("ice.json"));
        Files.delete(dir.resolve("acid.json"));
        Files.writeString(dir.resolve("grey.json"), "{\"saturation\": 0}");
        Files.writeString(dir.resolve("zz.json"), "{\"floor\": 7}");
        CliRun listed = CliRun.of("presets", "--preset-dir", dir.toString());
        assertEquals(0, listed.code(), listed.err());
        List<String> lines = listed.out().lines().map(String::strip).toList();
        assertEquals(List.of("KEY  NAME   FROM", "1    neon   " + dir.resolve("neon.json") + " (replaces the shipped one)",
                "2    ember  shipped", "3    ice    shipped", "4    acid   shipped", "5    grey   " + dir.resolve("grey.json"),
                "skipped: preset " + dir.resolve("zz.json") + ": 'floor' must be in [0, 1], got 7"), lines);
    }
}
