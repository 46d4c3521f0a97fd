package dev.fractalsync.render;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression pins of the kernel's present output: SHA-256 prefixes of the pixel arrays (colours and escape counts) of
 * fixed scenes, recorded from JuliaKernel as it was on main a992937, before it was split into a worker pool, float
 * and double lane kernels and a shader. They say nothing about whether the output is right (JuliaKernelTest compares
 * with the scalar reference for that); they say it did not change. A deliberate change of the kernel's arithmetic
 * or shading updates them, and its commit says why.
 * <p>
 * Every scene is rendered on one thread and on three, which must agree bit for bit.
 */
class JuliaKernelPixelPinTest {
    private static final Map<String, String> PINS = new LinkedHashMap<>();

    static {
        PINS.put("float lanes, cardioid edge, glow", "881bd29a88dbaa48466d01b5");
        PINS.put("float lanes, classic palette, odd size", "7e77054cb02a82e00a4d3faa");
        PINS.put("float lanes, scalar shading", "3bbade1d5b28c2873cd0b4fa");
        PINS.put("double lanes, cardioid edge, glow", "af89cdf4bf547e388665f49e");
        PINS.put("double lanes, deep zoom (auto)", "b255868f56c5069389004dc3");
        PINS.put("double lanes, |c| > 240 asked for float", "09ef8ff3961bcd8fb39d2b78");
        PINS.put("counts, float lanes", "3093d08c73fc63960480370b");
        PINS.put("counts, double lanes", "0b04e05e4a65ba2b1287168e");
        PINS.put("counts, odd sizes and small budgets", "fe9753a8d2c4513900284334");
        PINS.put("counts, absurd views and parameters", "891251f4fe22702e3706c56b");
        PINS.put("painter, synthetic song, supersampled", "88bdf5ac07d3aeddcb9126a9");
    }

    /** One scene: renders into a fresh array with the given kernel. */
    private interface Scene {
        int[] render(JuliaKernel kernel);
    }

    private static JuliaPalette glowPalette() {
        JuliaPalette palette = new JuliaPalette();
        palette.update(0.6, 0.85, 0.7, 0.1, new JuliaPalette.Shading(0.3, 1.2, 0.8, 3, 0.8, 0.4, 0.6));
        return palette;
    }

    private static final double[][] CS = {
            JuliaKernelTest.cardioid(0.97, 0.5), JuliaKernelTest.cardioid(1.02, 1.6), JuliaKernelTest.cardioid(0.97, 2.6),
            JuliaKernelTest.cardioid(1.02, 3.7), {-0.8, 0.156}, {-0.122, 0.745}, {0.285, 0.01}};

    private static int[] frames(int w, int h, double halfHeight, double rotation, int budget, JuliaPalette palette,
                                JuliaKernel kernel, JuliaKernel.Precision precision) {
        int[] all = new int[CS.length * w * h];
        int[] frame = new int[w * h];
        for (int k = 0; k < CS.length; k++) {
            kernel.render(frame, w, h, CS[k][0], CS[k][1], halfHeight, rotation + 0.4 * k, budget, palette, precision);
            System.arraycopy(frame, 0, all, k * w * h, w * h);
        }
        return all;
    }

    private static int[] counts(int w, int h, double halfHeight, int budget, JuliaKernel kernel,
                                JuliaKernel.Precision precision) {
        int[] all = new int[CS.length * w * h];
        int[] frame = new int[w * h];
        for (int k = 0; k < CS.length; k++) {
            kernel.escapeCounts(frame, w, h, CS[k][0], CS[k][1], halfHeight, 0.3 * k, budget, precision);
            System.arraycopy(frame, 0, all, k * w * h, w * h);
        }
        return all;
    }

    private static Map<String, Scene> scenes() {
        Map<String, Scene> scenes = new LinkedHashMap<>();
        scenes.put("float lanes, cardioid edge, glow",
                k -> frames(320, 181, 1.45, 0.3, 256, glowPalette(), k, JuliaKernel.Precision.AUTO));
        scenes.put("float lanes, classic palette, odd size", k -> {
            JuliaPalette classic = new JuliaPalette();
            classic.update(0.3, 0.9, 0.7, 0.0);
            return frames(241, 135, 1.3, 0.0, 400, classic, k, JuliaKernel.Precision.FLOAT);
        });
        scenes.put("float lanes, scalar shading", k -> {
            k.useScalarShading(true);
            try {
                return frames(160, 91, 1.45, 0.3, 200, glowPalette(), k, JuliaKernel.Precision.FLOAT);
            } finally {
                k.useScalarShading(false);
            }
        });
        scenes.put("double lanes, cardioid edge, glow",
                k -> frames(240, 137, 1.45, 0.3, 256, glowPalette(), k, JuliaKernel.Precision.DOUBLE));
        scenes.put("double lanes, deep zoom (auto)", k -> {
            // a pixel of 6e-8, below FLOAT_MIN_PIXEL: AUTO takes double lanes
            int[] frame = new int[200 * 113];
            k.render(frame, 200, 113, -0.8, 0.156, 113 * 6e-8 / 2, 0.2, 700, glowPalette());
            return frame;
        });
        scenes.put("double lanes, |c| > 240 asked for float", k -> {
            int[] frame = new int[161 * 91];
            k.render(frame, 161, 91, 289, 3, 20, 0.1, 50, glowPalette(), JuliaKernel.Precision.FLOAT);
            return frame;
        });
        scenes.put("counts, float lanes", k -> counts(200, 113, 1.45, 300, k, JuliaKernel.Precision.FLOAT));
        scenes.put("counts, double lanes", k -> counts(200, 113, 1.45, 300, k, JuliaKernel.Precision.DOUBLE));
        scenes.put("counts, odd sizes and small budgets", k -> {
            List<Integer> all = new ArrayList<>();
            for (int[] size : new int[][]{{1, 1}, {3, 2}, {17, 5}, {101, 33}}) {
                for (int budget : new int[]{1, 2, 7, 9, 30}) {
                    for (JuliaKernel.Precision precision : JuliaKernel.Precision.values()) {
                        int[] frame = new int[size[0] * size[1]];
                        k.escapeCounts(frame, size[0], size[1], CS[0][0], CS[0][1], 1.45, 0.3, budget, precision);
                        for (int v : frame) {
                            all.add(v);
                        }
                    }
                }
            }
            return all.stream().mapToInt(Integer::intValue).toArray();
        });
        scenes.put("counts, absurd views and parameters", k -> {
            List<Integer> all = new ArrayList<>();
            double[][] cases = {{1e30, 0, 1.45}, {0.3, 0.1, 1e25}, {-0.75, 0.1, 1e-30}, {Double.MAX_VALUE, 1, 1}};
            for (double[] c : cases) {
                for (JuliaKernel.Precision precision : JuliaKernel.Precision.values()) {
                    int[] frame = new int[37 * 23];
                    k.escapeCounts(frame, 37, 23, c[0], c[1], c[2], 0.2, 64, precision);
                    for (int v : frame) {
                        all.add(v);
                    }
                }
            }
            return all.stream().mapToInt(Integer::intValue).toArray();
        });
        scenes.put("painter, synthetic song, supersampled", k -> {
            int w = 160;
            int h = 90;
            int[] all = new int[6 * w * h];
            int[] frame = new int[w * h];
            FramePainter painter = new FramePainter(k, 300);
            SyntheticFrames song = new SyntheticFrames(124, 30);
            java.util.List<Preset> looks = Preset.all();
            for (int i = 0; i < 6; i++) {
                painter.setPreset(looks.get(i % looks.size()));
                painter.setSupersample(1 + i % 2);
                painter.paint(song.frameAt(1.7 + 3.1 * i), frame, w, h);
                System.arraycopy(frame, 0, all, i * w * h, w * h);
            }
            return all;
        });
        return scenes;
    }

    static String sha256Prefix(int[] pixels) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * pixels.length);
        bytes.asIntBuffer().put(pixels);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.array());
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everySceneRendersTheRecordedPixelsOnOneThreadAndOnThree() {
        Map<String, String> actual = new LinkedHashMap<>();
        try (JuliaKernel single = new JuliaKernel(1); JuliaKernel triple = new JuliaKernel(3)) {
            for (Map.Entry<String, Scene> scene : scenes().entrySet()) {
                String one = sha256Prefix(scene.getValue().render(single));
                String three = sha256Prefix(scene.getValue().render(triple));
                assertEquals(one, three, scene.getKey() + ": one thread and three threads differ");
                actual.put(scene.getKey(), one);
            }
        }
        StringBuilder table = new StringBuilder();
        actual.forEach((name, hash) -> table.append("        PINS.put(\"").append(name).append("\", \"")
                .append(hash).append("\");\n"));
        assertEquals(PINS.keySet(), actual.keySet());
        assertTrue(PINS.equals(actual), "pixels changed; the current hashes are:\n" + table);
    }
}
