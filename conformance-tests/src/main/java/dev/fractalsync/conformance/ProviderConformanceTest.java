package dev.fractalsync.conformance;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * JUnit 5 adapter for provider authors: extend it, return a new instance of your provider from {@link #provider()},
 * and every conformance check becomes a test of its own.
 * <pre>{@code
 * class MyBeatConformanceTest extends ProviderConformanceTest {
 *     @Override
 *     protected Provider provider() {
 *         return new MyBeatProvider();
 *     }
 * }
 * }</pre>
 */
public abstract class ProviderConformanceTest {
    /** A new, unopened instance on every call (the suite makes two: one for the run, one for determinism). */
    protected abstract Provider provider();

    /** How much to feed; override to shorten (e.g. {@code SuiteOptions.defaults().withDemoSeconds(30)}). */
    protected SuiteOptions options() {
        return SuiteOptions.defaults();
    }

    /** The contract to check against; the bundled v1 by default. */
    protected ModelContract contract() {
        return ContractFiles.v1();
    }

    @TestFactory
    public Stream<DynamicTest> providerConformance() {
        return JUnitConformance.dynamicTests(new ConformanceSuite(contract(), options()).run(this::provider));
    }
}
