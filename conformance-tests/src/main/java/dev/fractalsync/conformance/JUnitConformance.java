package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.Provider;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The suite's results as JUnit 5 dynamic tests, for provider authors' builds. The only classes of this module that
 * touch JUnit are this one and {@link ProviderConformanceTest}; JUnit is an optional dependency, so the host's runtime
 * (which runs {@link ConformanceSuite} directly) ships no JUnit jar, and a provider author's build brings its own.
 */
public final class JUnitConformance {
    private JUnitConformance() {
    }

    /** Runs the standard suite and returns one dynamic test per check (see {@link #dynamicTests(ConformanceReport)}). */
    public static Stream<DynamicTest> dynamicTests(Supplier<? extends Provider> factory) {
        return dynamicTests(ConformanceSuite.standard().run(factory));
    }

    /** Runs the standard suite on a discovered provider; one dynamic test per check. */
    public static Stream<DynamicTest> dynamicTests(DiscoveredProvider provider) {
        return dynamicTests(ConformanceSuite.standard().run(provider));
    }

    /**
     * One JUnit dynamic test per check of {@code report}: a FAIL fails with {@link CheckResult#message()}, a WARN
     * passes and prints its message to standard output.
     */
    public static Stream<DynamicTest> dynamicTests(ConformanceReport report) {
        return report.results().stream().map(r -> DynamicTest.dynamicTest(r.check() + " [" + r.verdict() + "]", () -> {
            switch (r.verdict()) {
                case FAIL -> Assertions.fail(report.subject() + " " + r.message());
                case WARN -> System.out.println("WARN " + report.subject() + " " + r.message());
                case PASS -> { }
            }
        }));
    }

    /** One container per report, named after its provider, holding its checks. */
    public static Stream<DynamicNode> dynamicContainers(List<ConformanceReport> reports) {
        return reports.stream().map(r -> DynamicContainer.dynamicContainer(r.subject() + " (" + r.origin() + ")",
                dynamicTests(r)));
    }
}
