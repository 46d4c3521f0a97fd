/**
 * The provider conformance suite: {@code ConformanceSuite} checks any provider against the model contract and
 * returns structured results; {@code ProviderConformanceTest} and {@code JUnitConformance} turn them into JUnit 5
 * dynamic tests for provider authors (JUnit is optional: the host runs the suite without it); {@code ReportWriter}
 * renders them as a text table, JUnit XML and HTML.
 */
module fractalsync.conformance {
    requires transitive fractalsync.api;
    requires transitive fractalsync.clock;
    requires fractalsync.json;
    requires fractalsync.dsp;
    // only JUnitConformance and ProviderConformanceTest use JUnit; a provider author's test build supplies it
    requires static org.junit.jupiter.api;
    requires java.xml;
    requires jdk.jfr;

    exports dev.fractalsync.conformance;
    // IsolatedConformance hands a report from its child JVM back as JSON
    opens dev.fractalsync.conformance to com.fasterxml.jackson.databind;
}
