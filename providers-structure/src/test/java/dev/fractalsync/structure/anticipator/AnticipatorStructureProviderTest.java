package dev.fractalsync.structure.anticipator;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnticipatorStructureProviderTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();

    private static StructureInput input(float[] audio, float[] beat) {
        return input(audio, beat, new float[256 * 12]);
    }

    private static StructureInput input(float[] audio, float[] beat, float[] pitch) {
        return new StructureInput(300, 6.4, FeatureWindow.of(audio, 256, 22), FeatureWindow.of(beat, 256, 5),
                new BeatClockState(6.4, 0.5, 0.8, 12, 1, null), FeatureWindow.of(pitch, 256, 12));
    }

    /** A minute of digital silence streamed hop by hop is {@code silence} (p >= 0.9) from 2 s on, whatever the model. */
    @Test
    void digitalSilenceIsSilence() throws ProviderException {
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(new ProviderContext(CONTRACT, 2, 0, Map.of()));
            float[] audio = new float[256 * 22];
            for (int f = 0; f < 256; f++) {
                java.util.Arrays.fill(audio, f * 22, f * 22 + 16, -0.5f); // ln(1e-6) mel bands, scaled
                audio[f * 22 + 16] = -2f; // -180 dBFS
            }
            float[] beat = new float[256 * 5];
            for (int f = 0; f < 256; f++) {
                beat[f * 5 + 1] = 1;
                beat[f * 5 + 2] = (float) Math.log(0.5);
            }
            int hops = (int) (60 / (1024.0 / 48000));
            for (int h = 0; h < hops; h += 2) {
                double t = (h + 1) * 1024.0 / 48000;
                StructureState s = p.process(new StructureInput(h, t, FeatureWindow.of(audio, 256, 22),
                        FeatureWindow.of(beat, 256, 5), new BeatClockState(t, 0.5, 0, 0, 0, null),
                        FeatureWindow.of(new float[256 * 12], 256, 12)));
                if (t >= AnticipatorStructureProvider.SILENCE_SECONDS + 0.05) {
                    assertTrue(s.sectionProb(0) >= 0.9, "p(silence) " + s.sectionProb(0) + " at " + t + " s");
                }
            }
        }
    }

    /** Contract 1.1 is a compatible extension: a model built for 1.0 (no song_context input) still opens and runs. */
    @Test
    void contractOneZeroModelStillLoads(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("old.onnx");
        try (var in = getClass().getResourceAsStream("anticipator-contract-1.0.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(new ProviderContext(CONTRACT, 2, 0, Map.of("model", model.toString())));
            float[] audio = new float[256 * 22];
            java.util.Arrays.fill(audio, 0.5f);
            StructureState s = p.process(input(audio, new float[256 * 5]));
            assertEquals(1.0, java.util.Arrays.stream(s.sectionProbs()).sum(), 1e-6);
            assertEquals(1, p.steps());
        }
    }

    /**
     * Contract 1.5 is a compatible extension too: a model built for 1.4 (song_context of 56 values, no pitch window)
     * still opens, is fed the 1.4 context, and ignores the pitch window.
     */
    @Test
    void contractOneFourModelStillLoadsAndIgnoresPitch(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("v14.onnx");
        try (var in = getClass().getResourceAsStream("anticipator-contract-1.4.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(new ProviderContext(CONTRACT, 2, 0, Map.of("model", model.toString())));
            float[] audio = new float[256 * 22];
            java.util.Arrays.fill(audio, 0.5f);
            float[] chords = new float[256 * 12];
            java.util.Arrays.fill(chords, 0.3f);
            StructureState plain = p.process(input(audio, new float[256 * 5]));
            p.reset();
            StructureState withPitch = p.process(input(audio, new float[256 * 5], chords));
            assertEquals(1.0, java.util.Arrays.stream(plain.sectionProbs()).sum(), 1e-6);
            assertArrayEquals(plain.sectionProbs(), withPitch.sectionProbs(), 1e-9);
            assertFalse(p.readsPitch());
        }
    }

    @Test
    void silenceRuleKeepsADistribution() {
        double[] p = {0.05, 0.05, 0.3, 0.1, 0.4, 0.05, 0.03, 0.02};
        AnticipatorStructureProvider.applySilence(p, 3.0);
        assertEquals(AnticipatorStructureProvider.SILENCE_PROBABILITY, p[0], 1e-12);
        assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-12);
        assertEquals(0.4 / 0.3, p[4] / p[2], 1e-9);
        double[] q = {0.05, 0.05, 0.3, 0.1, 0.4, 0.05, 0.03, 0.02};
        AnticipatorStructureProvider.applySilence(q, 0.2);
        assertEquals(0.05, q[0], 1e-12, "short gaps are left to the model");
    }

    @Test
    void bundledModelOpensAndGivesValidMonotoneStatesThatFollowTheInput() throws ProviderException {
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(ProviderContext.defaults(CONTRACT));
            SplittableRandom rnd = new SplittableRandom(1);
            float[] beat = new float[256 * 5];
            float[] quiet = new float[256 * 22];
            float[] loud = new float[256 * 22];
            for (int i = 0; i < loud.length; i++) {
                loud[i] = (float) (0.8 + 0.2 * rnd.nextDouble());
            }
            float[] chords = new float[256 * 12];
            for (int f = 0; f < 256; f++) {
                int root = f < 128 ? 0 : 5;
                for (int c : new int[]{root, (root + 4) % 12, (root + 7) % 12}) {
                    chords[f * 12 + c] = 1.2f;
                }
            }
            StructureState a = p.process(input(quiet, beat));
            StructureState b = p.process(input(loud, beat));
            StructureState a2 = p.process(input(quiet, beat));
            StructureState c = p.process(input(quiet, beat, chords));
            assertFalse(java.util.Arrays.equals(a.sectionProbs(), b.sectionProbs()), "the reused input buffers must be refilled");
            assertEquals(p.readsPitch(), !java.util.Arrays.equals(a2.sectionProbs(), c.sectionProbs()),
                    "the pitch window reaches a model that takes it, and only such a model");
            assertArrayEquals(a.sectionProbs(), a2.sectionProbs(), 1e-7);
            for (StructureState s : new StructureState[]{a, b}) {
                for (int k = 1; k < 5; k++) {
                    assertTrue(s.hazardProb(k) >= s.hazardProb(k - 1));
                }
            }
            assertEquals(4, p.steps());
            assertTrue(p.monotoneViolations() <= p.steps());
            if (p.readsPitch()) {
                IllegalArgumentException noPitch = assertThrows(IllegalArgumentException.class, () -> p.process(
                        new StructureInput(1, 0.1, FeatureWindow.of(quiet, 256, 22), FeatureWindow.of(beat, 256, 5),
                                new BeatClockState(0.1, 0.5, 0.2, 0, 1, null))));
                assertTrue(noPitch.getMessage().contains("pitch window is 256x0"), noPitch.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> p.process(new StructureInput(1, 0.1,
                    FeatureWindow.of(new float[128 * 22], 128, 22), FeatureWindow.of(beat, 256, 5),
                    new BeatClockState(0.1, 0.5, 0.2, 0, 1, null))));
        }
    }

    @Test
    void unreadableModelsFailWithAClearProviderException(@TempDir Path dir) throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.onnx"), new byte[]{1, 2, 3, 4, 5});
        AnticipatorStructureProvider p = new AnticipatorStructureProvider();
        ProviderException e = assertThrows(ProviderException.class,
                () -> p.open(ProviderContext.defaults(CONTRACT).withOptions(Map.of("model", garbage.toString()))));
        assertTrue(e.getMessage().startsWith("anticipator: cannot load " + garbage), e.getMessage());
        ProviderException missing = assertThrows(ProviderException.class,
                () -> p.open(ProviderContext.defaults(CONTRACT).withOptions(Map.of("model", dir.resolve("none.onnx").toString()))));
        assertTrue(missing.getMessage().startsWith("anticipator: cannot read model file"), missing.getMessage());
    }

    @Test
    void monotoneTransformIsARunningMaxAndReportsViolations() {
        double[] ok = {0.1, 0.2, 0.2, 0.5, 0.9};
        assertFalse(MonotoneHazard.enforce(ok));
        double[] bad = {0.3, 0.1, 0.6, 0.4, 0.5};
        assertTrue(MonotoneHazard.enforce(bad));
        assertArrayEquals(new double[]{0.3, 0.3, 0.6, 0.6, 0.6}, bad);
    }

    @Test
    void bothProvidersAreRegisteredForServiceLoader() {
        Set<String> ids = ServiceLoader.load(StructureProvider.class).stream()
                .map(pr -> pr.get().id()).collect(Collectors.toSet());
        assertTrue(ids.containsAll(Set.of("anticipator", "novelty")), "found " + ids);
    }
}
