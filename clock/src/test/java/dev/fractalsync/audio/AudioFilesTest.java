package dev.fractalsync.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioFilesTest {
    @TempDir
    Path tmp;

    /** Writes interleaved frames where channel c of frame i is value(i, c). */
    private Path write(String name, AudioFormat fmt, AudioFileFormat.Type type, int frames, java.util.function.BiFunction<Integer, Integer, Double> value) throws IOException {
        int bytes = fmt.getSampleSizeInBits() / 8;
        ByteBuffer buf = ByteBuffer.allocate(frames * fmt.getChannels() * bytes)
                .order(fmt.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < fmt.getChannels(); c++) {
                double v = value.apply(i, c);
                boolean isFloat = fmt.getEncoding() == AudioFormat.Encoding.PCM_FLOAT;
                switch (bytes) {
                    case 2 -> buf.putShort((short) Math.round(v * 32767));
                    case 3 -> {
                        int s = (int) Math.round(v * 8388607);
                        if (fmt.isBigEndian()) {
                            buf.put((byte) (s >> 16)).put((byte) (s >> 8)).put((byte) s);
                        } else {
                            buf.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                        }
                    }
                    case 4 -> {
                        if (isFloat) {
                            buf.putFloat((float) v);
                        } else {
                            buf.putInt((int) Math.round(v * 2147483647.0));
                        }
                    }
                    default -> throw new IllegalArgumentException();
                }
            }
        }
        Path f = tmp.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(buf.array()), fmt, frames)) {
            AudioSystem.write(in, type, f.toFile());
        }
        return f;
    }

    @Test
    void readsIntegerPcmOfEveryWidthAndMixesChannels() throws Exception {
        for (int bits : new int[]{16, 24, 32}) {
            AudioFormat fmt = new AudioFormat(48_000, bits, 2, true, false);
            Path f = write("s" + bits + ".wav", fmt, AudioFileFormat.Type.WAVE, 4800, (i, c) -> c == 0 ? 0.5 : -0.25);
            MonoAudio a = AudioFiles.readMono(f, 48_000);
            assertEquals(4800, a.samples().length, "bits " + bits);
            assertEquals(0.125, a.samples()[100], 1e-3, "stereo is averaged, bits " + bits);
        }
    }

    /** The 16-bit little-endian fast path gives exactly the general decode's values: sum of s / 32768 over channels. */
    @Test
    void sixteenBitPcmDecodesToTheGeneralMixBitForBit() throws Exception {
        java.util.Random rnd = new java.util.Random(5);
        for (int channels = 1; channels <= 3; channels++) {
            int frames = 5000;
            short[] raw = new short[frames * channels];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = i < 4 ? new short[]{Short.MIN_VALUE, Short.MAX_VALUE, 0, -1}[i] : (short) rnd.nextInt(65536);
            }
            ByteBuffer buf = ByteBuffer.allocate(raw.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (short v : raw) {
                buf.putShort(v);
            }
            AudioFormat fmt = new AudioFormat(48_000, 16, channels, true, false);
            Path f = tmp.resolve("raw" + channels + ".wav");
            try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(buf.array()), fmt, frames)) {
                AudioSystem.write(in, AudioFileFormat.Type.WAVE, f.toFile());
            }
            float[] got = AudioFiles.readMono(f, 48_000).samples();
            assertEquals(frames, got.length);
            for (int i = 0; i < frames; i++) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += raw[i * channels + c] / 32768.0;
                }
                float expected = (float) (sum / channels);
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(got[i]),
                        channels + " channels, frame " + i + ": " + expected + " vs " + got[i]);
            }
        }
    }

    @Test
    void readsFloatWavAndBigEndianAiffAndResamples() throws Exception {
        AudioFormat fl = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 44_100, 32, 1, 4, 44_100, false);
        Path f = write("f.wav", fl, AudioFileFormat.Type.WAVE, 44_100, (i, c) -> 0.5 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
        MonoAudio a = AudioFiles.readMono(f, 48_000);
        assertEquals(48_000, a.sampleRate());
        assertEquals(48_000, a.samples().length, 2);
        double peak = 0;
        for (float s : a.samples()) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertEquals(0.5, peak, 0.01);

        AudioFormat be = new AudioFormat(22_050, 16, 1, true, true);
        Path aiff = write("x.aiff", be, AudioFileFormat.Type.AIFF, 2205, (i, c) -> 0.25);
        MonoAudio b = AudioFiles.readMonoNative(aiff);
        assertEquals(22_050, b.sampleRate());
        assertEquals(0.25, b.samples()[1000], 1e-3);
    }

    @Test
    void nonFiniteFloatSamplesAreSanitizedAndCounted() throws Exception {
        AudioFormat fl = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 48_000, 32, 1, 4, 48_000, false);
        Path f = write("nan.wav", fl, AudioFileFormat.Type.WAVE, 1000,
                (i, c) -> i == 10 ? Double.NaN : i == 20 ? Double.POSITIVE_INFINITY : 0.1);
        MonoAudio a = AudioFiles.readMono(f, 48_000);
        assertEquals(2, a.sanitizedCount());
        assertEquals(0f, a.samples()[10]);
        assertTrue(Float.isFinite(a.samples()[20]));
    }

    @Test
    void badInputsGiveOneClearLine() throws Exception {
        AudioInputException missing = assertThrows(AudioInputException.class, () -> AudioFiles.readMono(tmp.resolve("nope.wav"), 48_000));
        assertTrue(missing.getMessage().endsWith("no such file"), missing.getMessage());

        Path empty = Files.createFile(tmp.resolve("empty.wav"));
        assertTrue(assertThrows(AudioInputException.class, () -> AudioFiles.readMono(empty, 48_000)).getMessage().contains("empty"));

        Path garbage = tmp.resolve("garbage.wav");
        byte[] junk = new byte[4096];
        new java.util.Random(1).nextBytes(junk);
        Files.write(garbage, junk);
        AudioInputException g = assertThrows(AudioInputException.class, () -> AudioFiles.readMono(garbage, 48_000));
        assertTrue(g.getMessage().contains("not a supported audio file"), g.getMessage());

        Path good = write("good.wav", new AudioFormat(48_000, 16, 1, true, false), AudioFileFormat.Type.WAVE, 4800, (i, c) -> 0.1);
        Path truncated = tmp.resolve("truncated.wav");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(good), 30)); // header cut mid-way
        AudioInputException t = assertThrows(AudioInputException.class, () -> AudioFiles.readMono(truncated, 48_000));
        assertEquals(1, t.getMessage().lines().count());

        Path dir = Files.createDirectory(tmp.resolve("dir.wav"));
        assertTrue(assertThrows(AudioInputException.class, () -> AudioFiles.readMono(dir, 48_000)).getMessage().contains("directory"));
    }

    @Test
    void truncatedDataReadsWhatIsThere() throws Exception {
        Path good = write("long.wav", new AudioFormat(48_000, 16, 1, true, false), AudioFileFormat.Type.WAVE, 48_000, (i, c) -> 0.1);
        byte[] all = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.wav");
        Files.write(cut, Arrays.copyOf(all, 44 + 2 * 1000));
        MonoAudio a = AudioFiles.readMono(cut, 48_000);
        assertEquals(1000, a.samples().length);
    }

    @Test
    void writeWav16RoundTrips() throws Exception {
        float[] x = new float[480];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.1) * 0.5f;
        }
        Path f = tmp.resolve("rt.wav");
        AudioFiles.writeWav16(f, x, 48_000);
        MonoAudio a = AudioFiles.readMono(f, 48_000);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], a.samples()[i], 1.0 / 32767 + 1e-6);
        }
    }

    /** A 16-bit mono 48 kHz WAV header claiming {@code dataBytes} (and RIFF size {@code riffBytes}) before {@code pcm}. */
    private static byte[] wavClaiming(long riffBytes, long dataBytes, byte[] pcm) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt((int) riffBytes).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(48000).putInt(96000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt((int) dataBytes).put(pcm);
        return b.array();
    }

    @Test
    void aHeaderClaimingHoursDoesNotSizeTheMemory(@TempDir Path dir) throws Exception {
        byte[] pcm = new byte[96_000];
        long tenHours = 48_000L * 3600 * 10 * 2;
        Path liar = dir.resolve("liar.wav");
        Files.write(liar, wavClaiming(36 + tenHours, tenHours, pcm));
        MonoAudio a = AudioFiles.readMono(liar, 48_000);
        assertEquals(48_000, a.samples().length, "what is there, not what the header claims");
    }

    @Test
    void aStreamedWavOfUnknownLengthIsRead(@TempDir Path dir) throws Exception {
        byte[] pcm = new byte[2 * 48_000 * 3];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 16_000);
        Path streamed = dir.resolve("streamed.wav");
        Files.write(streamed, wavClaiming(0xFFFFFFFFL, 0xFFFFFFFFL, pcm));
        MonoAudio a = AudioFiles.readMono(streamed, 48_000);
        assertEquals(3 * 48_000, a.samples().length);
        assertEquals(16_000 / 32768.0, a.samples()[0], 1e-4);
    }
}
