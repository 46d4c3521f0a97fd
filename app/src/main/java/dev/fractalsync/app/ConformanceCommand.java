package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.conformance.ConformanceReport;
import dev.fractalsync.conformance.ConformanceSuite;
import dev.fractalsync.conformance.ReportWriter;
import dev.fractalsync.conformance.SuiteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "conformance", mixinStandardHelpOptions = true, description = {
        "Check every provider in a plugin JAR against the model contract: the JAR is loaded in its own module layer "
                + "(class loader on the class path) as the plugins directory would load it, each provider runs through "
                + "the conformance suite, and a pass/fail table with expectation, observation and hint is printed.",
        "Exit code: 0 every provider conforms (warnings allowed); 1 a check failed, or discovery refused one of the "
                + "providers; 2 nothing could be checked: the JAR is missing or unreadable, declares no provider, or "
                + "every provider in it was refused."})
final class ConformanceCommand implements Callable<Integer> {
    static final int NONCONFORMING = 1;
    static final int UNUSABLE_JAR = 2;

    @Parameters(index = "0", paramLabel = "JAR", description = "The provider JAR to check.")
    Path jar;

    @Option(names = "--contract", paramLabel = "FILE", description = "Model contract JSON (default: the bundled model_contracts/v1.json).")
    Path contract;

    @Option(names = "--report", paramLabel = "HTML", description = "Also write an HTML report.")
    Path report;

    @Option(names = "--junit", paramLabel = "XML", description = "Also write JUnit XML (one test case per check).")
    Path junit;

    @Option(names = "--demo-seconds", description = "Seconds of the demo song to feed (default: all of it, about 80 s).")
    Double demoSeconds;

    @Option(names = "--edge-seconds", defaultValue = "10",
            description = "Seconds of each edge signal: silence, noise, clipping, tempo change, abrupt stop (default: ${DEFAULT-VALUE}).")
    double edgeSeconds;

    @Option(names = "--lenient-latency", description = "Report latency over the hop budget as a warning, not a failure "
            + "(for loaded machines).")
    boolean lenientLatency;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("fractalsync conformance: " + jar + ": no such file");
            return UNUSABLE_JAR;
        }
        ModelContract c = contract == null ? ModelContract.v1() : ModelContract.load(contract);
        SuiteOptions options = SuiteOptions.defaults().withEdgeSeconds(edgeSeconds).withLatencyEnforced(!lenientLatency);
        if (demoSeconds != null) {
            options = options.withDemoSeconds(demoSeconds);
        }
        ProviderRegistry registry = ProviderRegistry.ofPlugin(jar, c.major());
        List<DiscoveredProvider> found = registry.all();
        ConformanceSuite suite = new ConformanceSuite(c, options);
        List<ConformanceReport> reports = new ArrayList<>();
        for (DiscoveredProvider p : found) {
            System.err.println("checking " + p.kind().flag() + " provider '" + p.id() + "' ...");
            reports.add(suite.run(p));
        }
        List<String> problems = registry.problems();
        ReportWriter.printTable(reports, problems, System.out);
        if (junit != null) {
            ReportWriter.writeJunitXml(reports, problems, junit);
            System.err.println("JUnit XML -> " + junit);
        }
        if (report != null) {
            ReportWriter.writeHtml(reports, problems, "FractalSync conformance of " + jar.getFileName(), report);
            System.err.println("HTML report -> " + report);
        }
        if (found.isEmpty()) {
            return UNUSABLE_JAR;
        }
        return problems.isEmpty() && reports.stream().allMatch(ConformanceReport::passed) ? 0 : NONCONFORMING;
    }
}
