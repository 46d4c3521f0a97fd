package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.audio.AudioFileReader;
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
        AudioArgument.require(file, "bench-beat");
        AudioArgument.requireRereadable(file, "bench-beat");
        BeatClockProvider provider = engine.openBeatUnguarded(); // its own speed, on this thread
        try {
            run(provider, contract); // warm-up
            double[] factors = new double[Math.max(1, runs)];
            double perHopMicros = 0;
            double seconds = 0;
            for (int i = 0; i < factors.length; i++) {
                provider.reset();
                Pass p = run(provider, contract);
                factors[i] = p.result().realTimeFactor();
                perHopMicros = p.result().processNanos() / 1e3 / p.result().hops();
                seconds = p.seconds();
            }
            Arrays.sort(factors);
            System.out.printf("%s on %s (%.1f s): median %.1fx real time (min %.1fx, max %.1fx), %.0f µs per hop "
                            + "(budget %.0f µs), one thread%n", provider.id(), file, seconds,
                    factors[factors.length / 2], factors[0], factors[factors.length - 1], perHopMicros,
                    contract.hopSeconds() * 1e6);
        } catch (RuntimeException | StackOverflowError e) { // unguarded: say whose failure it is
            throw new IllegalStateException("beat provider '" + provider.id() + "' failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            provider.close();
        }
        return 0;
    }

    private record Pass(OfflineBeatRun.Result result, double seconds) {
    }

    /** One pass over FILE, decoded as the provider goes (never held whole); only the provider's time is measured. */
    private Pass run(BeatClockProvider provider, ModelContract contract) throws Exception {
        try (AudioFileReader audio = AudioArgument.open(file)) {
            OfflineBeatRun.Result r = OfflineBeatRun.run(provider,
                    AudioArgument.hops(audio, contract.sampleRate(), contract.hop())::hops, contract.sampleRate(),
                    contract.hop(), null);
            return new Pass(r, Math.round((double) audio.framesRead() * contract.sampleRate() / audio.sampleRate())
                    / (double) contract.sampleRate());
        }
    }
}
