package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One song of a MIDI corpus: generate, write {@code NAME.mid}, {@code NAME.truth.json} (demo truth format),
 * {@code NAME.lab} ({@code start end label}), {@code NAME.beats} ({@code time beat-in-bar}), render with fluidsynth,
 * optionally augment, write {@code NAME.wav} (48 kHz mono 16-bit).
 */
public final class MidiCorpus {
    private final ArrangementGenerator generator = new ArrangementGenerator();
    private final AudioAugmenter augmenter = new AudioAugmenter();

    /** What was written for one song. */
    public record Song(String name, Arrangement arrangement, Path soundfont, List<String> augmentation,
                       double renderSeconds) {
        public Map<String, Object> metadata() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("soundfont", soundfont.getFileName().toString());
            m.putAll(arrangement.metadata());
            m.put("augmentation", augmentation);
            m.put("files", List.of(name + ".mid", name + ".wav", name + ".lab", name + ".beats", name + ".truth.json"));
            return m;
        }
    }

    /** Short SoundFont name: file name without extension, lower case, letters and digits only. */
    public static String shortName(Path soundfont) {
        String n = soundfont.getFileName().toString();
        int dot = n.lastIndexOf('.');
        if (dot > 0) {
            n = n.substring(0, dot);
        }
        String s = n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return s.isEmpty() ? "sf" : s;
    }

    public static String songName(long seed, Path soundfont) {
        return String.format(Locale.ROOT, "s%04d-%s", seed, shortName(soundfont));
    }

    /**
     * Generates, renders and writes the song of {@code seed} with {@code soundfont} into {@code dir}, augmented with
     * the distributions of {@code augmentationVersion} ({@link AudioAugmenter#plan(long, int)}), or clean when 0.
     */
    public Song make(Path dir, long seed, Path soundfont, int augmentationVersion) throws IOException {
        Arrangement a = generator.generate(seed);
        String name = songName(seed, soundfont);
        Written w = write(dir, name, a, soundfont, seed, augmentationVersion, augmenter);
        return new Song(name, a, soundfont, w.augmentation(), w.renderSeconds());
    }

    /** What {@link #write} produced: the augmentation chain ({@code none} when clean) and the rendering time. */
    public record Written(List<String> augmentation, double renderSeconds) {
    }

    /**
     * Writes {@code NAME.mid} and the truth files of {@code a} into {@code dir}, renders it with {@code soundfont},
     * augments the audio with {@code augmenter}'s plan for {@code seed} and {@code augmentationVersion} (clean when
     * 0) and writes {@code NAME.wav} (48 kHz mono 16-bit).
     */
    public static Written write(Path dir, String name, Arrangement a, Path soundfont, long seed, int augmentationVersion,
                                AudioAugmenter augmenter) throws IOException {
        FluidsynthRenderer renderer = new FluidsynthRenderer(soundfont);
        Files.createDirectories(dir);
        Path mid = dir.resolve(name + ".mid");
        Files.write(mid, a.midiBytes());
        writeTruth(dir, name, a);
        long t0 = System.nanoTime();
        float[] audio = renderer.render(mid, a.truth().duration());
        List<String> chain = List.of("none");
        if (augmentationVersion > 0) {
            AudioAugmenter.Result r = augmenter.augment(audio, seed, augmentationVersion);
            audio = r.samples();
            chain = r.chain();
        }
        AudioFiles.writeWav16(dir.resolve(name + ".wav"), audio, FluidsynthRenderer.SAMPLE_RATE);
        return new Written(chain, (System.nanoTime() - t0) / 1e9);
    }

    /** Writes {@code NAME.truth.json}, {@code NAME.lab} and {@code NAME.beats}. */
    public static void writeTruth(Path dir, String name, Arrangement a) throws IOException {
        SongTruth t = a.truth();
        Files.writeString(dir.resolve(name + ".truth.json"),
                StateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(t), StandardCharsets.UTF_8);
        StringBuilder lab = new StringBuilder();
        for (SectionSpan s : t.sections()) {
            lab.append(String.format(Locale.ROOT, "%.6f %.6f %s%n", s.start(), s.end(), s.label()));
        }
        Files.writeString(dir.resolve(name + ".lab"), lab, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(name + ".beats"), beatsText(a), StandardCharsets.UTF_8);
    }

    /** {@code time beat-in-bar} per line (1 = downbeat), with a comment header naming the meter and beat unit. */
    public static String beatsText(Arrangement a) {
        SongTruth t = a.truth();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "# meter %s, beat = %s, %d beats per bar, initial %.3f BPM%n", a.meter(),
                a.beatUnit(), t.beatsPerBar(), t.bpm()));
        double[] down = t.downbeats();
        int d = 0;
        int inBar = 0;
        for (double b : t.beats()) {
            if (d < down.length && Math.abs(down[d] - b) < 1e-9) {
                inBar = 1;
                d++;
            } else {
                inBar++;
            }
            sb.append(String.format(Locale.ROOT, "%.6f %d%n", b, inBar));
        }
        return sb.toString();
    }
}
