package dev.fractalsync.tools.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetFilesTest {
    private static Track sample() {
        int n = 3;
        float[] audio = new float[n * 22];
        float[] beat = new float[n * 5];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = i * 0.25f;
        }
        for (int i = 0; i < beat.length; i++) {
            beat[i] = -i;
        }
        byte[] hazard = new byte[n * 5];
        hazard[4] = 1;
        hazard[14] = 1;
        float[] pitch = new float[n * 12];
        for (int i = 0; i < pitch.length; i++) {
            pitch[i] = i * 0.5f;
        }
        return new Track("t", Track.HELDOUT, 22, audio, beat, new byte[]{1, 4, 7}, hazard,
                new float[]{12.5f, 3f, Float.POSITIVE_INFINITY}, 12, pitch);
    }

    @Test
    void trackRoundTripsAndIsLittleEndianWithTheDocumentedLayout(@TempDir Path dir) throws IOException {
        Track t = sample();
        Path f = dir.resolve("t.fsds");
        DatasetFiles.writeTrack(f, t);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(28 + 3 * 22 * 4 + 3 * 12 * 4 + 3 * 5 * 4 + 3 + 15 + 3 * 4, bytes.length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('F', b.get(0));
        assertEquals(2, b.getInt(4));
        assertEquals(3, b.getInt(8));
        assertEquals(12, b.getInt(24));
        assertEquals(0.25f, b.getFloat(28 + 4)); // audio[0][1]
        assertEquals(0.5f, b.getFloat(28 + 3 * 22 * 4 + 4)); // pitch[0][1]
        Track back = DatasetFiles.readTrack(f, "t", Track.HELDOUT);
        assertArrayEquals(t.audioFeatures(), back.audioFeatures());
        assertArrayEquals(t.pitchFeatures(), back.pitchFeatures());
        assertArrayEquals(t.beatFeatures(), back.beatFeatures());
        assertArrayEquals(t.ySection(), back.ySection());
        assertArrayEquals(t.yHazard(), back.yHazard());
        assertArrayEquals(t.deltaBeatsNext(), back.deltaBeatsNext());
    }

    @Test
    void aVersionOneTrackReadsWithoutPitchFrames(@TempDir Path dir) throws IOException {
        Track t = sample();
        int n = t.hops();
        ByteBuffer b = ByteBuffer.allocate(24 + n * 22 * 4 + n * 5 * 4 + n + n * 5 + n * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{'F', 'S', 'D', 'S'}).putInt(1).putInt(n).putInt(22).putInt(5).putInt(5);
        for (float x : t.audioFeatures()) {
            b.putFloat(x);
        }
        for (float x : t.beatFeatures()) {
            b.putFloat(x);
        }
        b.put(t.ySection()).put(t.yHazard());
        for (float x : t.deltaBeatsNext()) {
            b.putFloat(x);
        }
        Path f = Files.write(dir.resolve("old.fsds"), b.array());
        Track back = DatasetFiles.readTrack(f, "old", Track.TRAIN);
        assertEquals(0, back.pitchWidth());
        assertArrayEquals(t.beatFeatures(), back.beatFeatures());
        assertArrayEquals(t.deltaBeatsNext(), back.deltaBeatsNext());
    }

    @Test
    void indexListsTracksAndReadAllLoadsThem(@TempDir Path dir) throws IOException {
        DatasetFiles.writeTrack(dir.resolve("t.fsds"), sample());
        DatasetFiles.writeIndex(dir, "1.0.0", 48000, 1024, "annotation",
                List.of(new DatasetFiles.Entry("t", "t.fsds", 3, Track.HELDOUT, Map.of("seed", 5L))));
        List<Track> all = DatasetFiles.readAll(dir);
        assertEquals(1, all.size());
        assertEquals(Track.HELDOUT, all.get(0).split());
        assertTrue(Files.readString(dir.resolve("index.json")).contains("\"seed\" : 5"));
    }

    @Test
    void corruptOrMissingFilesFailWithTheirName(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("bad.fsds"), new byte[40]);
        IOException e = assertThrows(IOException.class, () -> DatasetFiles.readTrack(bad, "bad", Track.TRAIN));
        assertTrue(e.getMessage().contains("bad.fsds") && e.getMessage().contains("magic"), e.getMessage());
        DatasetFiles.writeTrack(dir.resolve("t.fsds"), sample());
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("t.fsds")), 100);
        Path cut = Files.write(dir.resolve("cut.fsds"), truncated);
        IOException sized = assertThrows(IOException.class, () -> DatasetFiles.readTrack(cut, "cut", Track.TRAIN));
        assertTrue(sized.getMessage().contains("the header implies"), sized.getMessage());
        IOException noIndex = assertThrows(IOException.class, () -> DatasetFiles.readAll(dir.resolve("none")));
        assertTrue(noIndex.getMessage().contains("index.json not found"), noIndex.getMessage());
    }
}
