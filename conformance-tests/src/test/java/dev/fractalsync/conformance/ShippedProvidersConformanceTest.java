package dev.fractalsync.conformance;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the suite against every provider this build ships, as discovery finds them on the class path: a provider
 * added to any providers module is covered without touching this test. Shorter inputs than the default keep the
 * build quick (60 s of the demo song, 10 s per edge signal); latency is reported but not enforced here because the
 * build machine is shared (speed targets are the benchmarks' job).
 */
class ShippedProvidersConformanceTest {
    static final SuiteOptions CI = SuiteOptions.defaults().withDemoSeconds(60).withEdgeSeconds(10).withLatencyEnforced(false);

    @TestFactory
    Stream<DynamicNode> everyShippedProviderConforms() {
        ProviderRegistry registry = ProviderRegistry.discover(null, ModelContract.SUPPORTED_MAJOR);
        assertEquals(List.of(), registry.problems(), "discovery of the shipped providers reports problems");
        assertTrue(registry.find(ProviderKind.BEAT, "oscillator").isPresent(), "the oscillator must be discovered");
        assertTrue(registry.find(ProviderKind.STRUCTURE, "neutral").isPresent(), "the neutral structure must be discovered");

        ConformanceSuite suite = new ConformanceSuite(ContractFiles.v1(), CI);
        List<ConformanceReport> reports = new ArrayList<>();
        for (DiscoveredProvider p : registry.all()) {
            ConformanceReport r = suite.run(p);
            System.out.printf(Locale.ROOT, "conformance %-10s %-14s %5.2f s  %d pass, %d warn, %d fail%n", p.kind().flag(),
                    p.id(), r.seconds(), r.count(Verdict.PASS), r.count(Verdict.WARN), r.count(Verdict.FAIL));
            reports.add(r);
            if (p.kind() != ProviderKind.CONTROLLER) { // a skipped or merely warned block check would pass unnoticed
                assertEquals(Optional.of(Verdict.PASS), r.result(SuiteRun.BLOCK).map(CheckResult::verdict),
                        () -> p.id() + " " + r.result(SuiteRun.BLOCK).map(CheckResult::message).orElse("has no block check"));
            }
        }
        return JUnitConformance.dynamicContainers(reports);
    }
}
