package dev.fractalsync.beat.beatnet;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ballad at 64 BPM played as chords in eighth notes: BeatNet follows the eighths (128 BPM), and the provider suggests
 * half time from what lies between them; with {@code level=tracked} it never does, and blocks suggest what single
 * hops suggest.
 */
class HalfTimeSuggestionTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final double BPM = 64;

    /**
     * 50 s of block chords on every eighth note, the one on the beat louder, a chord per bar (with a bass note on the
     * beats BeatNet finds the 64 BPM beat itself).
     */
    private static float[] ballad() {
        int sr = CONTRACT.sampleRate();
        double beat = 60 / BPM;
        float[] x = new float[(int) (50.0 * sr)];
        int[][] chords = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
        for (int k = 0; k * beat + 0.5 < 49; k++) {
            double t = 0.5 + k * beat;
            int[] chord = chords[(k / 4) % chords.length];
            for (int half = 0; half < 2; half++) {
                for (int note : chord) {
                    BeatNetProviderTest.tone(x, sr, t + half * beat / 2, note, half == 0 ? 0.18 : 0.12, beat / 2);
                }
            }
        }
        return x;
    }

    private static AudioHop[] hops(float[] x) {
        int hop = CONTRACT.hop();
        AudioHop[] views = new AudioHop[x.length / hop];
        for (int i = 0; i < views.length; i++) {
            views[i] = AudioHop.of(i, (i + 1) * CONTRACT.hopSeconds(), Arrays.copyOfRange(x, i * hop, (i + 1) * hop));
        }
        return views;
    }

    @Test
    void anArpeggiatedBalladTrackedOnItsEighthsSuggestsHalfTime() throws ProviderException {
        AudioHop[] views = hops(ballad());
        boolean[] streamed = new boolean[views.length];
        BeatClockState last;
        BeatNetProvider p = new BeatNetProvider();
        p.open(new ProviderContext(CONTRACT, 1, 7L, Map.of()));
        try {
            last = null;
            for (int i = 0; i < views.length; i++) {
                last = p.process(views[i]);
                streamed[i] = p.suggestsHalfTime(views[i].tSec());
            }
            double trackedBpm = 60 / last.spb();
            assertEquals(2 * BPM, trackedBpm, 0.04 * 2 * BPM, "the tracker follows the eighths (or the test is moot)");
            assertTrue(streamed[views.length - 1], "half time suggested by the end");
            assertFalse(streamed[views.length / 5], "not in the first 10 s: too few beats heard");
            // blocks suggest, hop by hop, what single hops suggested
            for (int block : new int[]{64, 7}) {
                p.reset();
                for (int start = 0; start < views.length; start += block) {
                    int n = Math.min(block, views.length - start);
                    p.processBlock(Arrays.copyOfRange(views, start, start + n), n, new BeatClockState[n]);
                    for (int i = start; i < start + n; i++) {
                        assertEquals(streamed[i], p.suggestsHalfTime(views[i].tSec()), "block " + block + ", hop " + i);
                    }
                }
            }
        } finally {
            p.close();
        }
        BeatNetProvider tracked = new BeatNetProvider();
        tracked.open(new ProviderContext(CONTRACT, 1, 7L, Map.of("level", "tracked")));
        try {
            for (AudioHop h : views) {
                tracked.process(h);
                assertFalse(tracked.suggestsHalfTime(h.tSec()));
            }
        } finally {
            tracked.close();
        }
    }
}
