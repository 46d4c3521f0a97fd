package dev.fractalsync.controller.rules;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.controller.MandelbrotMembership;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleControllerTest {
    private final RuleController controller = new RuleController();

    @Test
    void outputStaysInBoundsForRandomInputs() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            ControllerInput in = randomInput(rnd);
            ControlVector out = controller.process(in);
            double[] v = out.toArray();
            for (int k = 0; k < ControlVector.SIZE; k++) {
                assertTrue(Double.isFinite(v[k]) && v[k] >= ControlVector.MIN[k] && v[k] <= ControlVector.MAX[k],
                        ControlVector.NAMES[k] + "=" + v[k]);
            }
        }
    }

    @Test
    void deterministic() {
        Random a = new Random(3);
        for (int i = 0; i < 200; i++) {
            ControllerInput in = randomInput(a);
            assertEquals(controller.process(in), new RuleController().process(in));
        }
    }

    @Test
    void chorusPushesCOutsideTheMandelbrotSetMoreOftenThanVerse() {
        int[] chorus = new int[2];
        int[] verse = new int[2];
        SyntheticSong.pop(124).play(controller, (in, out) -> {
            SectionLabel top = in.structure().topSection();
            int outside = MandelbrotMembership.contains(out.cRe(), out.cIm()) ? 0 : 1;
            if (top == SectionLabel.CHORUS) {
                chorus[0] += outside;
                chorus[1]++;
            } else if (top == SectionLabel.VERSE) {
                verse[0] += outside;
                verse[1]++;
            }
        });
        double chorusOutside = (double) chorus[0] / chorus[1];
        double verseOutside = (double) verse[0] / verse[1];
        System.out.printf("outside M: chorus %.3f (%d frames), verse %.3f (%d frames)%n",
                chorusOutside, chorus[1], verseOutside, verse[1]);
        assertTrue(chorusOutside > verseOutside + 0.4, "chorus " + chorusOutside + " vs verse " + verseOutside);
        assertTrue(verseOutside < 0.1, "verse " + verseOutside);
    }

    @Test
    void cMovesSmoothlyAlongTheSong() {
        double[] maxStep = {0};
        ControlVector[] last = {null};
        SyntheticSong.pop(128).play(controller, (in, out) -> {
            if (last[0] != null) {
                maxStep[0] = Math.max(maxStep[0], Math.hypot(out.cRe() - last[0].cRe(), out.cIm() - last[0].cIm()));
            }
            last[0] = out;
        });
        assertTrue(maxStep[0] < 0.02, "largest per-frame jump of c: " + maxStep[0]);
    }

    @Test
    void beatPulsesContrastAndZoomGrowsWithEnergy() {
        ControlVector prev = ControlVector.neutral();
        StructureState verse = StructureState.certain(SectionLabel.VERSE, new double[Horizons.COUNT]);
        StructureState chorus = StructureState.certain(SectionLabel.CHORUS, new double[Horizons.COUNT]);
        FeatureWindow quiet = FeatureWindow.of(new float[8 * 22], 8, 22);
        ControlVector onBeat = controller.process(input(0.0, verse, quiet, prev));
        ControlVector offBeat = controller.process(input(0.5, verse, quiet, prev));
        assertTrue(onBeat.contrast() < offBeat.contrast() * 0.85, onBeat.contrast() + " vs " + offBeat.contrast());
        ControlVector inChorus = controller.process(input(0.5, chorus, quiet, prev));
        assertTrue(inChorus.zoomPulse() > offBeat.zoomPulse() + 0.1);
    }

    @Test
    void risingHazardSpeedsUpPaletteCyclingAndPullsCTowardsTheEdge() {
        StructureState calm = StructureState.certain(SectionLabel.VERSE, new double[Horizons.COUNT]);
        StructureState tense = StructureState.certain(SectionLabel.VERSE, new double[]{0.6, 0.8, 0.9, 1, 1});
        FeatureWindow quiet = FeatureWindow.of(new float[8 * 22], 8, 22);
        ControlVector a = ControlVector.neutral();
        ControlVector b = ControlVector.neutral();
        for (int i = 0; i < 600; i++) {
            double phase = (i % 30) / 30.0;
            a = controller.process(input(phase, calm, quiet, a));
            b = controller.process(input(phase, tense, quiet, b));
        }
        assertTrue(b.cycleSpeed() > a.cycleSpeed() + 0.5, a.cycleSpeed() + " vs " + b.cycleSpeed());
        assertTrue(Math.abs(muRadius(b) - 1) < Math.abs(muRadius(a) - 1), muRadius(a) + " vs " + muRadius(b));
        assertTrue(b.iterationGain() > a.iterationGain());
    }

    @Test
    void foundByServiceLoaderAndOpensWithTheContract() throws Exception {
        boolean found = false;
        for (ControllerProvider p : ServiceLoader.load(ControllerProvider.class)) {
            if (p.id().equals(RuleController.ID)) {
                found = true;
                p.open(ProviderContext.defaults(ContractFiles.v1()));
                assertEquals(1, p.contractMajor());
                p.close();
            }
        }
        assertTrue(found);
    }

    private static double muRadius(ControlVector v) {
        // μ = 1 − sqrt(1 − 4c)
        double ar = 1 - 4 * v.cRe();
        double ai = -4 * v.cIm();
        double m = Math.hypot(ar, ai);
        double sr = Math.sqrt(0.5 * (m + ar));
        double si = Math.copySign(Math.sqrt(Math.max(0, 0.5 * (m - ar))), ai);
        return Math.hypot(1 - sr, -si);
    }

    private static ControllerInput input(double phase, StructureState s, FeatureWindow fw, ControlVector prev) {
        return new ControllerInput(10, 1 / 60.0, fw, new BeatClockState(10, 0.5, phase, 20, 1.0, 0.0), s, prev);
    }

    static ControllerInput randomInput(Random rnd) {
        float[] f = new float[8 * 22];
        for (int i = 0; i < f.length; i++) {
            f[i] = rnd.nextInt(50) == 0 ? Float.NaN : (float) (rnd.nextGaussian() * 3);
        }
        double[] p = new double[SectionLabel.COUNT];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.pow(rnd.nextDouble(), 3);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        double[] h = new double[Horizons.COUNT];
        for (int k = 0; k < h.length; k++) {
            h[k] = rnd.nextDouble();
        }
        double[] cv = new double[ControlVector.SIZE];
        for (int k = 0; k < cv.length; k++) {
            cv[k] = ControlVector.MIN[k] + rnd.nextDouble() * (ControlVector.MAX[k] - ControlVector.MIN[k]);
        }
        double spb = 60.0 / (40 + 200 * rnd.nextDouble());
        BeatClockState beat = new BeatClockState(rnd.nextDouble() * 300, spb, rnd.nextDouble(), rnd.nextInt(1000),
                rnd.nextDouble(), rnd.nextBoolean() ? null : rnd.nextDouble());
        double dt = rnd.nextInt(20) == 0 ? 5.0 : rnd.nextDouble() * 0.05;
        return new ControllerInput(beat.tSec(), dt, FeatureWindow.of(f, 8, 22), beat,
                new StructureState(p, h, null), ControlVector.fromArray(cv));
    }
}
