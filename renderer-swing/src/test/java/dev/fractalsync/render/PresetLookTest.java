package dev.fractalsync.render;

import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.VisualFrame;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a preset's colours, c path, gains and sensitivity curve do to the painted frame. */
class PresetLookTest {
    private static final int W = 128;
    private static final int H = 72;

    private static Preset neonWith(List<Integer> colours, Preset.CPath path, Preset.Gains gains,
                                   Preset.ResponseCurve curve) {
        Preset n = Preset.NEON;
        return new Preset("test", n.floor(), n.hueSpread(), n.glow(), n.glowWidthPx(), n.interiorLight(),
                n.interiorHue(), n.trapWeight(), n.saturation(), n.hueShift(), n.sectionHue(), n.turnsPerBar(),
                n.phraseZoom(), colours, path, gains, curve);
    }

    private static int[] paint(Preset look, VisualFrame frame) {
        try (JuliaKernel kernel = new JuliaKernel(1); FramePainter painter = new FramePainter(kernel, 120)) {
            painter.setPreset(look);
            int[] argb = new int[W * H];
            painter.paint(frame, argb, W, H);
            return argb;
        }
    }

    private static double meanBrightness(int[] argb) {
        double sum = 0;
        for (int p : argb) {
            sum += (p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff);
        }
        return sum / (3.0 * argb.length);
    }

    /** The on-beat frame of a chorus with a boundary coming: every drive is high. */
    private static VisualFrame onTheBeat() {
        SyntheticFrames song = new SyntheticFrames(120, 60);
        VisualFrame f = song.frameAt(24.0);
        assertTrue(f.beat().phase() < 0.05, "the synthetic song has a beat at 24 s");
        return f;
    }

    @Test
    void colourStopsReplaceTheHueWheel() {
        VisualFrame frame = new SyntheticFrames(120, 60).frameAt(3.3);
        List<Integer> reds = List.of(0xff0000, 0x800000);
        int[] red = paint(neonWith(reds, Preset.CPath.FREE, Preset.Gains.UNIT, Preset.ResponseCurve.LINEAR), frame);
        for (int p : red) {
            int r = p >> 16 & 0xff;
            int g = p >> 8 & 0xff;
            int b = p & 0xff;
            assertTrue(r >= g && r >= b && Math.abs(g - b) <= 2, () -> "a red gradient gave " + Integer.toHexString(p));
        }
        boolean coloured = Arrays.stream(paint(Preset.NEON, frame)).anyMatch(p -> (p & 0xff) > (p >> 16 & 0xff) + 8);
        assertTrue(coloured, "the wheel's frame has blue in it, so the test can tell them apart");
    }

    @Test
    void theFreePathIsTheControllersCAndARangeHoldsCOnIt() {
        Preset.CPath free = Preset.CPath.FREE;
        Preset.CPath valley = new Preset.CPath(0.30, 0.45, 0.98, 1.02);
        for (int k = 0; k < 200; k++) {
            double theta = 2 * Math.PI * k / 200.0;
            double r = 0.85 + 0.4 * ((k * 37) % 200) / 200.0;
            double mr = r * Math.cos(theta);
            double mi = r * Math.sin(theta);
            if (mr > 0.985) {
                continue; // Re μ > 1 has no principal root; the rule controller keeps Re μ <= 0.985
            }
            double cRe = 0.5 * mr - 0.25 * (mr * mr - mi * mi);
            double cIm = 0.5 * mi - 0.5 * mr * mi;
            assertArrayEquals(new double[]{cRe, cIm}, free.map(cRe, cIm));
            double[] c = valley.map(cRe, cIm);
            // back to μ: on the range's radii and angles
            double ar = 1 - 4 * c[0];
            double ai = -4 * c[1];
            double am = Math.hypot(ar, ai);
            double muRe = 1 - Math.sqrt(0.5 * (am + ar));
            double muIm = -Math.copySign(Math.sqrt(Math.max(0, 0.5 * (am - ar))), ai);
            double turns = Math.atan2(muIm, muRe) / (2 * Math.PI);
            double radius = Math.hypot(muRe, muIm);
            assertTrue(turns >= 0.30 - 1e-9 && turns <= 0.45 + 1e-9, "arg μ " + turns);
            double expected = 0.98 + (r - 0.85) * 0.04 / 0.4;
            assertEquals(expected, radius, 1e-9);
        }
    }

    @Test
    void aPathMovesThePictureAndMotionGainZeroStopsTheControllersTurn() {
        VisualFrame frame = new SyntheticFrames(120, 60).frameAt(8.2);
        int[] base = paint(Preset.NEON, frame);
        int[] moved = paint(neonWith(List.of(), new Preset.CPath(0.1, 0.2, 0.9, 1.0), Preset.Gains.UNIT,
                Preset.ResponseCurve.LINEAR), frame);
        assertFalse(Arrays.equals(base, moved));
        // with the controller's rotation at 0 the motion gain has nothing to scale
        ControlVector still = withRotation(frame.control(), 0.0);
        VisualFrame unturned = new VisualFrame(frame.tSec(), still, frame.beat(), frame.structure(), frame.section(),
                frame.status());
        Preset noMotion = neonWith(List.of(), Preset.CPath.FREE, new Preset.Gains(1, 1, 1, 0),
                Preset.ResponseCurve.LINEAR);
        assertTrue(frame.control().rotation() != 0.0);
        assertArrayEquals(paint(Preset.NEON, unturned), paint(noMotion, frame));
    }

    private static ControlVector withRotation(ControlVector cv, double rotation) {
        double[] v = cv.toArray();
        v[7] = rotation;
        return ControlVector.fromArray(v);
    }

    @Test
    void theBeatGainScalesTheFlashAndACurveAtZeroIsNoDriveAtAll() {
        VisualFrame beat = onTheBeat();
        Preset.Gains none = new Preset.Gains(0, 0, 0, 1);
        double dark = meanBrightness(paint(neonWith(List.of(), Preset.CPath.FREE, new Preset.Gains(0, 1, 1, 1),
                Preset.ResponseCurve.LINEAR), beat));
        double normal = meanBrightness(paint(Preset.NEON, beat));
        double strong = meanBrightness(paint(neonWith(List.of(), Preset.CPath.FREE, new Preset.Gains(2.5, 1, 1, 1),
                Preset.ResponseCurve.LINEAR), beat));
        assertTrue(dark < normal && normal < strong, dark + " < " + normal + " < " + strong);
        int[] noGains = paint(neonWith(List.of(), Preset.CPath.FREE, none, Preset.ResponseCurve.LINEAR), beat);
        Preset.ResponseCurve flat = new Preset.ResponseCurve(List.of(new double[]{0, 0}, new double[]{1, 0}));
        int[] flatCurve = paint(neonWith(List.of(), Preset.CPath.FREE, Preset.Gains.UNIT, flat), beat);
        assertArrayEquals(noGains, flatCurve, "a curve flat at 0 lets no drive through, as gains of 0");
        assertFalse(Arrays.equals(noGains, paint(Preset.NEON, beat)));
    }

    @Test
    void aResponseCurveIsStraightLinesThroughItsPoints() {
        Preset.ResponseCurve knee = new Preset.ResponseCurve(List.of(new double[]{0, 0}, new double[]{0.5, 0.1},
                new double[]{1, 1}));
        assertEquals(0.0, knee.apply(-3));
        assertEquals(0.05, knee.apply(0.25), 1e-12);
        assertEquals(0.1, knee.apply(0.5), 1e-12);
        assertEquals(0.55, knee.apply(0.75), 1e-12);
        assertEquals(1.0, knee.apply(7));
        assertEquals(0.3, Preset.ResponseCurve.LINEAR.apply(0.3));
    }
}
