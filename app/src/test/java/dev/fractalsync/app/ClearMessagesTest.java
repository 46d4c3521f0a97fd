package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mistakes that used to end in a bare path, a stack trace or silence: each is now one line saying what is wrong. */
class ClearMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aPluginsDirectoryThatDoesNotExistIsNamed() {
        CliRun r = CliRun.of("providers", "--plugins", tmp.resolve("nope").toString());
        r.assertUsageError("fractalsync providers", "--plugins " + tmp.resolve("nope") + ": no such directory");
        CliRun a = CliRun.of("analyze", "demo", "--quiet", "--plugins", tmp.resolve("nope").toString(), "--out",
                tmp.resolve("x.jsonl").toString());
        a.assertUsageError("fractalsync analyze", "--plugins " + tmp.resolve("nope") + ": no such directory");
    }

    @Test
    void renderNodeOnAnAddressOfAnotherMachineIsOneLine() {
        CliRun r = CliRun.of("render-node", "--host", "192.0.2.7", "--seconds", "1"); // TEST-NET-1: never local
        String err = r.assertUsageErrorStartingWith("fractalsync render-node",
                "--host 192.0.2.7 is not an address of this machine; it has ");
        assertTrue(err.contains("127.0.0.1"), err);
    }

    @Test
    void floatSamplesFarBeyondFullScaleAreWarnedAbout() throws Exception {
        float[] samples = new float[48_000];
        samples[100] = 1e30f;
        samples[200] = -1e30f;
        Path wav = tmp.resolve("loud.wav");
        writeFloatWav(wav, samples);
        CliRun r = CliRun.of("analyze", wav.toString(), "--beat=oscillator", "--quiet", "--out", tmp.resolve("s.jsonl").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("2 float samples are beyond ±16 (full scale is ±1): the file is scaled wrongly"), r.err());
    }

    @Test
    void aPlotPathUnderAFileIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliRun r = CliRun.of("analyze", "demo", "--beat=oscillator", "--quiet", "--plot", file.resolve("p.png").toString());
        r.assertFailure("--plot: cannot create directory " + file + ": " + file + " is a file; choose another path");
    }

    /** A mono 32-bit float WAV (javax.sound writes float WAVs only through this format). */
    private static void writeFloatWav(Path wav, float[] samples) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + samples.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples.length * 4).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 3).putShort((short) 1).putInt(48_000).putInt(48_000 * 4)
                .putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes()).putInt(samples.length * 4);
        for (float s : samples) {
            b.putFloat(s);
        }
        Files.write(wav, b.array());
        assertEquals(48_000, AudioFiles.readMonoNative(wav).samples().length);
    }
}
