package dev.fractalsync.controller.onnx;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.controller.rules.RuleController;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxControllerTest {
    private static final OnnxController controller = new OnnxController();

    @BeforeAll
    static void open() throws Exception {
        controller.open(ProviderContext.defaults(ContractFiles.v1()));
    }

    @AfterAll
    static void close() {
        controller.close();
    }

    @Test
    void bundledModelGivesBoundedDeterministicOutputs() {
        Random rnd = new Random(17);
        for (int i = 0; i < 2000; i++) {
            ControllerInput in = randomInput(rnd);
            ControlVector out = controller.process(in);
            double[] v = out.toArray();
            for (int k = 0; k < v.length; k++) {
                assertTrue(v[k] >= ControlVector.MIN[k] && v[k] <= ControlVector.MAX[k], ControlVector.NAMES[k]);
            }
            if (i % 100 == 0) {
                assertEquals(out, controller.process(in));
            }
        }
    }

    @Test
    void oneStepFollowsTheRulesItImitates() {
        // On an ordinary frame the imitation stays close to the teacher: c within a few hundredths.
        RuleController rules = new RuleController();
        float[] f = new float[8 * 22];
        for (int t = 0; t < 8; t++) {
            for (int b = 0; b < 16; b++) {
                f[t * 22 + b] = 1.0f;
            }
            f[t * 22 + 16] = 0.6f;
            f[t * 22 + 17] = 0.4f;
            f[t * 22 + 18] = 0.25f;
            f[t * 22 + 19] = 0.45f;
            f[t * 22 + 20] = 0.1f;
            f[t * 22 + 21] = 0.1f;
        }
        double worst = 0;
        ControlVector prev = new ControlVector(0.2, 0.55, 0.4, 0.7, 0.9, 0.4, 0.15, 0.3, 1.2);
        for (SectionLabel label : new SectionLabel[]{SectionLabel.VERSE, SectionLabel.CHORUS}) {
            StructureState s = StructureState.certain(label, new double[]{0.05, 0.05, 0.1, 0.2, 0.4});
            for (double phase = 0; phase < 1; phase += 0.125) {
                ControllerInput in = new ControllerInput(10, 1 / 60.0, FeatureWindow.of(f, 8, 22),
                        new BeatClockState(10, 0.5, phase, 20, 0.9, 0.1), s, prev);
                ControlVector a = rules.process(in);
                ControlVector b = controller.process(in);
                worst = Math.max(worst, Math.hypot(a.cRe() - b.cRe(), a.cIm() - b.cIm()));
            }
        }
        assertTrue(worst < 0.05, "largest one-step |c_onnx - c_rules| " + worst);
    }

    @Test
    void foundByServiceLoaderAndRefusesUseBeforeOpen() {
        boolean found = false;
        for (ControllerProvider p : ServiceLoader.load(ControllerProvider.class)) {
            found |= p.id().equals(OnnxController.ID);
        }
        assertTrue(found);
        assertThrows(IllegalStateException.class, () -> new OnnxController().process(randomInput(new Random(1))));
    }

    static ControllerInput randomInput(Random rnd) {
        float[] f = new float[8 * 22];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (rnd.nextGaussian() * 2);
        }
        double[] p = new double[SectionLabel.COUNT];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = rnd.nextDouble();
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
        BeatClockState beat = new BeatClockState(5, 60.0 / (60 + 120 * rnd.nextDouble()), rnd.nextDouble(), 9,
                rnd.nextDouble(), rnd.nextBoolean() ? null : rnd.nextDouble());
        return new ControllerInput(5, 1 / 60.0, FeatureWindow.of(f, 8, 22), beat, new StructureState(p, h, null),
                ControlVector.fromArray(cv));
    }
}
