package dev.fractalsync.dsp;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputLevelTest {
    private static final int HOP = 1024;
    private static final double HOP_SECONDS = HOP / 48000.0;

    /** 60 s of a song-like signal: a 2 Hz pulse train of noise bursts over a tone, with a 10 dB quieter 10 s passage. */
    private static float[] song(double gainDb) {
        float[] x = new float[48000 * 60];
        SplittableRandom r = new SplittableRandom(3);
        double g = Math.pow(10, gainDb / 20);
        for (int i = 0; i < x.length; i++) {
            double t = i / 48000.0;
            double burst = (t % 0.5) < 0.05 ? 0.5 * (r.nextDouble() * 2 - 1) : 0;
            double section = t > 20 && t < 30 ? 0.3 : 1.0;
            x[i] = (float) (g * section * (burst + 0.1 * Math.sin(2 * Math.PI * 220 * t)));
        }
        return x;
    }

    private static float[] followed(float[] x) {
        return InputLevel.leveled(x, HOP, HOP_SECONDS).followed();
    }

    private static double rmsDb(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return 10 * Math.log10(s / (to - from));
    }

    @Test
    void theSameSongAtAnotherLevelComesOutTheSame() {
        float[] reference = followed(song(0));
        for (double db : new double[] {-20, -10, 6}) {
            float[] other = followed(song(db));
            double maxDiff = 0;
            for (int i = 0; i < reference.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(other[i] - reference[i]));
            }
            assertTrue(maxDiff < 1e-4, db + " dB: samples differ by up to " + maxDiff);
        }
        // at -30 dB the tone-only hops of the quiet passage (-63 dBFS) fall below the gate and stop moving the level,
        // so only the loud parts before it come out the same
        float[] quietest = followed(song(-30));
        assertEquals(rmsDb(reference, 0, 48000 * 20), rmsDb(quietest, 0, 48000 * 20), 0.01);
        assertEquals(rmsDb(reference, 48000 * 30, 48000 * 60), rmsDb(quietest, 48000 * 30, 48000 * 60), 1.5);
    }

    @Test
    void steersTheProgramLevelTowardTheTargetAndKeepsTheQuietPassageQuieter() {
        float[] out = followed(song(-25));
        double loud = rmsDb(out, 48000 * 10, 48000 * 20);
        double quiet = rmsDb(out, 48000 * 22, 48000 * 30);
        assertEquals(InputLevel.TARGET_DBFS, loud, 3.0, "loud part");
        assertTrue(loud - quiet > 6, "a 10 dB quieter passage stays more than 6 dB quieter: " + (loud - quiet));
    }

    @Test
    void heldGainIsOneConstantPerSongAndTheSameSongAtAnyLevelGivesTheSameSamples() {
        float[] song = song(0);
        float[] reference = InputLevel.leveled(song, HOP, HOP_SECONDS).held();
        double referenceDb = rmsDb(reference, 0, 48000 * 8);
        assertEquals(InputLevel.TARGET_DBFS, referenceDb, 3.0, "the first seconds arrive near the target");
        for (double db : new double[] {-30, -20, -10, 6}) {
            float[] louder = song(db);
            float[] held = InputLevel.leveled(louder, HOP, HOP_SECONDS).held();
            for (int i = 0; i < held.length; i += 499) {
                assertEquals(reference[i], held[i], 1e-4 * (1 + Math.abs(reference[i])), db + " dB, sample " + i);
            }
        }
        float[] quiet = song(-35);
        float[] held = InputLevel.leveled(quiet, HOP, HOP_SECONDS).held();
        int after = 48000 * 20; // the first 8 s above the gate are over (the gaps between bursts are below it)
        for (int i = after; i < quiet.length; i += 997) {
            if (Math.abs(quiet[i]) > 1e-6) {
                assertEquals(held[after] / quiet[after], held[i] / quiet[i], 1e-3 * Math.abs(held[after] / quiet[after]),
                        "one constant gain after the first seconds (sample " + i + ")");
            }
        }
        double quietPart = rmsDb(held, 48000 * 22, 48000 * 30);
        double loudPart = rmsDb(held, 48000 * 40, 48000 * 50);
        assertEquals(rmsDb(quiet, 48000 * 40, 48000 * 50) - rmsDb(quiet, 48000 * 22, 48000 * 30), loudPart - quietPart, 0.01,
                "the quiet passage keeps its distance to the loud part");
    }

    @Test
    void heldGainLiftsFurtherThanTheFollowedGainButNeverLiftsNearSilence() {
        InputLevel stage = new InputLevel(HOP_SECONDS);
        float[] hop = new float[HOP];
        for (int h = 0; h < 1000; h++) {
            java.util.Arrays.fill(hop, 0.002f); // -54 dBFS: a song played very quietly with a soft start
            stage.apply(hop, HOP);
        }
        float[] probe = {1f};
        stage.applyHeld(probe, 1);
        assertEquals(InputLevel.TARGET_DBFS - 20 * Math.log10(0.002), 20 * Math.log10(probe[0]), 0.01, "held: +34 dB");
        assertEquals(InputLevel.MAX_BOOST_DB, stage.gainDb(), 0.01, "followed: at its limit");

        InputLevel quiet = new InputLevel(HOP_SECONDS);
        for (int h = 0; h < 1000; h++) {
            java.util.Arrays.fill(hop, 0.001f); // -60 dBFS: below the gate
            quiet.apply(hop, HOP);
        }
        probe[0] = 1f;
        quiet.applyHeld(probe, 1);
        assertEquals(1f, probe[0], "near-silence is not lifted");
    }

    @Test
    void aLongSilenceStartsANewSong() {
        InputLevel stage = new InputLevel(HOP_SECONDS);
        float[] hop = new float[HOP];
        for (int h = 0; h < 1000; h++) {
            java.util.Arrays.fill(hop, 0.005f); // -46 dBFS: lifted to the target
            stage.apply(hop, HOP);
        }
        float[] probe = {1f};
        stage.applyHeld(probe, 1);
        assertEquals(InputLevel.TARGET_DBFS - 20 * Math.log10(0.005), 20 * Math.log10(probe[0]), 0.01);
        java.util.Arrays.fill(hop, 0f);
        for (int h = 0; h < (int) (InputLevel.NEW_SONG_SILENCE_SECONDS / HOP_SECONDS) + 1; h++) {
            stage.apply(hop, HOP);
        }
        for (int h = 0; h < 1000; h++) {
            java.util.Arrays.fill(hop, 0.3f); // a loud new song (-10.5 dBFS): brought down to the target
            stage.apply(hop, HOP);
        }
        probe[0] = 1f;
        stage.applyHeld(probe, 1);
        assertEquals(InputLevel.TARGET_DBFS - 20 * Math.log10(0.3), 20 * Math.log10(probe[0]), 0.01,
                "the held gain of the quiet song does not carry over");
    }

    @Test
    void nearSilenceIsNeverBoostedAndBoostIsBounded() {
        float[] noise = new float[48000 * 60];
        SplittableRandom r = new SplittableRandom(1);
        double amplitude = Math.pow(10, -60 / 20.0) * Math.sqrt(3); // uniform noise at -60 dBFS RMS
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (amplitude * (r.nextDouble() * 2 - 1));
        }
        assertArrayEquals(noise, followed(noise), "below the gate: untouched");

        InputLevel stage = new InputLevel(HOP_SECONDS);
        float[] hop = new float[HOP];
        for (int h = 0; h < 3000; h++) {
            for (int i = 0; i < HOP; i++) {
                hop[i] = (float) (0.002 * Math.sin(2 * Math.PI * 440 * i / 48000.0)); // -57 dBFS: needs +37 dB
            }
            stage.apply(hop, HOP);
        }
        assertEquals(InputLevel.MAX_BOOST_DB, stage.gainDb(), 1e-3);
        stage.reset();
        assertEquals(0.0, stage.gainDb());
    }

    @Test
    void streamingAndWholeSignalAgreeAndPausesKeepTheGain() {
        float[] x = song(-12);
        float[] whole = followed(x);
        InputLevel stage = new InputLevel(HOP_SECONDS);
        float[] hop = new float[HOP];
        for (int h = 0; h * HOP < x.length; h++) {
            HopCutter.copyHop(x, h, HOP, hop);
            stage.apply(hop, HOP);
            for (int i = 0; i < HOP && h * HOP + i < x.length; i++) {
                assertEquals(whole[h * HOP + i], hop[i], "hop " + h);
            }
        }
        double before = stage.gainDb();
        float[] zeros = new float[HOP];
        for (int h = 0; h < 500; h++) {
            stage.apply(zeros, HOP);
        }
        assertEquals(before, stage.gainDb(), "digital silence does not move the level");
        assertEquals(0f, zeros[0]);
    }
}
