package dev.fractalsync.audio.demo;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.MonoAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoSongTest {
    private static final DemoSong DEMO = DemoSong.render(SongSpec.demo());

    @TempDir
    Path tmp;

    @Test
    void renderingIsDeterministic() {
        assertArrayEquals(DEMO.samples(), DemoSong.render(SongSpec.demo()).samples());
    }

    @Test
    void truthIsConsistentWithTheSpec() {
        SongTruth t = DEMO.truth();
        SongSpec spec = SongSpec.demo();
        int bars = spec.plan().stream().mapToInt(SongSpec.Part::bars).sum();
        assertEquals(bars * 4, t.beats().length);
        assertEquals(bars, t.downbeats().length);
        for (int i = 1; i < t.beats().length; i++) {
            assertEquals(60.0 / 124, t.beats()[i] - t.beats()[i - 1], 1e-9);
        }
        for (int i = 0; i < t.downbeats().length; i++) {
            assertEquals(t.beats()[4 * i], t.downbeats()[i], 1e-12);
        }
        assertEquals(0.0, t.sections().get(0).start());
        for (int i = 1; i < t.sections().size(); i++) {
            assertEquals(t.sections().get(i - 1).end(), t.sections().get(i).start(), 1e-9, "sections are contiguous");
        }
        assertEquals(t.duration(), t.sections().get(t.sections().size() - 1).end(), 1e-9);
        assertEquals(t.duration() * DemoSong.SAMPLE_RATE, DEMO.samples().length, 1);
        assertEquals("chorus", t.labelAt(t.sections().stream().filter(s -> s.label().equals("chorus")).findFirst().orElseThrow().start() + 1));
    }

    private static double rms(float[] x, double from, double to) {
        int a = (int) (from * DemoSong.SAMPLE_RATE);
        int b = (int) (to * DemoSong.SAMPLE_RATE);
        double s = 0;
        for (int i = a; i < b; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s / (b - a));
    }

    @Test
    void sectionsDifferInEnergyAndBeatsAreAudible() {
        float[] x = DEMO.samples();
        SongTruth t = DEMO.truth();
        SectionSpan intro = t.sections().stream().filter(s -> s.label().equals("intro")).findFirst().orElseThrow();
        SectionSpan chorus = t.sections().stream().filter(s -> s.label().equals("chorus")).findFirst().orElseThrow();
        assertTrue(rms(x, chorus.start(), chorus.end()) > 1.5 * rms(x, intro.start(), intro.end()), "chorus is louder than intro");
        double onBeat = 0;
        double offBeat = 0;
        double spb = 60.0 / t.bpm();
        for (double b : Arrays.copyOfRange(t.beats(), 8, 120)) {
            onBeat += rms(x, b, b + 0.04);
            offBeat += rms(x, b + spb * 0.35, b + spb * 0.35 + 0.04);
        }
        assertTrue(onBeat > 1.3 * offBeat, "beats carry transients: " + onBeat + " vs " + offBeat);
    }

    @Test
    void randomSongsAreVariedAndValid() {
        Set<SectionLabel> labels = EnumSet.noneOf(SectionLabel.class);
        double minBpm = 999;
        double maxBpm = 0;
        int withPre = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SongSpec s = SongSpec.random(seed);
            assertEquals(s, SongSpec.random(seed));
            minBpm = Math.min(minBpm, s.bpm());
            maxBpm = Math.max(maxBpm, s.bpm());
            s.plan().forEach(p -> labels.add(p.label()));
            if (s.plan().stream().anyMatch(p -> p.label() == SectionLabel.PRE_CHORUS)) {
                withPre++;
            }
            assertTrue(s.bpm() >= 70 && s.bpm() <= 180);
        }
        assertTrue(maxBpm - minBpm > 60, "tempo range " + minBpm + ".." + maxBpm);
        assertTrue(withPre > 5 && withPre < 35, "pre-chorus in some songs: " + withPre);
        assertTrue(labels.containsAll(EnumSet.of(SectionLabel.INTRO, SectionLabel.VERSE, SectionLabel.PRE_CHORUS,
                SectionLabel.CHORUS, SectionLabel.OUTRO)));
    }

    @Test
    void writesWavAndTruthJson() throws Exception {
        Path wav = DEMO.write(tmp, "demo");
        MonoAudio back = AudioFiles.readMono(wav, 48_000);
        assertEquals(DEMO.samples().length, back.samples().length);
        SongTruth truth = StateJson.read(Files.readString(tmp.resolve("demo.truth.json")), SongTruth.class);
        assertArrayEquals(DEMO.truth().beats(), truth.beats());
        assertEquals(DEMO.truth().sections(), truth.sections());
    }
}
