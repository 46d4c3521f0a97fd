package dev.fractalsync.engine;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FractalSyncEngineTest {
    private static final float[] SONG = Arrays.copyOf(DemoSong.render(SongSpec.demo()).samples(), 48_000 * 12);

    private static FractalSyncEngine.Builder oscillator() {
        return FractalSyncEngine.builder().beat("oscillator").beatOption("bpm", "120").structure("neutral");
    }

    @Test
    void anyBufferSizeGivesTheSameStatesAsOneBuffer() {
        List<SlowState> whole = new ArrayList<>();
        try (FractalSyncEngine e = oscillator().onSlowState(whole::add).build()) {
            e.feed(SONG, 48_000, 1);
            e.finish();
        }
        List<SlowState> pieces = new ArrayList<>();
        try (FractalSyncEngine e = oscillator().onSlowState(pieces::add).build()) {
            int[] sizes = {1, 100, 1023, 1025, 4096, 7};
            for (int off = 0, k = 0; off < SONG.length; k++) {
                int n = Math.min(sizes[k % sizes.length], SONG.length - off);
                e.feed(Arrays.copyOfRange(SONG, off, off + n), 48_000, 1);
                off += n;
            }
            e.finish();
        }
        assertEquals((SONG.length + 1023) / 1024, whole.size());
        assertEquals(whole.size(), pieces.size());
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i).beat(), pieces.get(i).beat(), "hop " + i);
            assertTrue(Arrays.equals(whole.get(i).features(), pieces.get(i).features()), "hop " + i);
        }
    }

    @Test
    void beatsArriveInOrderAtTheOscillatorTempoAndAThrowingListenerDoesNotStopThem() {
        List<BeatEvent> beats = new ArrayList<>();
        try (FractalSyncEngine e = oscillator()
                .onBeat(b -> {
                    throw new IllegalStateException("host bug");
                })
                .onBeat(beats::add).build()) {
            float[] stereo = new float[SONG.length * 2];
            e.feed(stereo, 44_100, 2);
            e.finish();
            assertEquals(List.of("oscillator", "neutral"), e.providerIds());
        }
        double seconds = SONG.length / 44_100.0;
        assertEquals(seconds * 2, beats.size(), 2);
        for (int i = 1; i < beats.size(); i++) {
            assertEquals(0.5, beats.get(i).tSec() - beats.get(i - 1).tSec(), 0.03);
            assertEquals(i + 1, beats.get(i).beatCount());
        }
    }

    @Test
    void badChoicesAreOneClearLine() {
        EngineStartException unknown = assertThrows(EngineStartException.class,
                () -> FractalSyncEngine.builder().beat("no-such-tracker").build());
        assertTrue(unknown.getMessage().contains("no-such-tracker") && unknown.getMessage().contains("oscillator"),
                unknown.getMessage());
        assertThrows(EngineStartException.class, () -> oscillator().decimation(3).build());
        assertThrows(IllegalArgumentException.class, () -> oscillator().boundaryThreshold(1.5).build());
        try (FractalSyncEngine e = oscillator().build()) {
            IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> e.feed(new float[8], 7, 1));
            assertEquals("sample rate 7 Hz is outside 1000..768000", rate.getMessage());
        }
    }
}
