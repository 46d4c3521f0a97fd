/**
 * The provider conformance suite: {@code ConformanceSuite} checks any provider against the model contract and
 * returns structured results; {@code ProviderConformanceTest} turns them into JUnit 5 dynamic tests for provider
 * authors; {@code ReportWriter} renders them as a text table, JUnit XML and HTML.
 */
module fractalsync.conformance {
    requires transitive fractalsync.api;
    requires transitive fractalsync.clock;
    requires transitive org.junit.jupiter.api;
    requires java.xml;
    requires jdk.jfr;

    exports dev.fractalsync.conformance;
    // IsolatedConformance hands a report from its child JVM back as JSON
    opens dev.fractalsync.conformance to com.fasterxml.jackson.databind;
}
