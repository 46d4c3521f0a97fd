package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.MonoAudio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The invariance test set: one song rewritten as it may arrive in the world — quieter or hotter, in a room, through
 * a narrow band, as MP3, at 44.1 kHz, or as a stereo file with one channel wired in reverse polarity — with its
 * timing untouched, so the same truth scores every copy. Built with {@link AudioAugmenter} (sox, ffmpeg).
 */
public final class ListeningConditions {
    /** One way a song can arrive. */
    public enum Condition {
        CLEAN("clean", "as rendered, peak -1 dBFS"),
        M30("m30db", "-30 dB (peak -31 dBFS)"),
        M20("m20db", "-20 dB (peak -21 dBFS)"),
        M10("m10db", "-10 dB (peak -11 dBFS)"),
        P6_CLIPPED("p6clip", "+6 dB, clipped at full scale"),
        REVERB("reverb", "room reverb (sox reverb 60% reverberance, room 80%)"),
        BAND("band", "band-limited 150 Hz - 7 kHz"),
        MP3("mp3", "MP3 128 kbps round trip"),
        RATE_44K("r44k", "44.1 kHz file"),
        ANTIPHASE("antiphase", "stereo, right channel at -6 dB in reverse polarity (the mono mix loses 12 dB)");

        private final String id;
        private final String description;

        Condition(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public String id() {
            return id;
        }

        public String description() {
            return description;
        }

        public static Condition byId(String id) {
            for (Condition c : values()) {
                if (c.id.equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown condition '" + id + "' (known: "
                    + String.join(", ", Arrays.stream(values()).map(Condition::id).toList()) + ")");
        }

        AudioAugmenter.Plan plan() {
            return switch (this) {
                case CLEAN, RATE_44K, ANTIPHASE -> new AudioAugmenter.Plan(null, null, null, null, null, null, 0.0);
                case M30 -> gain(-30);
                case M20 -> gain(-20);
                case M10 -> gain(-10);
                case P6_CLIPPED -> gain(6);
                case REVERB -> new AudioAugmenter.Plan(null, null, new int[] {60, 50, 80, -3}, null, null, null, null);
                case BAND -> new AudioAugmenter.Plan(null, null, null, new int[] {150, 7000}, null, null, null);
                case MP3 -> new AudioAugmenter.Plan(null, null, null, null, 128, null, null);
            };
        }

        private static AudioAugmenter.Plan gain(double db) {
            return new AudioAugmenter.Plan(null, null, null, null, null, null, db);
        }
    }

    private final AudioAugmenter augmenter = new AudioAugmenter();

    /**
     * Writes {@code song} (48 kHz mono) under {@code condition} to {@code out} as 16-bit WAV (the 44.1 kHz and stereo
     * conditions through sox).
     */
    public void write(float[] song, Condition condition, Path out) throws IOException {
        float[] x = augmenter.apply(song, condition.plan(), 1).samples();
        if (condition == Condition.RATE_44K || condition == Condition.ANTIPHASE) {
            ExternalTool.require("sox", "sox");
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "condition", ".wav");
            try {
                WavIO.writeFloat(tmp, x, FluidsynthRenderer.SAMPLE_RATE);
                List<String> cmd = new ArrayList<>(List.of("sox", "-D", "-V1", tmp.toString(), "-b", "16", out.toString()));
                if (condition == Condition.RATE_44K) {
                    cmd.addAll(List.of("rate", "-v", "44100"));
                } else {
                    cmd.addAll(List.of("remix", "1", "1v-0.5"));
                }
                ExternalTool.run(cmd, 60 + 2.0 * x.length / FluidsynthRenderer.SAMPLE_RATE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } else {
            AudioFiles.writeWav16(out, x, FluidsynthRenderer.SAMPLE_RATE);
        }
    }

    /** The samples of a song file at 48 kHz mono (as the corpus writes them). */
    public static float[] readSong(Path file) throws IOException {
        MonoAudio audio = WavIO.readMono(file);
        if (audio.sampleRate() != FluidsynthRenderer.SAMPLE_RATE) {
            throw new IOException(file + ": expected a 48 kHz song, got " + audio.sampleRate() + " Hz");
        }
        return audio.samples();
    }
}
