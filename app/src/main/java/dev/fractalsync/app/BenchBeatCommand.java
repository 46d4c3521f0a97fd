package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.engine.SongAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "bench-beat",
        description = "Measure a beat provider's speed: audio seconds processed per second of its busy time on its "
                + "thread (x real time), after a warm-up pass. The song runs through the engine as analyze runs it, "
                + "with the neutral structure provider, so only the beat provider works beside the front end.",
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
        if (engineOptions.structure != null) {
            throw new UsageException("bench-beat runs the neutral structure provider; --structure goes with bench");
        }
        engineOptions.structure = NeutralStructureProvider.ID;
        ProviderWiring wiring = engineOptions.wiring();
        ModelContract contract = wiring.contract();
        AudioArgument.require(file, "bench-beat");
        AudioArgument.requireRereadable(file, "bench-beat");
        try (FractalSyncEngine engine = FractalSyncEngine.open(wiring)) {
            run(engine); // warm-up
            double[] factors = new double[Math.max(1, runs)];
            SongAnalysis last = null;
            for (int i = 0; i < factors.length; i++) {
                last = run(engine);
                factors[i] = last.beatRealTimeFactor();
            }
            Arrays.sort(factors);
            System.out.printf("%s on %s (%.1f s): median %.1fx real time (min %.1fx, max %.1fx), %.0f µs per hop "
                            + "(budget %.0f µs), on its thread%n", last.beatId(), file, last.durationSec(),
                    factors[factors.length / 2], factors[0], factors[factors.length - 1],
                    last.stages().beat() * 1e6 / last.hops(), contract.hopSeconds() * 1e6);
            if (last.fellBack()) {
                System.out.println("the beat provider fell back during the run: " + last.status());
            }
        }
        return 0;
    }

    /** One pass over FILE, decoded as the engine goes (never held whole). */
    private SongAnalysis run(FractalSyncEngine engine) throws Exception {
        try (AudioFileReader audio = AudioArgument.open(file)) {
            return engine.analyze(audio, null, null);
        }
    }
}
