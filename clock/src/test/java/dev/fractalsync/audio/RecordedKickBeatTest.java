package dev.fractalsync.audio;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.beat.beatnet.BeatNetProvider;
import dev.fractalsync.beat.eval.BeatEvaluation;
import dev.fractalsync.beat.eval.OfflineBeatRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** BeatNet on a recorded 808 kick clip read through the engine's audio reader (here because clock reads files). */
class RecordedKickBeatTest {
    @Test
    void beatnetTracksTheKickClip() throws Exception {
        ModelContract contract = ModelContract.v1();
        MonoAudio audio = AudioFiles.readMono(Path.of(RecordedKickBeatTest.class.getResource("808kick120bpm.wav").toURI()),
                contract.sampleRate());
        double[] truth = new double[20];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = 0.5 * i;
        }
        BeatNetProvider provider = new BeatNetProvider();
        provider.open(new ProviderContext(contract, 1, 7L, Map.of("model", "1")));
        try {
            OfflineBeatRun.Result r = OfflineBeatRun.run(provider, audio.samples(), contract.sampleRate(), contract.hop());
            BeatEvaluation.Score s = BeatEvaluation.evaluate(truth, r.beats(), 3.0);
            assertTrue(s.fMeasure() >= 0.8, "F-measure " + s + " beats " + Arrays.toString(r.beats()));
        } finally {
            provider.close();
        }
    }
}
