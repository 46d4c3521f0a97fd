package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.MonoAudio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Intermediate audio files of the MIDI corpus: 32-bit float WAV writing, reading through the engine, peak handling. */
public final class WavIO {
    private WavIO() {
    }

    /** Reads any audio file the engine reads (float and extensible WAV included), mixed to mono at its own rate. */
    public static MonoAudio readMono(Path file) throws IOException {
        try {
            return AudioFiles.readMonoNative(file);
        } catch (AudioInputException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes mono 32-bit float WAV (intermediate files: no clipping, no dither). */
    public static void writeFloat(Path file, float[] samples, int sampleRate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        header(b, samples.length * 4, 3, sampleRate, 32);
        for (float s : samples) {
            b.putFloat(s);
        }
        Files.write(file, b.array());
    }

    private static void header(ByteBuffer b, int dataBytes, int format, int rate, int bits) {
        b.putInt(0x46464952).putInt(36 + dataBytes).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) format).putShort((short) 1).putInt(rate)
                .putInt(rate * bits / 8).putShort((short) (bits / 8)).putShort((short) bits);
        b.putInt(0x61746164).putInt(dataBytes);
    }

    /** Peak of |x|. */
    public static float peak(float[] x) {
        float p = 0;
        for (float v : x) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }

    /** Scales {@code x} in place so its peak is {@code dbfs} (no-op on silence). */
    public static void normalizePeak(float[] x, double dbfs) {
        float p = peak(x);
        if (p > 0) {
            float g = (float) (Math.pow(10, dbfs / 20) / p);
            for (int i = 0; i < x.length; i++) {
                x[i] *= g;
            }
        }
    }

    /** {@code x} cut or zero-padded to {@code n} samples. */
    public static float[] fit(float[] x, int n) {
        return java.util.Arrays.copyOf(x, n);
    }
}
