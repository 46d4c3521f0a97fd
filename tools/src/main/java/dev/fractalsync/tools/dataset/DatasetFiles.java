package dev.fractalsync.tools.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.Horizons;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On-disk dataset: one binary file per track plus {@code index.json}.
 * <p>
 * Track file {@code NAME.fsds}, little-endian:
 * <pre>
 *   bytes 0..3   magic "FSDS"
 *   int32        format version (2; version 1 had no F_pitch field and no pitch frames)
 *   int32        N      hops
 *   int32        F_audio (22)
 *   int32        F_beat  (5)
 *   int32        K       (5)
 *   int32        F_pitch (12, or 0)
 *   float32[N*F_audio]  audio feature frames, row-major [N, F_audio], hop t = samples [t*1024, (t+1)*1024)
 *   float32[N*F_pitch]  pitch (chroma) frames, row-major [N, F_pitch]
 *   float32[N*F_beat]   beat features [N, F_beat] (sin_phase, cos_phase, log_spb, conf, downbeat_prob)
 *   uint8[N]            y_section, contract label index
 *   uint8[N*K]          y_hazard [N, K], 0 or 1, horizons 1, 2, 4, 8, 16 beats
 *   float32[N]          Δbeats_next (+Inf after the last boundary)
 * </pre>
 * {@code index.json}: {@code {"format": "fractalsync-dataset", "version": 1, "contract": "1.0.0", "sample_rate",
 * "hop", "beats": "annotation|provider:ID", "tracks": [{"name", "file", "frames", "split", ...extra}]}}.
 */
public final class DatasetFiles {
    public static final String INDEX = "index.json";
    public static final String EXTENSION = ".fsds";
    private static final byte[] MAGIC = {'F', 'S', 'D', 'S'};
    private static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetFiles() {
    }

    public static void writeTrack(Path file, Track track) throws IOException {
        int n = track.hops();
        ByteBuffer header = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putInt(VERSION).putInt(n).putInt(track.audioWidth()).putInt(BeatFeatures.SIZE).putInt(Horizons.COUNT)
                .putInt(track.pitchWidth());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header.array());
            writeFloats(out, track.audioFeatures());
            writeFloats(out, track.pitchFeatures());
            writeFloats(out, track.beatFeatures());
            out.write(track.ySection());
            out.write(track.yHazard());
            writeFloats(out, track.deltaBeatsNext());
        }
    }

    private static void writeFloats(OutputStream out, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
    }

    public static Track readTrack(Path file, String name, String split) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        if (b.remaining() < 24) {
            throw new IOException(file + ": not a FractalSync dataset track (too short)");
        }
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a FractalSync dataset track (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION && version != 1) {
            throw new IOException(file + ": track format version " + version + ", this build reads 1 and " + VERSION);
        }
        int n = b.getInt();
        int fa = b.getInt();
        int fb = b.getInt();
        int k = b.getInt();
        int fp = version >= 2 ? b.getInt() : 0;
        if (fb != BeatFeatures.SIZE || k != Horizons.COUNT || n < 0 || fa <= 0 || fp < 0) {
            throw new IOException(file + ": unexpected dimensions N=" + n + " F_audio=" + fa + " F_beat=" + fb + " K=" + k
                    + " F_pitch=" + fp);
        }
        long expected = (version >= 2 ? 28L : 24L) + 4L * n * fa + 4L * n * fp + 4L * n * fb + n + (long) n * k + 4L * n;
        if (b.capacity() != expected) {
            throw new IOException(file + ": size " + b.capacity() + " bytes, the header implies " + expected);
        }
        float[] audio = new float[n * fa];
        float[] pitch = new float[n * fp];
        float[] beat = new float[n * fb];
        byte[] section = new byte[n];
        byte[] hazard = new byte[n * k];
        float[] delta = new float[n];
        b.asFloatBuffer().get(audio);
        b.position(b.position() + audio.length * 4);
        b.asFloatBuffer().get(pitch);
        b.position(b.position() + pitch.length * 4);
        b.asFloatBuffer().get(beat);
        b.position(b.position() + beat.length * 4);
        b.get(section);
        b.get(hazard);
        b.asFloatBuffer().get(delta);
        return new Track(name, split, fa, audio, beat, section, hazard, delta, fp, pitch);
    }

    /** One row of the index. */
    public record Entry(String name, String file, int frames, String split, Map<String, Object> extra) {
    }

    public static void writeIndex(Path dir, String contractVersion, int sampleRate, int hop, String beats,
                                  List<Entry> entries) throws IOException {
        writeIndex(dir, contractVersion, sampleRate, hop, beats, entries, null);
    }

    /** As above, recording the {@code fractalsync} arguments that built the dataset (null: none). */
    public static void writeIndex(Path dir, String contractVersion, int sampleRate, int hop, String beats,
                                  List<Entry> entries, String command) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (command != null) {
            root.put("command", command);
        }
        root.put("format", "fractalsync-dataset");
        root.put("version", VERSION);
        root.put("contract", contractVersion);
        root.put("sample_rate", sampleRate);
        root.put("hop", hop);
        root.put("beats", beats);
        root.put("track_format", "little-endian: 'FSDS', int32 version, N, F_audio, F_beat, K, F_pitch; float32 audio[N*F_audio], "
                + "float32 pitch[N*F_pitch], float32 beat[N*F_beat], uint8 y_section[N], uint8 y_hazard[N*K], float32 delta_beats_next[N]");
        ArrayNode tracks = root.putArray("tracks");
        for (Entry e : entries) {
            ObjectNode t = tracks.addObject();
            t.put("name", e.name());
            t.put("file", e.file());
            t.put("frames", e.frames());
            t.put("split", e.split());
            e.extra().forEach((key, value) -> t.set(key, JSON.valueToTree(value)));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX).toFile(), root);
    }

    public static List<Entry> readIndex(Path dir) throws IOException {
        Path index = dir.resolve(INDEX);
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IOException(index + " not found: build a dataset first (fractalsync dataset ...)");
        }
        int version = root.path("version").asInt();
        if (!"fractalsync-dataset".equals(root.path("format").asText()) || (version != VERSION && version != 1)) {
            throw new IOException(index + ": not a version 1 or " + VERSION + " FractalSync dataset index");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode t : root.path("tracks")) {
            entries.add(new Entry(t.path("name").asText(), t.path("file").asText(), t.path("frames").asInt(),
                    t.path("split").asText(), Map.of()));
        }
        return entries;
    }

    /** Where the beats of a dataset came from: the index's {@code beats} field ("annotation..." or "provider:ID"). */
    public static String beatsSource(Path dir) throws IOException {
        return JSON.readTree(dir.resolve(INDEX).toFile()).path("beats").asText("annotation");
    }

    /** The recorded command that built the dataset in {@code dir}, or null. */
    public static String command(Path dir) throws IOException {
        JsonNode c = JSON.readTree(dir.resolve(INDEX).toFile()).get("command");
        return c == null || !c.isTextual() ? null : c.asText();
    }

    /** Reads every track listed in the index of {@code dir}. */
    public static List<Track> readAll(Path dir) throws IOException {
        List<Track> tracks = new ArrayList<>();
        for (Entry e : readIndex(dir)) {
            tracks.add(readTrack(dir.resolve(e.file()), e.name(), e.split()));
        }
        return tracks;
    }

}
