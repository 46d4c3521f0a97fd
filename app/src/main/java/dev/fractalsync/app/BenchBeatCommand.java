package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.beat.eval.OfflineBeatRun;
import dev.fractalsync.engine.ProviderWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "bench-beat",
        description = "Measure a beat provider's speed: audio seconds processed per wall-clock second on the calling "
                + "thread (x real time), after a warm-up pass.",
        footerHeading = "%nExample:%n",
        footer = {"  fractalsync bench-beat demo --runs 5"})
final class BenchBeatCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = AudioArgument.DEMO,
            description = "Audio file or 'demo' (default).")
    String file;

    @Option(names = "--runs", description = "Measured passes (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int runs;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        ProviderWiring engine = engineOptions.wiring();
        ModelContract contract = engine.contract();
        MonoAudio audio = AudioArgument.load(file, contract);
        BeatClockProvider provider = engine.openBeatUnguarded(); // its own speed, on this thread
        try {
            OfflineBeatRun.run(provider, audio.samples(), contract.sampleRate(), contract.hop()); // warm-up
            double[] factors = new double[Math.max(1, runs)];
            double perHopMicros = 0;
            for (int i = 0; i < factors.length; i++) {
                provider.reset();
                OfflineBeatRun.Result r = OfflineBeatRun.run(provider, audio.samples(), contract.sampleRate(), contract.hop());
                factors[i] = r.realTimeFactor();
                perHopMicros = r.processNanos() / 1e3 / r.hops();
            }
            Arrays.sort(factors);
            System.out.printf("%s on %s (%.1f s): median %.1fx real time (min %.1fx, max %.1fx), %.0f µs per hop "
                            + "(budget %.0f µs), one thread%n", provider.id(), file, audio.durationSeconds(),
                    factors[factors.length / 2], factors[0], factors[factors.length - 1], perHopMicros,
                    contract.hopSeconds() * 1e6);
        } catch (RuntimeException | StackOverflowError e) { // unguarded: say whose failure it is
            throw new IllegalStateException("beat provider '" + provider.id() + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            provider.close();
        }
        return 0;
    }
}
