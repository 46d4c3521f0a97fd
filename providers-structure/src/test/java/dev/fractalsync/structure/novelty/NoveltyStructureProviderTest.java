package dev.fractalsync.structure.novelty;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoveltyStructureProviderTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();
    private static final double HOP_SEC = CONTRACT.hopSeconds();

    /** Runs a stream of 22-wide frames through the provider at decimation 1; returns the states. */
    private static List<StructureState> run(NoveltyStructureProvider p, float[][] frames, double spb) {
        float[] window = new float[256 * 22];
        float[] beats = new float[256 * 5];
        List<StructureState> out = new ArrayList<>();
        for (int h = 0; h < frames.length; h++) {
            System.arraycopy(window, 22, window, 0, 255 * 22);
            System.arraycopy(frames[h], 0, window, 255 * 22, 22);
            double t = (h + 1) * HOP_SEC;
            BeatClockState b = new BeatClockState(t, spb, BeatClockState.wrapPhase(t / spb), (long) (t / spb), 1, null);
            out.add(p.process(new StructureInput(h, t, FeatureWindow.of(window, 256, 22), FeatureWindow.of(beats, 256, 5), b)));
        }
        return out;
    }

    /** Sections of 32 beats at 120 BPM whose timbre and loudness alternate. */
    private static float[][] alternatingSections(int sections, long seed) {
        int hopsPerSection = (int) Math.round(32 * 0.5 / HOP_SEC);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] f = new float[sections * hopsPerSection][22];
        for (int h = 0; h < f.length; h++) {
            int s = h / hopsPerSection;
            for (int k = 0; k < 22; k++) {
                double level = s % 2 == 0 ? 0.4 + 0.02 * k : 0.9 - 0.02 * k;
                f[h][k] = (float) (level + 0.03 * rnd.nextGaussian());
            }
            f[h][16] = (float) (s % 2 == 0 ? 0.55 : 0.8);
        }
        return f;
    }

    @Test
    void detectsAbruptSectionChangesAndRaisesHazardBeforeTheNextOne() throws ProviderException {
        NoveltyStructureProvider p = new NoveltyStructureProvider();
        p.open(ProviderContext.defaults(CONTRACT));
        float[][] frames = alternatingSections(6, 1);
        List<StructureState> states = run(p, frames, 0.5);
        assertTrue(p.detectedBoundaries() >= 4 && p.detectedBoundaries() <= 7, "detected " + p.detectedBoundaries());
        int hopsPerSection = frames.length / 6;
        // after a few detected sections the typical length is learned: hazard@4 is high just before a boundary and low
        // right after one
        int boundary = 5 * hopsPerSection;
        double before = states.get(boundary - (int) (1.0 / HOP_SEC)).hazardProb(2); // 2 beats before
        double after = states.get(boundary - hopsPerSection + (int) (4.0 / HOP_SEC)).hazardProb(2); // 8 beats into the section
        assertTrue(before > 0.5, "hazard@4 two beats before a boundary: " + before);
        assertTrue(after < 0.2, "hazard@4 eight beats into a section: " + after);
        for (StructureState s : states) {
            for (int k = 1; k < 5; k++) {
                assertTrue(s.hazardProb(k) >= s.hazardProb(k - 1));
            }
        }
    }

    @Test
    void quietAudioReadsAsSilenceAndResetForgetsTheSong() throws ProviderException {
        NoveltyStructureProvider p = new NoveltyStructureProvider();
        p.open(ProviderContext.defaults(CONTRACT));
        float[][] quiet = new float[400][22];
        List<StructureState> states = run(p, quiet, 0.5);
        assertEquals(SectionLabel.SILENCE, states.get(399).topSection());
        run(p, alternatingSections(3, 2), 0.5);
        assertTrue(p.detectedBoundaries() > 0);
        p.reset();
        assertEquals(0, p.detectedBoundaries());
    }

    @Test
    void badOptionsFailAtOpen() {
        NoveltyStructureProvider p = new NoveltyStructureProvider();
        ProviderException e = assertThrows(ProviderException.class,
                () -> p.open(ProviderContext.defaults(CONTRACT).withOptions(Map.of("section-beats", "1"))));
        assertTrue(e.getMessage().startsWith("novelty:"), e.getMessage());
    }
}
