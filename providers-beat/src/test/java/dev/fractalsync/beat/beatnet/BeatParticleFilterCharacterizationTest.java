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
        // recorded from BeatParticleFilter as of e30eb17 (723 lines, before the split); re-recorded when the meter
        // stage changed on purpose (secondary accents, halved bars, tempered activations: docs/downbeats.md)
        EXPECTED.put("PARTICLES/waltz",
                "94bd18b5a47b595cd923fbb7ee40bf1061bd0cb3dc078191a562de9f89d2e9f9");
        EXPECTED.put("PARTICLES/waltz/chroma",
                "d28c3d69a9beb84b7934274786a71016122d0acf3c6d9ca6c5f0a176d7dcd63f");
        EXPECTED.put("PARTICLES/clicks",
                "af0820e80bd21dcc3f2a396292cc01fd4692a6d6c43c7acff9b5652bfc6ae8f3");
        EXPECTED.put("PARTICLES/clicks/chroma",
                "0c626ac310a258f96700187525cf6cf87fd98f680b19ffbe4c9b6504a31e35ba");
        EXPECTED.put("EXACT/waltz",
                "41eb7ddccc3a9a8261cc65d64239a111ce12cff8e326fac62517cb940c090fc5");
        EXPECTED.put("EXACT/waltz/chroma",
                "cd92b2abab5210a074026cba391e0730024d25c3c494f1834eb08148278bf8bf");
        EXPECTED.put("EXACT/clicks",
                "c40faa49b3be58f18edf821c757157057959e099eb9bb066ca79e92ca9ad23a5");
        EXPECTED.put("EXACT/clicks/chroma",
                "f748e3fee7f09c0c06f231732d78d00c7727595d0f9cd07c8fce76f1ba14d86e");
        EXPECTED.put("EXACT_MADMOM/waltz",
                "ff401694d5df4490a7203bad050e235d72e6bce6a12ad6149fb66e02d8e97098");
        EXPECTED.put("EXACT_MADMOM/waltz/chroma",
                "07c0931c1a639a7390e812ee0b1151c75456f4995530ee38a49fddef5a5c92eb");
        EXPECTED.put("EXACT_MADMOM/clicks",
                "9b081cdabd369cb87d8bd0aabc07a151ae91e011b5864f0321d1c1c27042b241");
        EXPECTED.put("EXACT_MADMOM/clicks/chroma",
                "1ffcc2250afab4ba0f35e126e3b78985f9a706830e6adef6351bcb102eff0fa5");
        EXPECTED.put("PARTICLES/seed12345/waltz/chroma",
                "2af5537adf2f69442460a18c6f8a77ee15b13e322706c2efa6dc1ca9c8096023");
        EXPECTED.put("PARTICLES/meters4/clicks/chroma",
                "a90cd8da9b16b58cc29edd4742280e8bead7942129cf59a79beba83c7f87f52c");
        EXPECTED.put("PARTICLES/meters34/waltz/chroma",
                "5c65278c01e3c6ff2b3d2502167c37d36aab70d8d5eaeccaf56ffce96acdec13");
        EXPECTED.put("PARTICLES/60-180bpm/clicks",
                "581c2c68eba48c212833d89a643ab466bfdce19a17c27d8e9035a8b8a3df3d4d");
        EXPECTED.put("PARTICLES/100fps-logspaced/clicks/chroma",
                "3a7bdd61555e83281d60a1df762719c57d5cc68a1cd9fc996a9835642e6bd864");
        EXPECTED.put("EXACT/meters4/clicks/chroma",
                "887eb12bd6d6a4b32cb7e3b3b68bbf6b279c8b0aca146d710ed0a52dc545d766");
        EXPECTED.put("EXACT/meters34/waltz/chroma",
                "7edbf391dc0d5bf293512d16944bedb23f36192a45c32984733470c0c54e1382");
        EXPECTED.put("EXACT/60-180bpm/clicks",
                "edef78d910d0ed9a57500d0556d154584593911d105233c571fae14f42bf2f2c");
        EXPECTED.put("EXACT/100fps-logspaced/clicks/chroma",
                "82a987f0f252f4ab34433a6b17c164511f56aa949f3ae385bcb764edf90c1bd6");
        EXPECTED.put("EXACT_MADMOM/meters4/clicks/chroma",
                "fbe1523948fc8f5f11bdf3446e935b7a49af70706ef9960c62a21bf46bfd4a73");
        EXPECTED.put("EXACT_MADMOM/meters34/waltz/chroma",
                "0b17dd86b30a36931a4f1cfcba729ecced7fe386df29a8cd6a2bd4a6baea274e");
        EXPECTED.put("EXACT_MADMOM/60-180bpm/clicks",
                "4e3e72a1cfbe0b097e25ba3d973558cd176feea0f7b6db04948a49f42dbaf3f3");
        EXPECTED.put("EXACT_MADMOM/100fps-logspaced/clicks/chroma",
                "860c00c5248de54888b1a9297953b5c6634221d38ad68fb50948958662e065ff");
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
