package dev.fractalsync.beat.eval;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Minimal PCM WAV reading (downmixed to mono floats) and writing (16-bit mono) with javax.sound.sampled. */
public final class Wav {
    private Wav() {
    }

    /** Mono samples in [-1, 1] and their rate. */
    public record Audio(float[] samples, int sampleRate) {
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    public static Audio read(Path file) throws IOException {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat src = raw.getFormat();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16,
                    src.getChannels(), 2 * src.getChannels(), src.getSampleRate(), false);
            try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm, raw)) {
                byte[] bytes = in.readAllBytes();
                int channels = src.getChannels();
                int frames = bytes.length / (2 * channels);
                ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                float[] mono = new float[frames];
                for (int i = 0; i < frames; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += bb.getShort() / 32768f;
                    }
                    mono[i] = sum / channels;
                }
                return new Audio(mono, Math.round(src.getSampleRate()));
            }
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PCM WAV file javax.sound can read (" + e.getMessage() + ")");
        }
    }

    public static void write16(Path file, float[] samples, int sampleRate) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            bb.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767f));
        }
        AudioFormat f = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bb.array()), f, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
