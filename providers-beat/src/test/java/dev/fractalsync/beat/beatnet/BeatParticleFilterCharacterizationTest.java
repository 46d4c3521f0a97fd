package dev.fractalsync.beat.beatnet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Pins the complete output of {@link BeatParticleFilter}, to the bit, in every stage and with every option: a
 * SHA-256 over everything the filter publishes after every frame (event, beat time, downbeat probability and flags,
 * clock, period in seconds and frames, concentration, regularity, predicted bar starts), also across a reset. The
 * inputs are the recorded activations of the waltz in {@link BeatParticleFilterTest} and a synthetic click track
 * with jitter, missed beats, strong off-beats, a silence and tempo and meter changes, each with and without chroma
 * and with a few invalid values (NaN, infinite, negative, above 1).
 * <p>
 * The hashes were recorded from the code before it was split into classes: a change in any hash is a change in
 * behaviour, not something to re-record in a refactoring. (They depend on the bits of {@code Math.exp}, {@code pow},
 * {@code sin}, {@code cos} and {@code atan2}; a JVM whose intrinsics round differently would need a fresh recording,
 * made from unchanged code.)
 */
class BeatParticleFilterCharacterizationTest {
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // recorded from BeatParticleFilter as of e30eb17 (723 lines, before the split)
        EXPECTED.put("PARTICLES/waltz",
                "d639a75d418f7022a3a0df0ab64e21d2ceb9c4c626bfb0cd62091a8d5afdb076");
        EXPECTED.put("PARTICLES/waltz/chroma",
                "0c2d6dae25d486bb35688893460b72e882a93c86f9cc896502941acc47f5c00c");
        EXPECTED.put("PARTICLES/clicks",
                "65c94cc5696f36f17a08c53da553c2dbdbf4ec303148ede71d550b5ff04f646b");
        EXPECTED.put("PARTICLES/clicks/chroma",
                "1b0eceb4a585c44aaceed7fd2525b48e410383c1b041beab48efc5f4664f0aa8");
        EXPECTED.put("EXACT/waltz",
                "9a2989ce44e5aa4c361ad4bc8da35d54b6686caf9bcf1bd57f27a8dfa9851e62");
        EXPECTED.put("EXACT/waltz/chroma",
                "d766de493c68e928a9adc93521ffc5c48b574d546b8fcb9a998d5b9ea1b4cd2d");
        EXPECTED.put("EXACT/clicks",
                "6913c2c8f09a3b5e1e2fe94b06aac8683cc6ae95f195a1882331f73d21fb6a57");
        EXPECTED.put("EXACT/clicks/chroma",
                "cbe860c8c0076adea2cf41bbfa7b806c963d5ada297a6d16460716b74a1f1124");
        EXPECTED.put("EXACT_MADMOM/waltz",
                "0dd11ee4c756091c105a80e891dac2ef59b3acfc5ccda79529aadd536d379aae");
        EXPECTED.put("EXACT_MADMOM/waltz/chroma",
                "272d398d25607e691f8c975dca06ace0f2c5aaf3d739af6197cc978ead111765");
        EXPECTED.put("EXACT_MADMOM/clicks",
                "91c10f0dff450109e338db9bf9d00ff7c4e58b31589aa923a819227ea15ed1a4");
        EXPECTED.put("EXACT_MADMOM/clicks/chroma",
                "d4834543d0523709a39c17f226719bd732c511ad927b35faef32f08c710e4104");
        EXPECTED.put("PARTICLES/seed12345/waltz/chroma",
                "42f1d8802f3918c343a12103512a76e129c85144152c3ba1fa98244667bec9d7");
        EXPECTED.put("PARTICLES/meters4/clicks/chroma",
                "80dc869d5f0dc03a6b35f735f5c73ce51967d2fb01175bb4e85a67e036ceda22");
        EXPECTED.put("PARTICLES/meters34/waltz/chroma",
                "bc48d7e9426d33a3381164ddf48236f6c019ee126ae69443a35d26d104240cb4");
        EXPECTED.put("PARTICLES/60-180bpm/clicks",
                "27982abdc403b82e07e4d8ad2d6b78abbe93440c7e395e72cf08f6775ad0fd8c");
        EXPECTED.put("PARTICLES/100fps-logspaced/clicks/chroma",
                "e79c357e1ae7083c0f7f841fce8cc4c8ce5e0d81eb02a676562143a5092c4c9e");
        EXPECTED.put("EXACT/meters4/clicks/chroma",
                "19e6fd6f4e3df6ed50245f6b23f266a2bed9e9159cd79bba73f5b4faa9e59110");
        EXPECTED.put("EXACT/meters34/waltz/chroma",
                "011d2415a25d7247c0ac49669ed657383621bd26a0158fe8d3f2bee472b3b636");
        EXPECTED.put("EXACT/60-180bpm/clicks",
                "a4ab3b4a873c040937a7f28125469087df7ab46ebd4edc290a0a460135ff5997");
        EXPECTED.put("EXACT/100fps-logspaced/clicks/chroma",
                "9d9d09e64c436c834e2cd06b371d365faacc90affa1a4bf2ef8e8b0b6647ea6b");
        EXPECTED.put("EXACT_MADMOM/meters4/clicks/chroma",
                "81c07f27551f3618ca1ec37a2587de509b4afe7b1f18413eb26fd3541f255d18");
        EXPECTED.put("EXACT_MADMOM/meters34/waltz/chroma",
                "4ac80a4e7a520b7a5d4f91c167ff88dfb6a1775410db33b09d99bb79b3f2e263");
        EXPECTED.put("EXACT_MADMOM/60-180bpm/clicks",
                "3f8822c403766888c988d970d4e2cc71e4e715fe7931fd0d90348eef01af229a");
        EXPECTED.put("EXACT_MADMOM/100fps-logspaced/clicks/chroma",
                "b348b07e0bb719c9dc9bb0695a2e82dd6f57726ea86563a219fec2285d6875ec");
    }

    /** One filter configuration, run over one input. */
    private record Case(String name, double fps, double minBpm, double maxBpm, int[] meters, long seed,
                        BeatParticleFilter.Stage stage, String input, boolean chroma, int frames) {
        BeatParticleFilter filter() {
            return new BeatParticleFilter(fps, minBpm, maxBpm, meters, seed, stage);
        }
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        int[] meters = {2, 3, 4};
        for (BeatParticleFilter.Stage stage : BeatParticleFilter.Stage.values()) {
            for (String input : new String[]{"waltz", "clicks"}) {
                for (boolean chroma : new boolean[]{false, true}) {
                    cases.add(new Case(stage + "/" + input + (chroma ? "/chroma" : ""), 50, 55, 215, meters, 11,
                            stage, input, chroma, Integer.MAX_VALUE));
                }
            }
        }
        cases.add(new Case("PARTICLES/seed12345/waltz/chroma", 50, 55, 215, meters, 12345,
                BeatParticleFilter.Stage.PARTICLES, "waltz", true, Integer.MAX_VALUE));
        for (BeatParticleFilter.Stage stage : BeatParticleFilter.Stage.values()) {
            cases.add(new Case(stage + "/meters4/clicks/chroma", 50, 55, 215, new int[]{4}, 3, stage, "clicks", true,
                    Integer.MAX_VALUE));
            cases.add(new Case(stage + "/meters34/waltz/chroma", 50, 55, 215, new int[]{3, 4}, 3, stage, "waltz", true,
                    Integer.MAX_VALUE));
            cases.add(new Case(stage + "/60-180bpm/clicks", 50, 60, 180, meters, 5, stage, "clicks", false,
                    Integer.MAX_VALUE));
            // 100 fps, 15-300 BPM: 381 integer periods, more than MAX_TEMPI, so the periods are log-spaced
            cases.add(new Case(stage + "/100fps-logspaced/clicks/chroma", 100, 15, 300, meters, 9, stage, "clicks",
                    true, 1500));
        }
        return cases;
    }

    @Test
    void everyOutputOfEveryStageIsUnchanged() throws IOException {
        double[][] waltz = BeatParticleFilterTest.resource("waltz-s0016-activations.txt.gz");
        double[] waltzDowns = BeatParticleFilterTest.column(BeatParticleFilterTest.resource("waltz-s0016-downbeats.txt"));
        Input[] inputs = {waltzInput(waltz, waltzDowns), clickInput()};
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        for (Case c : cases()) {
            Input in = c.input.equals("waltz") ? inputs[0] : inputs[1];
            String hash = run(c.filter(), in, c.chroma, c.frames);
            expected.append(c.name).append(' ').append(EXPECTED.get(c.name)).append('\n');
            actual.append(c.name).append(' ').append(hash).append('\n');
        }
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void theLegacyConstructorsAreTheirStages() throws IOException {
        Input clicks = clickInput();
        assertEquals(run(new BeatParticleFilter(50, 55, 215, new int[]{2, 3, 4}, 11, BeatParticleFilter.Stage.PARTICLES),
                clicks, true, 2000), run(new BeatParticleFilter(50, 55, 215, new int[]{2, 3, 4}, 11), clicks, true, 2000));
        assertEquals(run(new BeatParticleFilter(50, 55, 215, new int[]{2, 3, 4}, 11, BeatParticleFilter.Stage.EXACT),
                clicks, true, 2000), run(new BeatParticleFilter(50, 55, 215, new int[]{2, 3, 4}, 4, true), clicks, true, 2000));
    }

    @Test
    void rejectsAnEmptyOrInvertedTempoRange() {
        assertThrows(IllegalArgumentException.class, () -> new BeatParticleFilter(50, 0, 215, new int[]{4}, 1));
        assertThrows(IllegalArgumentException.class, () -> new BeatParticleFilter(50, 120, 120, new int[]{4}, 1));
        assertThrows(IllegalArgumentException.class, () -> new BeatParticleFilter(50, Double.NaN, 215, new int[]{4}, 1));
    }

    /** Activations (beat, downbeat) and chroma per frame. */
    private record Input(double[][] activations, double[][] chroma) {
    }

    /**
     * Runs the whole input, resets, runs its first 1000 frames again, and returns the SHA-256 of every output after
     * every frame.
     */
    private static String run(BeatParticleFilter pf, Input in, boolean chroma, int maxFrames) {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(8 * 20);
        int frames = Math.min(maxFrames, in.activations.length);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                pf.reset();
                frames = Math.min(frames, 1000);
            }
            for (int f = 0; f < frames; f++) {
                double[] a = in.activations[f];
                BeatParticleFilter.Event e = chroma ? pf.step(a[0], a[1], in.chroma[f]) : pf.step(a[0], a[1]);
                buf.clear();
                buf.putInt(e.ordinal());
                buf.putDouble(pf.lastBeatTime());
                buf.putDouble(pf.lastDownbeatProbability());
                buf.put((byte) (pf.lastWasDownbeat() ? 1 : 0));
                buf.put((byte) (pf.anyBeat() ? 1 : 0));
                buf.putDouble(pf.time());
                buf.putLong(pf.framesSeen());
                buf.putDouble(pf.periodSeconds());
                buf.putDouble(pf.periodFrames());
                buf.putDouble(pf.concentration());
                buf.put((byte) (pf.regular(3, 0.1) ? 1 : 0));
                buf.put((byte) (pf.regular(5, 0.05) ? 1 : 0));
                for (int steps = 1; steps <= 4; steps++) {
                    buf.putDouble(pf.predictedDownbeatProbability(steps));
                }
                sha.update(buf.array(), 0, buf.position());
            }
        }
        BarPointerSpace space = pf.beatSpace();
        for (int t = 0; t < space.numTempi(); t++) {
            sha.update(ByteBuffer.allocate(4).putInt(space.interval(t)).array());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Chord roots of a progression (I IV V vi in C), one per bar. */
    private static final int[] ROOTS = {0, 5, 7, 9};

    /** A major (or, on the sixth, minor) triad on the bar's root, with deterministic noise. */
    private static double[] chord(int bar, SplittableRandom rnd) {
        double[] c = new double[BeatParticleFilter.CHROMA];
        int root = ROOTS[Math.floorMod(bar, ROOTS.length)];
        c[root] = 1;
        c[(root + (root == 9 ? 3 : 4)) % 12] = 0.8;
        c[(root + 7) % 12] = 0.6;
        for (int k = 0; k < c.length; k++) {
            c[k] += 0.2 * rnd.nextDouble();
        }
        return c;
    }

    /** Invalid values at a few frames: the filter must clamp them the same way. */
    private static void corrupt(double[][] act, double[][] chroma) {
        for (int f = 500; f < act.length; f += 997) {
            act[f][0] = Double.NaN;
            act[f + 1][1] = 1.5;
            act[f + 2][0] = -0.2;
            act[f + 3][1] = Double.POSITIVE_INFINITY;
            chroma[f][2] = Double.NaN;
            chroma[f + 1][4] = -1;
            chroma[f + 2][7] = Double.POSITIVE_INFINITY;
        }
    }

    /** The recorded waltz activations; chroma changes chord at its true downbeats. */
    private static Input waltzInput(double[][] recorded, double[] downbeats) {
        int n = recorded.length;
        double[][] act = new double[n][];
        double[][] chroma = new double[n][];
        SplittableRandom rnd = new SplittableRandom(16);
        int bar = 0;
        for (int f = 0; f < n; f++) {
            act[f] = recorded[f].clone();
            while (bar < downbeats.length && downbeats[bar] <= f / 50.0) {
                bar++;
            }
            chroma[f] = chord(bar, rnd);
        }
        corrupt(act, chroma);
        return new Input(act, chroma);
    }

    /**
     * An idealised CRNN on a click track, 80 s at 50 fps: 128 BPM in 4/4 with +-1 frame jitter, every 13th beat
     * missing and a strong off-beat now and then; 3 s of silence; 97 BPM in 3/4, then 90 BPM; a 200 BPM burst
     * (too fast: the tempo doubles or halves); weak and noisy throughout.
     */
    private static Input clickInput() {
        int n = 50 * 80;
        double[][] act = new double[n][2];
        double[][] chroma = new double[n][];
        SplittableRandom rnd = new SplittableRandom(31);
        for (int f = 0; f < n; f++) {
            act[f][0] = 0.01 + 0.08 * rnd.nextDouble();
            act[f][1] = 0.01 + 0.05 * rnd.nextDouble();
        }
        int bar = 0;
        int beat = 0;
        double t = 0.2;
        while (t < 80) {
            double bpm;
            int meter;
            if (t < 25) {
                bpm = 128;
                meter = 4;
            } else if (t < 28) {
                t = 28;
                continue;
            } else if (t < 45) {
                bpm = 97;
                meter = 3;
            } else if (t < 65) {
                bpm = 90;
                meter = 3;
            } else if (t < 70) {
                bpm = 200;
                meter = 4;
            } else {
                bpm = 120;
                meter = 4;
            }
            double period = 60 / bpm;
            int f = (int) Math.rint(t * 50) + rnd.nextInt(3) - 1;
            boolean down = beat % meter == 0;
            if (down) {
                bar++;
            }
            if (f >= 0 && f < n && beat % 13 != 12) {
                double strength = 0.5 + 0.5 * rnd.nextDouble();
                if (down) {
                    act[f][1] = strength;
                    act[f][0] = 0.3 * strength;
                } else {
                    act[f][0] = strength;
                }
            }
            int offBeat = (int) Math.rint((t + period / 2) * 50);
            if (offBeat < n && beat % 7 == 3) {
                act[offBeat][0] = 0.85;
            }
            beat++;
            t += period;
            int until = Math.min(n, (int) Math.rint(t * 50));
            for (int g = Math.max(0, f); g < until; g++) {
                chroma[g] = chord(bar, rnd);
            }
        }
        for (int f = 0; f < n; f++) {
            if (chroma[f] == null) {
                chroma[f] = new double[BeatParticleFilter.CHROMA];   // silence: no chroma
            }
        }
        corrupt(act, chroma);
        return new Input(act, chroma);
    }
}
