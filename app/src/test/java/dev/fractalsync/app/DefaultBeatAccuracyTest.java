package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.beat.beatnet.BeatNetProvider;
import dev.fractalsync.beat.eval.BeatEvaluation;
import dev.fractalsync.beat.eval.OfflineBeatRun;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guards the default beat tracker's quality on full mixes (the generated songs), where the default model was chosen. */
class DefaultBeatAccuracyTest {
    @Test
    void defaultBeatNetTracksGeneratedSongs() throws Exception {
        ModelContract contract = ModelContract.v1();
        for (SongSpec spec : new SongSpec[]{SongSpec.demo(), SongSpec.random(2003)}) {
            DemoSong song = DemoSong.render(spec);
            BeatNetProvider p = new BeatNetProvider();
            try {
                p.open(new ProviderContext(contract, 1, 0, Map.of()));
                OfflineBeatRun.Result run = OfflineBeatRun.run(p, song.samples(), contract.sampleRate(), contract.hop());
                BeatEvaluation.Score score = BeatEvaluation.evaluate(song.truth().beats(), run.beats(), 5.0);
                assertTrue(score.fMeasure() >= 0.9, "seed " + spec.seed() + ": F " + score.fMeasure());
                assertEquals(spec.bpm(), score.estimatedBpm(), spec.bpm() * 0.04, "tempo of seed " + spec.seed());
            } finally {
                p.close();
            }
        }
    }
}
