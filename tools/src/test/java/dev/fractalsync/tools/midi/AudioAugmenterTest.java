package dev.fractalsync.tools.midi;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AudioAugmenterTest {
    private static final double[] CLICKS = {0.5, 1.25, 2.0, 2.75, 3.5};

    private static AudioAugmenter.Plan only(String step) {
        return switch (step) {
            case "eq" -> new AudioAugmenter.Plan(6.0, -6.0, null, null, null, null, null);
            case "reverb" -> new AudioAugmenter.Plan(null, null, new int[] {80, 50, 100, -2}, null, null, null, null);
            case "band" -> new AudioAugmenter.Plan(null, null, null, new int[] {150, 8000}, null, null, null);
            case "mp3" -> new AudioAugmenter.Plan(null, null, null, null, 96, null, null);
            case "noise" -> new AudioAugmenter.Plan(null, null, null, null, null, -40.0, null);
            case "gain" -> new AudioAugmenter.Plan(null, null, null, null, null, null, 6.0);
            default -> new AudioAugmenter.Plan(-4.0, 3.0, new int[] {50, 50, 60, -4}, new int[] {100, 12000}, 128, -50.0, 3.0);
        };
    }

    @Test
    void noAugmentationShiftsTiming() throws Exception {
        assumeTrue(Clicks.onPath("sox") && Clicks.onPath("ffmpeg"), "sox or ffmpeg is not installed");
        float[] clean = Clicks.clickTrack(4.0, CLICKS);
        AudioAugmenter aug = new AudioAugmenter();
        for (String step : List.of("eq", "reverb", "band", "mp3", "noise", "gain", "all")) {
            AudioAugmenter.Result r = aug.apply(clean, only(step), 3);
            assertEquals(clean.length, r.samples().length, step + " keeps the length");
            double worst = 0;
            for (double t : CLICKS) {
                worst = Math.max(worst, Math.abs(Clicks.onsetNear(r.samples(), 48_000, t) - Clicks.onsetNear(clean, 48_000, t)));
            }
            System.out.printf("augmentation %s: largest onset shift %.2f ms%n", step, worst * 1000);
            for (double t : CLICKS) {
                double before = Clicks.onsetNear(clean, 48_000, t);
                double after = Clicks.onsetNear(r.samples(), 48_000, t);
                assertEquals(before, after, 0.005, step + ": click at " + t + " moved " + (after - before) * 1000 + " ms; chain " + r.chain());
            }
            assertTrue(WavIO.peak(r.samples()) <= 1.0f, step);
        }
    }

    @Test
    void plansAreSeededAndVaried() {
        int clean = 0;
        int mp3 = 0;
        for (long seed = 0; seed < 100; seed++) {
            AudioAugmenter.Plan p = AudioAugmenter.plan(seed, 1);
            assertEquals(p.toString().replaceAll("\\[I@\\w+", ""), AudioAugmenter.plan(seed, 1).toString().replaceAll("\\[I@\\w+", ""));
            clean += p.clean() ? 1 : 0;
            mp3 += p.mp3Kbps() != null ? 1 : 0;
            if (p.gainDb() != null) {
                assertTrue(p.gainDb() >= -12 && p.gainDb() <= 6, "gain " + p.gainDb());
            }
            if (p.band() != null) {
                assertTrue(p.band()[0] >= 60 && p.band()[0] <= 150 && p.band()[1] >= 8000 && p.band()[1] <= 16000);
            }
        }
        assertTrue(clean >= 5 && clean <= 30, "clean " + clean);
        assertTrue(mp3 >= 20, "mp3 " + mp3);
    }

    @Test
    void versionTwoReachesNarrowBandsAndKeepsTheOtherSteps() {
        int banded = 0;
        int telephoneLike = 0;
        int boomy = 0;
        for (long seed = 0; seed < 200; seed++) {
            AudioAugmenter.Plan p = AudioAugmenter.plan(seed, 2);
            assertEquals(java.util.Arrays.toString(p.band()), java.util.Arrays.toString(AudioAugmenter.plan(seed).band()),
                    "the latest version is the default");
            if (p.band() != null) {
                banded++;
                assertTrue(p.band()[0] >= 40 && p.band()[0] <= 400 && p.band()[1] >= 3000 && p.band()[1] <= 16000,
                        java.util.Arrays.toString(p.band()));
                telephoneLike += p.band()[1] <= 7000 ? 1 : 0;
                boomy += p.band()[0] >= 150 ? 1 : 0;
            }
        }
        assertTrue(banded >= 80 && banded <= 120, "banded " + banded);
        assertTrue(telephoneLike >= 25, "low-passed at 7 kHz or below: " + telephoneLike);
        assertTrue(boomy >= 25, "high-passed at 150 Hz or above: " + boomy);
        assertThrows(IllegalArgumentException.class, () -> AudioAugmenter.plan(1, 3));
    }

    @Test
    void noiseIsSeeded() {
        float[] a = Clicks.clickTrack(1.0, 0.5);
        float[] b = a.clone();
        AudioAugmenter.addNoise(a, -45, 9);
        AudioAugmenter.addNoise(b, -45, 9);
        assertArrayEquals(a, b);
    }
}
