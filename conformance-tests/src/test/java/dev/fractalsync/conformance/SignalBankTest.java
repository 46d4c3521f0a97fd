package dev.fractalsync.conformance;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.HopFrontEnd;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The suite feeds providers what the host feeds them: the engine's front end, input-level stage included. */
class SignalBankTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();

    @Test
    void fullScaleNoiseReachesProvidersLeveledAsTheEngineLevelsIt() {
        List<Signal> signals = SignalBank.signals(CONTRACT, SuiteOptions.defaults());
        Signal noise = signals.stream().filter(s -> s.name().equals("white-noise")).findFirst().orElseThrow();
        int hop = CONTRACT.hop();
        // uniform noise in [-1, 1] is about -4.8 dBFS; the input level brings it down towards -20 dBFS
        double tail = rmsDbfs(noise.samples(), (noise.hops() - 47) * hop, noise.hops() * hop);
        assertTrue(tail < -10, "fed noise at " + tail + " dBFS: not leveled");
        // hop by hop, exactly what the engine's own front end makes of the same raw noise
        HopFrontEnd front = new HopFrontEnd(CONTRACT);
        HopFrontEnd.PreparedHop p = new HopFrontEnd.PreparedHop(hop);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(SuiteOptions.defaults().seed());
        float[] raw = new float[hop];
        for (int h = 0; h < noise.hops(); h++) {
            for (int i = 0; i < hop; i++) {
                int at = h * hop + i;
                raw[i] = at < Math.round(SuiteOptions.defaults().edgeSeconds() * CONTRACT.sampleRate())
                        ? (float) (rnd.nextDouble() * 2 - 1) : 0f;
            }
            front.prepare(raw, p);
            float[] fed = java.util.Arrays.copyOfRange(noise.samples(), h * hop, (h + 1) * hop);
            assertArrayEquals(p.leveled(), fed, 0f, "leveled PCM of hop " + h);
            assertArrayEquals(p.frame(), noise.frames()[h], 0f, "F_audio of hop " + h);
        }
    }

    private static double rmsDbfs(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return 10 * Math.log10(sum / (to - from));
    }
}
