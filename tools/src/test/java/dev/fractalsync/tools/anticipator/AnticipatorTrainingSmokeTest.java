package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.json.ContractFiles;
import dev.fractalsync.structure.anticipator.AnticipatorStructureProvider;
import dev.fractalsync.structure.context.SongContext;
import dev.fractalsync.tools.dataset.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tiny end-to-end run (one and two hidden layers): 2 tracks x 3 epochs, the loss falls, the export loads in ONNX Runtime and agrees with Java. */
class AnticipatorTrainingSmokeTest {
    private final ModelContract contract = ContractFiles.v1();

    @org.junit.jupiter.params.ParameterizedTest(name = "second hidden layer {0}, pitch features {1}")
    @org.junit.jupiter.params.provider.CsvSource({"0, 12", "8, 12", "0, 0"})
    void lossDecreasesAndExportMatchesJavaForward(int hidden2, int pitchWidth, @TempDir Path dir) throws Exception {
        List<Track> tracks = List.of(ToyTracks.track("a", Track.TRAIN, 1, 1500), ToyTracks.track("b", Track.TRAIN, 2, 1500));
        WindowPooling pooling = new WindowPooling(256, 22, 5, pitchWidth);
        AnticipatorInputs inputs = new AnticipatorInputs(pooling);
        TrainingConfig cfg = new TrainingConfig(16, hidden2, 3, 32, 3e-3, 1e-4, 0.05, 1.0, 0, 2, 7L);
        AnticipatorTrainer.Result r = new AnticipatorTrainer(inputs, null).train(tracks, cfg);
        assertTrue(r.epochLoss()[2] < r.epochLoss()[0], "loss " + java.util.Arrays.toString(r.epochLoss()));

        // deterministic for a seed
        AnticipatorTrainer.Result again = new AnticipatorTrainer(inputs, null).train(tracks, cfg);
        assertArrayEquals(r.net().params(), again.net().params());

        byte[] onnx = AnticipatorOnnxExporter.export(r.net(), inputs, contract, Map.of("test", "smoke"));
        Path model = Files.write(dir.resolve("a.onnx"), onnx);
        try (AnticipatorStructureProvider p = new AnticipatorStructureProvider()) {
            p.open(new ProviderContext(contract, 1, 0, Map.of("model", model.toString())));
            SplittableRandom rnd = new SplittableRandom(5);
            for (int trial = 0; trial < 3; trial++) {
                float[] audio = new float[256 * 22];
                float[] beat = new float[256 * 5];
                float[] pitch = new float[256 * 12];
                for (int i = 0; i < audio.length; i++) {
                    audio[i] = (float) rnd.nextDouble();
                }
                for (int i = 0; i < pitch.length; i++) {
                    pitch[i] = (float) (2 * rnd.nextDouble());
                }
                for (int i = 0; i < beat.length; i++) {
                    beat[i] = (float) (rnd.nextDouble() - 0.5);
                }
                StructureState s = p.process(new StructureInput(300, 7.0, FeatureWindow.of(audio, 256, 22),
                        FeatureWindow.of(beat, 256, 5), new BeatClockState(7.0, 0.5, 0.2, 14, 1, null),
                        FeatureWindow.of(pitch, 256, 12)));
                // the provider starts a fresh song context (hop index not after the last one) over the window's
                // frames, with pitch frames only when its model takes them
                SongContext context = new SongContext();
                for (int f = 0; f < 256; f++) {
                    context.push(audio, f * 22, beat, f * 5, pitchWidth > 0 ? pitch : null, f * 12);
                }
                double[] x = new double[inputs.size()];
                inputs.input(audio, beat, pitch, context.features(), x);
                AnticipatorNet.Scratch sc = r.net().scratch();
                r.net().forward(x, sc);
                double max = Double.NEGATIVE_INFINITY;
                for (double l : sc.sectionLogits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (double l : sc.sectionLogits) {
                    sum += Math.exp(l - max);
                }
                for (int c = 0; c < 8; c++) {
                    assertEquals(Math.exp(sc.sectionLogits[c] - max) / sum, s.sectionProb(c), 1e-4, "section " + c);
                }
                double running = 0;
                for (int k = 0; k < 5; k++) {
                    running = Math.max(running, 1 / (1 + Math.exp(-sc.hazardLogits[k])));
                    assertEquals(running, s.hazardProb(k), 1e-4, "hazard " + k);
                }
            }
        }
    }

    @Test
    void prefixPoolingEqualsWindowPoolingIncludingStreamStart() {
        Track t = ToyTracks.track("a", Track.TRAIN, 3, 400);
        WindowPooling pooling = new WindowPooling(256, 22, 5, 12);
        double[] prefix = pooling.prefixSums(t);
        for (int hop : new int[]{0, 10, 255, 256, 399}) {
            float[] audio = new float[256 * 22];
            float[] beat = new float[256 * 5];
            float[] pitch = new float[256 * 12];
            for (int row = 0; row < 256; row++) {
                int src = hop - 255 + row;
                if (src >= 0) {
                    System.arraycopy(t.audioFeatures(), src * 22, audio, row * 22, 22);
                    System.arraycopy(t.beatFeatures(), src * 5, beat, row * 5, 5);
                    System.arraycopy(t.pitchFeatures(), src * 12, pitch, row * 12, 12);
                }
            }
            double[] a = new double[pooling.outputSize()];
            double[] b = new double[pooling.outputSize()];
            pooling.pool(prefix, hop, a);
            pooling.pool(audio, beat, pitch, b);
            assertArrayEquals(b, a, 1e-5, "hop " + hop);
        }
    }
}
