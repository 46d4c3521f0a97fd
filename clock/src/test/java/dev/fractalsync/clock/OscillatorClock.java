package dev.fractalsync.clock;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import dev.fractalsync.json.ContractFiles;

/** A slow clock on the 120 BPM placeholder oscillator and the neutral structure provider, decimation 2. */
final class OscillatorClock {
    static final ModelContract CONTRACT = ContractFiles.v1();

    private OscillatorClock() {
    }

    static PlaceholderOscillator oscillator() {
        PlaceholderOscillator o = new PlaceholderOscillator();
        try {
            o.open(ProviderContext.defaults(CONTRACT));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return o;
    }

    static SlowClock create() {
        ProviderContext ctx = ProviderContext.defaults(CONTRACT);
        return new SlowClock(CONTRACT,
                new GuardedProvider<>("beat", oscillator(), ctx, OscillatorClock::oscillator, 0, 8),
                new GuardedProvider<>("structure", new NeutralStructureProvider(), ctx, NeutralStructureProvider::new, 0, 8),
                2);
    }
}
