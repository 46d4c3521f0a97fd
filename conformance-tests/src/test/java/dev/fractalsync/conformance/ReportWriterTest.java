package dev.fractalsync.conformance;

import dev.fractalsync.api.spi.ProviderKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    static final ConformanceReport REPORT = new ConformanceReport(ProviderKind.STRUCTURE, "bad-hazard", "Bad <hazard>",
            "plugins/bad.jar", List.of(
            CheckResult.pass("open", "open succeeds", "opened"),
            CheckResult.warn("latency", "p99 ≤ 21.3 ms", "p99 9.000 ms", "use a smaller model"),
            CheckResult.fail("hazard-probs", "5 hazard probabilities", "hop 0: hazard_probs must have 5 entries, got 4 & <more>",
                    "one sigmoid per horizon")), 1.5);
    static final List<String> PROBLEMS = List.of("plugins/x.jar: not a readable JAR (zip END header not found), skipped");

    @Test
    void tableShowsEveryCheckWithExpectationObservationAndHint() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ReportWriter.printTable(List.of(REPORT), PROBLEMS, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("PROBLEM plugins/x.jar: not a readable JAR"), text);
        assertTrue(text.contains("structure provider 'bad-hazard' from plugins/bad.jar: 3 checks, 1 pass, 1 warn, 1 fail"), text);
        assertTrue(text.matches("(?s).*FAIL +hazard-probs +expected: 5 hazard probabilities.*"), text);
        assertTrue(text.contains("observed: hop 0: hazard_probs must have 5 entries, got 4"), text);
        assertTrue(text.contains("hint:     one sigmoid per horizon"), text);
        assertTrue(text.contains("DOES NOT CONFORM: 1 provider(s) checked, 1 failed, 1 problem(s)"), text);
    }

    @Test
    void junitXmlIsWellFormedAndCountsFailures(@TempDir Path tmp) throws Exception {
        Path xml = tmp.resolve("out/junit.xml");
        ReportWriter.writeJunitXml(List.of(REPORT), PROBLEMS, xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element jar = (Element) suites.item(0);
        assertEquals("plugin-jar", jar.getAttribute("name"));
        assertEquals("1", jar.getAttribute("failures"));
        Element provider = (Element) suites.item(1);
        assertEquals("structure.bad-hazard", provider.getAttribute("name"));
        assertEquals("3", provider.getAttribute("tests"));
        assertEquals("1", provider.getAttribute("failures"));
        Element failure = (Element) provider.getElementsByTagName("failure").item(0);
        assertEquals("hop 0: hazard_probs must have 5 entries, got 4 & <more>", failure.getAttribute("message"));
        assertEquals("hazard-probs", ((Element) failure.getParentNode()).getAttribute("name"));
    }

    @Test
    void htmlEscapesAndColoursRows(@TempDir Path tmp) throws Exception {
        Path html = tmp.resolve("report.html");
        ReportWriter.writeHtml(List.of(REPORT), PROBLEMS, "Conformance of bad.jar", html);
        String page = Files.readString(html);
        assertTrue(page.contains("<tr class=\"FAIL\"><td class=\"verdict\">FAIL</td><td>hazard-probs</td>"), page);
        assertTrue(page.contains("got 4 &amp; &lt;more&gt;"), page);
        assertTrue(page.contains("Bad &lt;hazard&gt;"), page);
        assertFalse(page.contains("<more>"), page);
    }

    @Test
    void reportsReplaceTheirTargetWholeAndLeaveNoTempFileWhenTheyCannot(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("report.xml"), "previous");
        Path html = Files.writeString(dir.resolve("report.html"), "previous");
        ReportWriter.writeJunitXml(List.of(REPORT), PROBLEMS, xml);
        ReportWriter.writeHtml(List.of(REPORT), PROBLEMS, "t", html);
        assertTrue(Files.readString(xml).contains("<testsuites"));
        assertTrue(Files.readString(html).contains("<table>"));
        // a non-empty directory in the target's place: the rename fails, the temp file must not stay behind
        Path blocked = Files.createDirectories(dir.resolve("blocked.xml"));
        Files.writeString(blocked.resolve("keep"), "x");
        assertThrows(java.io.IOException.class, () -> ReportWriter.writeJunitXml(List.of(REPORT), PROBLEMS, blocked));
        assertThrows(java.io.IOException.class, () -> ReportWriter.writeHtml(List.of(REPORT), PROBLEMS, "t", blocked));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("blocked.xml", "report.html", "report.xml"), files.map(f -> f.getFileName().toString())
                    .sorted().toList());
        }
    }
}
