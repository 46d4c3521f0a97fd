package dev.fractalsync.conformance;

import java.time.Duration;

/**
 * How much the suite feeds a provider.
 *
 * @param demoSeconds         length of the demo-song slice (the whole song is about 80 s; longer values mean all of it)
 * @param edgeSeconds         length of each synthetic edge signal (silence, noise, clipping square, tempo-change clicks,
 *                            abrupt stop)
 * @param resetSteps          steps replayed after {@code reset()} and compared with a fresh run
 * @param randomControllerInputs number of random controller inputs
 * @param seed                the {@code ProviderContext} seed (and the seed of the synthetic signals)
 * @param decimation          structure decimation put in the context and used to build structure inputs
 * @param enforceLatency      when false, latency over the hop budget is reported as WARN instead of FAIL (for shared,
 *                            loaded build machines where wall-clock time says little)
 * @param timeout             the whole run for one provider is abandoned (FAIL {@code suite-timeout}) after this
 * @param longSeconds         length of the long stream (the demo song looped), where counts and clocks must hold up over
 *                            minutes; 0 leaves it out
 */
public record SuiteOptions(double demoSeconds, double edgeSeconds, int resetSteps, int randomControllerInputs, long seed,
                           int decimation, boolean enforceLatency, Duration timeout, double longSeconds) {
    /** The default long stream: five minutes. */
    public static final double LONG_SECONDS = 300;

    /** Options with the default long stream. */
    public SuiteOptions(double demoSeconds, double edgeSeconds, int resetSteps, int randomControllerInputs, long seed,
                        int decimation, boolean enforceLatency, Duration timeout) {
        this(demoSeconds, edgeSeconds, resetSteps, randomControllerInputs, seed, decimation, enforceLatency, timeout,
                LONG_SECONDS);
    }

    public SuiteOptions {
        if (!(longSeconds >= 0) || longSeconds > 36_000) {
            throw new IllegalArgumentException("longSeconds must be in [0, 36000], got " + longSeconds);
        }
        if (!(demoSeconds > 0) || !(edgeSeconds > 0)) {
            throw new IllegalArgumentException("demoSeconds and edgeSeconds must be > 0");
        }
        if (resetSteps < 1 || randomControllerInputs < 1 || decimation < 1) {
            throw new IllegalArgumentException("resetSteps, randomControllerInputs and decimation must be >= 1");
        }
    }

    /**
     * The whole demo song, 10 s per edge signal, a 5-minute long stream, 256 reset steps, decimation 2, latency
     * enforced, 10 min timeout.
     */
    public static SuiteOptions defaults() {
        return new SuiteOptions(Double.POSITIVE_INFINITY, 10, 256, 2000, 42L, 2, true, Duration.ofMinutes(10), LONG_SECONDS);
    }

    public SuiteOptions withLongSeconds(double seconds) {
        return new SuiteOptions(demoSeconds, edgeSeconds, resetSteps, randomControllerInputs, seed, decimation, enforceLatency,
                timeout, seconds);
    }

    public SuiteOptions withDemoSeconds(double seconds) {
        return new SuiteOptions(seconds, edgeSeconds, resetSteps, randomControllerInputs, seed, decimation, enforceLatency, timeout, longSeconds);
    }

    public SuiteOptions withEdgeSeconds(double seconds) {
        return new SuiteOptions(demoSeconds, seconds, resetSteps, randomControllerInputs, seed, decimation, enforceLatency, timeout, longSeconds);
    }

    public SuiteOptions withLatencyEnforced(boolean enforce) {
        return new SuiteOptions(demoSeconds, edgeSeconds, resetSteps, randomControllerInputs, seed, decimation, enforce, timeout, longSeconds);
    }

    public SuiteOptions withTimeout(Duration newTimeout) {
        return new SuiteOptions(demoSeconds, edgeSeconds, resetSteps, randomControllerInputs, seed, decimation, enforceLatency, newTimeout, longSeconds);
    }
}
