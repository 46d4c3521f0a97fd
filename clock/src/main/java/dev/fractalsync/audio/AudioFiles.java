package dev.fractalsync.audio;

import dev.fractalsync.api.audio.Resampler;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads audio files to mono at a target rate. WAV, AIFF and AU (8/16/24/32-bit integer PCM, 32/64-bit float, any
 * channel count, mixed down by averaging) through {@code javax.sound.sampled}; other formats (MP3, FLAC, ...) through
 * {@code ffmpeg} when it is installed. NaN/Inf samples become 0 and are counted.
 */
public final class AudioFiles {
    private static final int MAX_CHANNELS = 64;

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

    /** Reads {@code file} and mixes to mono at its own sample rate. */
    public static MonoAudio readMonoNative(Path file) throws AudioInputException {
        if (!Files.exists(file)) {
            throw new AudioInputException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new AudioInputException(file + ": is a directory, not an audio file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new AudioInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (size == 0) {
            throw new AudioInputException(file + ": file is empty (0 bytes)");
        }
        AudioFileFormat fileFormat;
        try {
            fileFormat = AudioSystem.getAudioFileFormat(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            return decodeWithFfmpeg(file);
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(file + ": corrupt or truncated audio header (" + e.getMessage() + ")");
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            return decode(file.toString(), in, fileFormat.getFormat());
        } catch (UnsupportedAudioFileException e) {
            return decodeWithFfmpeg(file);
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(file + ": cannot decode audio (" + e.getMessage() + ")");
        }
    }

    /** Decodes an in-memory WAV/AIFF/AU file. */
    public static MonoAudio readMono(byte[] fileBytes, String name) throws AudioInputException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(fileBytes))) {
            return decode(name, in, in.getFormat());
        } catch (UnsupportedAudioFileException e) {
            throw new AudioInputException(name + ": not a supported audio file (WAV, AIFF or AU expected)");
        } catch (IOException | RuntimeException e) {
            throw new AudioInputException(name + ": corrupt or truncated audio (" + e.getMessage() + ")");
        }
    }

    private static MonoAudio decode(String name, AudioInputStream in, AudioFormat format) throws IOException, AudioInputException {
        AudioFormat.Encoding enc = format.getEncoding();
        int channels = format.getChannels();
        int bits = format.getSampleSizeInBits();
        float rate = format.getSampleRate();
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new AudioInputException(name + ": unsupported channel count " + channels + " (1.." + MAX_CHANNELS + ")");
        }
        if (!(rate >= 1000 && rate <= 768_000) || rate != Math.rint(rate)) {
            throw new AudioInputException(name + ": unsupported sample rate " + rate + " Hz (1000..768000, integral)");
        }
        boolean isFloat = AudioFormat.Encoding.PCM_FLOAT.equals(enc);
        boolean signed = AudioFormat.Encoding.PCM_SIGNED.equals(enc);
        boolean unsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        if (!(isFloat && (bits == 32 || bits == 64)) && !((signed || unsigned) && (bits == 8 || bits == 16 || bits == 24 || bits == 32))) {
            throw new AudioInputException(name + ": unsupported encoding " + enc + " " + bits + "-bit "
                    + "(integer PCM 8/16/24/32-bit or float 32/64-bit expected)");
        }
        int bytesPerSample = bits / 8;
        int frameSize = bytesPerSample * channels;
        byte[] data = readAll(in);
        int frames = data.length / frameSize;
        if (frames == 0) {
            throw new AudioInputException(name + ": contains no audio frames");
        }
        boolean big = format.isBigEndian();
        float[] mono = new float[frames];
        long sanitized = 0;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            int base = f * frameSize;
            for (int c = 0; c < channels; c++) {
                double v = sample(data, base + c * bytesPerSample, bits, big, isFloat, unsigned);
                if (!Double.isFinite(v)) {
                    sanitized++;
                    v = 0;
                }
                sum += v;
            }
            mono[f] = (float) (sum / channels);
        }
        return new MonoAudio(mono, (int) rate, sanitized);
    }

    private static double sample(byte[] d, int o, int bits, boolean big, boolean isFloat, boolean unsigned) {
        long raw = 0;
        int n = bits / 8;
        for (int i = 0; i < n; i++) {
            int b = d[o + (big ? i : n - 1 - i)] & 0xff;
            raw = (raw << 8) | b;
        }
        if (isFloat) {
            return bits == 32 ? Float.intBitsToFloat((int) raw) : Double.longBitsToDouble(raw);
        }
        if (unsigned) {
            return (raw - (1L << (bits - 1))) / (double) (1L << (bits - 1));
        }
        long signedValue = (raw << (64 - bits)) >> (64 - bits);
        return signedValue / (double) (1L << (bits - 1));
    }

    private static byte[] readAll(AudioInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Formats javax.sound cannot read are decoded by ffmpeg to 32-bit float mono at their own rate. */
    private static MonoAudio decodeWithFfmpeg(Path file) throws AudioInputException {
        String name = file.getFileName().toString().toLowerCase();
        boolean knownCompressed = name.endsWith(".mp3") || name.endsWith(".flac") || name.endsWith(".ogg")
                || name.endsWith(".m4a") || name.endsWith(".opus");
        if (!knownCompressed) {
            throw new AudioInputException(file + ": not a supported audio file (WAV, AIFF or AU; MP3/FLAC/OGG need ffmpeg)");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("fractalsync-decode", ".wav");
            Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-i", file.toString(),
                    "-ac", "1", "-c:a", "pcm_f32le", tmp.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AudioInputException(file + ": ffmpeg did not finish decoding within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AudioInputException(file + ": ffmpeg could not decode it (exit " + p.exitValue() + ")");
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                return readMono(in.readAllBytes(), file.toString());
            }
        } catch (IOException e) {
            throw new AudioInputException(file + ": " + name.substring(name.lastIndexOf('.') + 1).toUpperCase()
                    + " needs ffmpeg, which is not installed (apt-get install ffmpeg), or decoding failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AudioInputException(file + ": interrupted while decoding");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
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
