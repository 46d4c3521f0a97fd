package dev.fractalsync.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.tools.dataset.DatasetFiles;
import dev.fractalsync.tools.dataset.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model trains on what the runtime computes: the F_audio rows and beat features {@code dataset} stores for a song are
 * byte-equal to the features and beat states {@code analyze --out} publishes for the same file.
 */
class DatasetMatchesRuntimeTest {
    @Test
    void datasetRowsAreTheRowsAnalyzePublishes(@TempDir Path tmp) throws Exception {
        Path audio = Files.createDirectories(tmp.resolve("audio"));
        assertEquals(0, CliRun.of("demo", "--out", audio.toString(), "--seed", "52").code());
        Path wav = audio.resolve("song-52.wav");
        Path labels = Files.createDirectories(tmp.resolve("labels"));
        Files.move(audio.resolve("song-52.truth.json"), labels.resolve("song-52.json"));
        Path data = tmp.resolve("data");
        CliRun d = CliRun.tools("dataset", "--audio", audio.toString(), "--labels", labels.toString(), "--out",
                data.toString(), "-q");
        assertEquals(0, d.code(), d.err());
        List<Track> tracks = DatasetFiles.readAll(data);
        assertEquals(1, tracks.size());
        Track track = tracks.get(0);

        Path states = tmp.resolve("states.jsonl");
        CliRun a = CliRun.of("analyze", wav.toString(), "--out", states.toString(), "-q");
        assertEquals(0, a.code(), a.err());
        List<String> lines = Files.readAllLines(states);
        assertEquals(track.hops(), lines.size());
        ObjectMapper json = new ObjectMapper();
        int w = track.audioWidth();
        float[] published = new float[w];
        float[] stored = new float[w];
        float[] publishedBeat = new float[BeatFeatures.SIZE];
        float[] storedBeat = new float[BeatFeatures.SIZE];
        for (int h = 0; h < lines.size(); h++) {
            JsonNode s = json.readTree(lines.get(h));
            JsonNode f = s.get("features");
            for (int i = 0; i < w; i++) {
                published[i] = f.get(i).floatValue();
            }
            System.arraycopy(track.audioFeatures(), h * w, stored, 0, w);
            assertArrayEquals(published, stored, 0f, "F_audio of hop " + h);
            JsonNode b = s.get("beat");
            BeatFeatures.write(new BeatClockState(b.get("t_sec").doubleValue(), b.get("spb").doubleValue(),
                    b.get("phase").doubleValue(), b.get("beat_count").longValue(), b.get("conf").doubleValue(),
                    b.hasNonNull("downbeat_prob") ? b.get("downbeat_prob").doubleValue() : null), publishedBeat, 0);
            System.arraycopy(track.beatFeatures(), h * BeatFeatures.SIZE, storedBeat, 0, BeatFeatures.SIZE);
            assertArrayEquals(publishedBeat, storedBeat, 0f, "beat features of hop " + h);
        }
    }
}
