package dev.fractalsync.audio;

import dev.fractalsync.dsp.Resampler;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads audio files to mono at a target rate. WAV, AIFF and AU (8/16/24/32-bit integer PCM, 32/64-bit float, any
 * channel count, mixed down by averaging) through {@code javax.sound.sampled}; other formats (MP3, FLAC, ...) through
 * {@code ffmpeg} when it is installed. NaN/Inf samples become 0 and are counted.
 */
public final class AudioFiles {

    /** Frames allocated before reading: a minute at 48 kHz; more as the file proves longer. */
    private static final int INITIAL_FRAMES = 48_000 * 60;

    private AudioFiles() {
    }

    /** Reads {@code file}, mixes to mono and resamples to {@code targetRate}. */
    public static MonoAudio readMono(Path file, int targetRate) throws AudioInputException {
        MonoAudio native_ = readMonoNative(file);
        if (native_.sampleRate() == targetRate) {
            return native_;
        }
        return new MonoAudio(Resampler.convert(native_.samples(), native_.sampleRate(), targetRate), targetRate,
                native_.sanitizedCount());
    }

    /** Reads {@code file} and mixes to mono at its own sample rate (whole file in memory; see {@link AudioFileReader}). */
    public static MonoAudio readMonoNative(Path file) throws AudioInputException {
        try (AudioFileReader r = AudioFileReader.open(file)) {
            return readAll(r);
        }
    }

    /** Decodes an in-memory WAV/AIFF/AU file. */
    public static MonoAudio readMono(byte[] fileBytes, String name) throws AudioInputException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(fileBytes));
             AudioFileReader r = AudioFileReader.of(name, in, in.getFormat())) {
            return readAll(r);
        } catch (UnsupportedAudioFileException e) {
            throw new AudioInputException(name + ": not a supported audio file (WAV, AIFF or AU expected)");
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(name + ": corrupt or truncated audio (" + e.getMessage() + ")");
        }
    }

    /**
     * Reads the rest of {@code r} into memory, mono at its own rate. The array grows with what is actually read: a
     * header's length is only a hint (a 96 KB file may claim 10 hours, a streamed WAV claims 0xFFFFFFFF bytes).
     */
    public static MonoAudio readAll(AudioFileReader r) throws AudioInputException {
        long known = r.frameLength();
        float[] out = new float[known > 0 ? (int) Math.min(known, INITIAL_FRAMES) : INITIAL_FRAMES];
        float[] chunk = new float[1 << 14];
        int size = 0;
        int n;
        while ((n = r.read(chunk)) >= 0) {
            if (size + n > out.length) {
                long grown = Math.max((long) size + n, Math.min(Integer.MAX_VALUE - 16L, out.length * 2L));
                if (grown > Integer.MAX_VALUE - 16L) {
                    throw new AudioInputException(r.name() + ": too long to hold in memory; analyze streams files of any length");
                }
                out = Arrays.copyOf(out, (int) grown);
            }
            System.arraycopy(chunk, 0, out, size, n);
            size += n;
        }
        return new MonoAudio(size == out.length ? out : Arrays.copyOf(out, size), r.sampleRate(), r.sanitizedCount());
    }

    /** Writes mono float samples as a 16-bit PCM WAV (clipped to [-1, 1]). */
    public static void writeWav16(Path file, float[] samples, int sampleRate) throws IOException {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            float v = Math.max(-1f, Math.min(1f, samples[i]));
            int s = Math.round(v * 32767f);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat fmt = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream ais = new AudioInputStream(new ByteArrayInputStream(pcm), fmt, samples.length)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AudioSystem.write(ais, AudioFileFormat.Type.WAVE, new File(file.toString()));
        }
    }
}
