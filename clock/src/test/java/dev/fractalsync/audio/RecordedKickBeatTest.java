package dev.fractalsync.audio;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.evaluation.BeatEvaluation;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** BeatNet on a recorded 808 kick clip read through the engine's audio reader and offline entry (here because clock reads files). */
class RecordedKickBeatTest {
    @Test
    void beatnetTracksTheKickClip() throws Exception {
        ModelContract contract = ContractFiles.v1();
        MonoAudio audio = AudioFiles.readMono(Path.of(RecordedKickBeatTest.class.getResource("808kick120bpm.wav").toURI()),
                contract.sampleRate());
        double[] truth = new double[20];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = 0.5 * i;
        }
        List<Double> beats = new ArrayList<>();
        try (FractalSyncEngine engine = FractalSyncEngine.builder().beat("beatnet").beatOption("model", "1").seed(7)
                .structure(NeutralStructureProvider.ID).onBeat(b -> beats.add(b.tSec())).build();
             AudioFileReader reader = AudioFileReader.ofSamples(audio.samples(), contract.sampleRate(), "808 kick")) {
            engine.analyze(reader, null, null);
        }
        double[] est = beats.stream().mapToDouble(Double::doubleValue).toArray();
        BeatEvaluation.Score s = BeatEvaluation.evaluate(truth, est, 3.0);
        assertTrue(s.fMeasure() >= 0.8, "F-measure " + s + " beats " + Arrays.toString(est));
    }
}
