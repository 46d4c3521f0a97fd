package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.tools.midi.ListeningConditions.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioSystem;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ListeningConditionsTest {
    private static final double[] CLICKS = {0.5, 1.25, 2.0, 2.75, 3.5};

    private static double peakDb(float[] x) {
        return 20 * Math.log10(WavIO.peak(x));
    }

    @Test
    void everyConditionKeepsTheTimingAndDoesWhatItSays(@TempDir Path dir) throws Exception {
        assumeTrue(Clicks.onPath("sox") && Clicks.onPath("ffmpeg"), "sox or ffmpeg is not installed");
        float[] song = Clicks.clickTrack(4.0, CLICKS);
        ListeningConditions conditions = new ListeningConditions();
        for (Condition c : Condition.values()) {
            Path out = dir.resolve(c.id() + ".wav");
            conditions.write(song, c, out);
            MonoAudio audio = WavIO.readMono(out);
            int rate = audio.sampleRate();
            for (double t : CLICKS) {
                assertEquals(Clicks.onsetNear(song, 48_000, t), Clicks.onsetNear(audio.samples(), rate, t), 0.001,
                        c.id() + ": click at " + t + " s");
            }
            switch (c) {
                case CLEAN -> assertEquals(-1.0, peakDb(audio.samples()), 0.1);
                case M30 -> assertEquals(-31.0, peakDb(audio.samples()), 0.2);
                case M20 -> assertEquals(-21.0, peakDb(audio.samples()), 0.1);
                case P6_CLIPPED -> assertEquals(0.0, peakDb(audio.samples()), 0.01);
                case RATE_44K -> assertEquals(44_100, rate);
                case ANTIPHASE -> {
                    assertEquals(2, AudioSystem.getAudioFileFormat(out.toFile()).getFormat().getChannels());
                    assertEquals(-1.0 - 20 * Math.log10(4), peakDb(audio.samples()), 0.3, "mono mix of x and -x/2");
                }
                default -> {
                }
            }
        }
    }

    @Test
    void unknownConditionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Condition.byId("loud"));
        assertEquals(true, e.getMessage().contains("unknown condition 'loud'") && e.getMessage().contains("m20db"),
                e.getMessage());
    }
}
