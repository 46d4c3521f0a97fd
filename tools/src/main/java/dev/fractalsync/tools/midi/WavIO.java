package dev.fractalsync.tools.midi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minimal WAV reading (PCM 16/24/32-bit, IEEE float 32, WAVE_FORMAT_EXTENSIBLE; mixed to mono) and writing. */
public final class WavIO {
    private WavIO() {
    }

    /** Mono samples and their rate. */
    public record Audio(float[] samples, int sampleRate) {
    }

    public static Audio readMono(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
                if (format == 0xFFFE && size >= 40) {
                    format = b.getShort(body + 24) & 0xffff;
                }
            } else if (id == 0x61746164) { // "data"
                if (format < 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                long avail = Math.min(size, b.limit() - body);
                if (size == 0xffffffffL || size == 0) {
                    avail = b.limit() - body; // streamed output without a final size
                }
                return new Audio(decode(file, b, body, avail, format, channels, bits), rate);
            }
            pos = body + (int) size + (int) (size & 1);
        }
        throw new IOException(file + ": no data chunk");
    }

    private static float[] decode(Path file, ByteBuffer b, int off, long bytes, int format, int channels, int bits)
            throws IOException {
        int bytesPerSample = bits / 8;
        if (channels < 1 || bytesPerSample < 1) {
            throw new IOException(file + ": bad WAV format (channels " + channels + ", bits " + bits + ")");
        }
        int frames = (int) (bytes / ((long) bytesPerSample * channels));
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = off + (i * channels + c) * bytesPerSample;
                double v;
                if (format == 3 && bits == 32) {
                    v = b.getFloat(p);
                } else if (format == 3 && bits == 64) {
                    v = b.getDouble(p);
                } else if (format == 1 && bits == 16) {
                    v = b.getShort(p) / 32768.0;
                } else if (format == 1 && bits == 24) {
                    int s = (b.get(p) & 0xff) | (b.get(p + 1) & 0xff) << 8 | b.get(p + 2) << 16;
                    v = s / 8388608.0;
                } else if (format == 1 && bits == 32) {
                    v = b.getInt(p) / 2147483648.0;
                } else {
                    throw new IOException(file + ": unsupported WAV encoding (format " + format + ", " + bits + " bits)");
                }
                sum += v;
            }
            out[i] = (float) (sum / channels);
        }
        return out;
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

    /** Writes mono 16-bit PCM WAV, clipping to [-1, 1]. */
    public static void writePcm16(Path file, float[] samples, int sampleRate) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        header(b, samples.length * 2, 1, sampleRate, 16);
        for (float s : samples) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767f));
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
