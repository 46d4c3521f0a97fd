package dev.fractalsync.tools.midi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FluidsynthRendererTest {
    @TempDir
    Path dir;

    @Test
    void refusesFluidR3SoundFonts() throws IOException {
        for (String name : new String[] {"FluidR3_GM.sf2", "FluidR3_GS.sf2", "fluidr3mono_gm.sf3"}) {
            Path sf = Files.write(dir.resolve(name), new byte[16]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FluidsynthRenderer(sf));
            assertTrue(e.getMessage().contains("reserved for held-out evaluation"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        Path real = Files.write(dir.resolve("FluidR3_GM2.sf2"), new byte[16]);
        Path link = Files.createSymbolicLink(dir.resolve("default-GM.sf2"), real);
        assertThrows(IllegalArgumentException.class, () -> new FluidsynthRenderer(link));
        IOException missing = assertThrows(IOException.class, () -> new FluidsynthRenderer(dir.resolve("nope.sf2")));
        assertTrue(missing.getMessage().contains("not found"));
    }

    /** The rendered audio starts at MIDI time 0: drum hits land within 10 ms of their MIDI times. */
    @Test
    void renderedDrumHitsLandOnTheirMidiTimes() throws Exception {
        Path sf = Clicks.testSoundfont();
        assumeTrue(Clicks.onPath("fluidsynth") && sf != null, "fluidsynth or a test SoundFont is not installed");
        Path mid = dir.resolve("clicks.mid");
        long[] ticks = {240, 960, 1680, 2400}; // 0.25, 1.0, 1.75, 2.5 s at 120 BPM
        Clicks.writeDrumMidi(mid, 37, ticks); // side stick: sharp attack
        float[] audio = new FluidsynthRenderer(sf).render(mid, 3.5);
        assertEquals(3.5 * 48_000, audio.length, 0.5);
        for (long tick : ticks) {
            double expected = tick / 960.0;
            double onset = Clicks.onsetNear(audio, 48_000, expected);
            System.out.printf("fluidsynth onset %.4f s, MIDI %.4f s, offset %+.1f ms%n", onset, expected, (onset - expected) * 1000);
            assertEquals(expected, onset, 0.010, "hit at " + expected + " s");
        }
        // nothing before the first hit
        float before = 0;
        for (int i = 0; i < (int) (0.24 * 48_000); i++) {
            before = Math.max(before, Math.abs(audio[i]));
        }
        assertTrue(before < 0.01, "audio before the first hit: " + before);
    }

    @Test
    void missingMidiFailsWithOneLine() throws Exception {
        Path sf = Clicks.testSoundfont();
        assumeTrue(Clicks.onPath("fluidsynth") && sf != null, "fluidsynth or a test SoundFont is not installed");
        IOException e = assertThrows(IOException.class, () -> new FluidsynthRenderer(sf).render(dir.resolve("none.mid"), 1));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
