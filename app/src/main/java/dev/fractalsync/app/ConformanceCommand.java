package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.clock.discovery.DiscoveredProvider;
import dev.fractalsync.clock.discovery.ProviderRegistry;
import dev.fractalsync.conformance.ConformanceReport;
import dev.fractalsync.clock.discovery.UnidentifiedProvider;
import dev.fractalsync.conformance.IsolatedConformance;
import dev.fractalsync.conformance.ReportWriter;
import dev.fractalsync.conformance.SuiteOptions;
import dev.fractalsync.json.ContractFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "conformance", mixinStandardHelpOptions = true, description = {
        "Check every provider in a plugin JAR against the model contract: each provider runs through the conformance "
                + "suite in a child JVM of its own that loads the JAR as the plugins directory would, so a provider that "
                + "exits, hangs or crashes its JVM fails a check instead of ending this command; a pass/fail table with "
                + "expectation, observation and hint is printed.",
        "Exit code: 0 every provider conforms (warnings allowed); 1 a check failed, or discovery refused one of the "
                + "providers; 2 nothing could be checked: the JAR is missing or unreadable, declares no provider, or "
                + "every provider in it was refused."},
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync conformance my-provider.jar",
                "  fractalsync conformance my-provider.jar --report report.html --junit report.xml"})
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

    @Option(names = "--long-seconds", defaultValue = "300",
            description = "Seconds of the long stream (the demo song looped), where counts must hold up; 0 leaves it out "
                    + "(default: ${DEFAULT-VALUE}).")
    double longSeconds;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "90",
            description = "Give up on a provider whose suite has not finished after this long; its JVM is killed "
                    + "(another 30 s are allowed for the JVM to start) (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--lenient-latency", description = "Report latency over the hop budget as a warning, not a failure "
            + "(for loaded machines).")
    boolean lenientLatency;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(jar)) {
            System.err.println("fractalsync conformance: " + jar + (Files.isDirectory(jar)
                    ? ": is a directory; give the provider's JAR file (to check every JAR in a plugins directory, "
                    + "run conformance once per JAR)" : ": no such file"));
            return UNUSABLE_JAR;
        }
        if (junit != null) {
            OutputFile.checkWritable(junit, "--junit");
        }
        if (report != null) {
            OutputFile.checkWritable(report, "--report");
        }
        if (!(timeout > 0) || timeout > 86_400) {
            throw new UsageException("--timeout must be between 0 and 86400 seconds, got " + timeout);
        }
        ModelContract c = contract == null ? ContractFiles.v1() : ContractFiles.load(contract);
        SuiteOptions options = SuiteOptions.defaults().withEdgeSeconds(edgeSeconds).withLatencyEnforced(!lenientLatency)
                .withTimeout(Duration.ofMillis(Math.round(timeout * 1000))).withLongSeconds(longSeconds);
        if (demoSeconds != null) {
            options = options.withDemoSeconds(demoSeconds);
        }
        ProviderRegistry registry = ProviderRegistry.ofPlugin(jar, c.major());
        IsolatedConformance isolated = new IsolatedConformance(options, contract, System.err);
        List<ConformanceReport> reports = new ArrayList<>();
        ProgressBar bar = progress.bar("conformance", registry.all().size() + registry.unidentified().size());
        for (DiscoveredProvider p : registry.all()) {
            reports.add(isolated.check(jar, p));
            if (bar != null) {
                bar.update(reports.size());
            }
        }
        for (UnidentifiedProvider u : registry.unidentified()) {
            reports.add(isolated.check(jar, u));
            if (bar != null) {
                bar.update(reports.size());
            }
        }
        if (bar != null) {
            bar.close();
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
        if (reports.isEmpty()) {
            return UNUSABLE_JAR;
        }
        return problems.isEmpty() && reports.stream().allMatch(ConformanceReport::passed) ? 0 : NONCONFORMING;
    }
}
