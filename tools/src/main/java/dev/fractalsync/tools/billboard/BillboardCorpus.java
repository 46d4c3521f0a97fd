package dev.fractalsync.tools.billboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.tools.midi.Arrangement;
import dev.fractalsync.tools.midi.AudioAugmenter;
import dev.fractalsync.tools.midi.MidiCorpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The McGill Billboard transcriptions as a training and validation corpus: read, deduplicated (the corpus holds
 * some songs twice), split <b>by artist</b> before anything is trained, arranged in {@link ArrangerFamily families}
 * and rendered with SoundFonts.
 * <p>
 * The split is a pure function of the artist's name (SHA-256 of the normalized name, salted), so it never depends on
 * which songs were chosen, and an artist's songs are never on both sides: {@link #VALIDATION_SHARE} of the artists
 * form the validation side, which is never trained on and never used to select a design.
 */
public final class BillboardCorpus {
    /** Share of artists on the validation side. */
    public static final double VALIDATION_SHARE = 0.20;
    private static final String SALT = "fractalsync-billboard-split-v1:";

    public enum Split { TRAIN, VALIDATION }

    /** A transcription with its file and split. */
    public record Entry(Path file, Transcription transcription, Split split) {
    }

    /** What was written for one rendering. */
    public record Rendered(String name, Entry entry, ArrangerFamily family, Path soundfont, Arrangement arrangement,
                           List<String> augmentation, double renderSeconds) {
        public Map<String, Object> metadata() {
            Transcription t = entry.transcription();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("billboard_id", t.id());
            m.put("title", t.title());
            m.put("artist", t.artist());
            m.put("split", entry.split().name().toLowerCase(Locale.ROOT));
            m.put("family", family.id());
            m.put("soundfont", soundfont.getFileName().toString());
            m.putAll(arrangement.metadata());
            m.put("augmentation", augmentation);
            return m;
        }
    }

    /** Normalized artist key: lower case, without a leading "the", featured artists and punctuation. */
    public static String artistKey(String artist) {
        String a = artist.toLowerCase(Locale.ROOT);
        for (String sep : new String[] {" featuring ", " feat. ", " feat ", " with ", " & ", " and ", " duet with "}) {
            int i = a.indexOf(sep);
            if (i > 0) {
                a = a.substring(0, i);
            }
        }
        a = a.replaceAll("^the ", "").replaceAll("[^a-z0-9]", "");
        return a.isEmpty() ? "unknown" : a;
    }

    public static Split splitOf(String artist) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((SALT + artistKey(artist)).getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return v / (double) (1L << 32) < VALIDATION_SHARE ? Split.VALIDATION : Split.TRAIN;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads every {@code salami_chords.txt} under {@code root}, in folder order, keeping the first of duplicate
     * (artist, title) pairs; transcriptions that cannot be realized (no bars, a bar without whole beats) are skipped
     * and reported through {@code skipped}.
     */
    public static List<Entry> read(Path root, Map<String, String> skipped) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + ": not a directory (give the McGill-Billboard folder of corpusmusic/billboardcorpus)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.getFileName().toString().equals("salami_chords.txt")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(root + ": no salami_chords.txt below it");
        }
        Map<String, Entry> byKey = new TreeMap<>();
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            Transcription t;
            try {
                t = Transcription.read(f);
            } catch (IllegalArgumentException e) {
                skipped.put(f.toString(), e.getMessage());
                continue;
            }
            String key = artistKey(t.artist()) + "|" + t.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            if (byKey.containsKey(key)) {
                skipped.put(f.toString(), "duplicate of " + byKey.get(key).file());
                continue;
            }
            if (t.bars().size() < 16) {
                skipped.put(f.toString(), "only " + t.bars().size() + " bars");
                continue;
            }
            Entry e = new Entry(f, t, splitOf(t.artist()));
            byKey.put(key, e);
            out.add(e);
        }
        return out;
    }

    /** The Billboard ids of the songs an earlier run wrote into {@code corpusJson}. */
    public static Set<String> songIds(Path corpusJson) throws IOException {
        if (!Files.isRegularFile(corpusJson)) {
            throw new IllegalArgumentException(corpusJson + " not found: --exclude takes the corpus.json of an earlier run");
        }
        JsonNode root = StateJson.mapper().readTree(corpusJson.toFile());
        if (!"fractalsync-billboard-corpus".equals(root.path("format").asText())) {
            throw new IllegalArgumentException(corpusJson + " is not a billboard-corpus corpus.json");
        }
        Set<String> ids = new TreeSet<>();
        for (JsonNode song : root.path("songs")) {
            ids.add(song.path("billboard_id").asText());
        }
        return ids;
    }

    /** {@code count} entries of {@code split}, chosen by a seeded shuffle (all of them when fewer). */
    public static List<Entry> choose(List<Entry> entries, Split split, int count, long seed) {
        List<Entry> side = new ArrayList<>(entries.stream().filter(e -> e.split() == split).toList());
        Collections.shuffle(side, new Random(seed));
        return side.subList(0, Math.min(count, side.size()));
    }

    private final BillboardArranger arranger = new BillboardArranger();
    private final AudioAugmenter augmenter = new AudioAugmenter();

    public static String name(Entry e, ArrangerFamily family, Path soundfont) {
        return "bb" + e.transcription().id() + "-" + family.id() + "-" + MidiCorpus.shortName(soundfont);
    }

    /** Arranges, renders and writes one song ({@code NAME.mid/.wav/.lab/.beats/.truth.json}). */
    public Rendered make(Path dir, Entry e, ArrangerFamily family, Path soundfont, long seed, int augmentationVersion)
            throws IOException {
        Arrangement a = arranger.arrange(e.transcription(), family, seed);
        String name = name(e, family, soundfont);
        MidiCorpus.Written w = MidiCorpus.write(dir, name, a, soundfont, seed, augmentationVersion, augmenter);
        return new Rendered(name, e, family, soundfont, a, w.augmentation(), w.renderSeconds());
    }
}
