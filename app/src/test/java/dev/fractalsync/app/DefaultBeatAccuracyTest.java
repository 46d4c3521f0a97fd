package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.engine.EngineListener;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.evaluation.BeatEvaluation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Guards the default beat tracker's quality on full mixes (the generated songs), where the default model was chosen. */
class DefaultBeatAccuracyTest {
    @Test
    void defaultBeatNetTracksGeneratedSongs() throws Exception {
        try (FractalSyncEngine engine = FractalSyncEngine.builder().build()) {
            assertEquals("beatnet", engine.beatProvider().id());
            for (SongSpec spec : new SongSpec[]{SongSpec.demo(), SongSpec.random(2003)}) {
                DemoSong song = DemoSong.render(spec);
                List<Double> beats = new ArrayList<>();
                try (AudioFileReader audio = AudioFileReader.ofSamples(song.samples(), song.sampleRate(), "song")) {
                    engine.analyze(audio, new EngineListener() {
                        @Override
                        public void onBeat(dev.fractalsync.api.BeatEvent beat) {
                            beats.add(beat.tSec());
                        }
                    }, null);
                }
                BeatEvaluation.Score score = BeatEvaluation.evaluate(song.truth().beats(),
                        beats.stream().mapToDouble(Double::doubleValue).toArray(), 5.0);
                assertTrue(score.fMeasure() >= 0.9, "seed " + spec.seed() + ": F " + score.fMeasure());
                assertEquals(spec.bpm(), score.estimatedBpm(), spec.bpm() * 0.04, "tempo of seed " + spec.seed());
            }
        }
    }
}
