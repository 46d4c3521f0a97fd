package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.MonoAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WavIOTest {
    @Test
    void floatWavRoundTripsThroughTheEngineReader(@TempDir Path dir) throws Exception {
        float[] x = {0f, 0.25f, -0.5f, 1.5f, -1e-3f};
        Path f = dir.resolve("x.wav");
        WavIO.writeFloat(f, x, 48_000);
        MonoAudio a = WavIO.readMono(f);
        assertEquals(48_000, a.sampleRate());
        assertEquals(x.length, a.samples().length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], a.samples()[i], 1e-6);
        }
    }
}
