package dev.fractalsync.conformance;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Renders conformance reports: a text table for terminals, JUnit XML for CI dashboards and a standalone HTML page.
 * {@code problems} are issues found before any check could run (an unreadable JAR, a JAR without providers, a
 * provider refused by discovery); each counts as a failure.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** The text table: one block per provider, one row per check with expectation, observation and hint. */
    public static void printTable(List<ConformanceReport> reports, List<String> problems, PrintStream out) {
        for (String p : problems) {
            out.println("PROBLEM " + p);
        }
        for (ConformanceReport r : reports) {
            out.printf(Locale.ROOT, "%n%s from %s: %d checks, %d pass, %d warn, %d fail (%.1f s)%n", r.subject(), r.origin(),
                    r.results().size(), r.count(Verdict.PASS), r.count(Verdict.WARN), r.count(Verdict.FAIL), r.seconds());
            out.printf("  %-6s %-22s %s%n", "RESULT", "CHECK", "EXPECTATION / OBSERVED / HINT");
            for (CheckResult c : r.results()) {
                out.printf("  %-6s %-22s expected: %s%n", c.verdict(), c.check(), c.expectation());
                out.printf("  %-6s %-22s observed: %s%n", "", "", c.observed());
                if (!c.hint().isEmpty() && c.verdict() != Verdict.PASS) {
                    out.printf("  %-6s %-22s hint:     %s%n", "", "", c.hint());
                }
            }
        }
        long failed = reports.stream().filter(r -> !r.passed()).count();
        out.printf("%n%s: %d provider(s) checked, %d failed, %d problem(s)%n",
                failed == 0 && problems.isEmpty() && !reports.isEmpty() ? "CONFORMS" : "DOES NOT CONFORM",
                reports.size(), failed, problems.size());
    }

    /** JUnit XML: a test suite per provider, a test case per check (WARN as system-out), one suite for problems. */
    public static void writeJunitXml(List<ConformanceReport> reports, List<String> problems, Path file) throws IOException {
        Path tmp = tempBeside(file);
        try (OutputStream os = Files.newOutputStream(tmp)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(os, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "fractalsync-conformance");
            if (!problems.isEmpty()) {
                suiteStart(x, "plugin-jar", problems.size(), problems.size(), 0);
                for (String p : problems) {
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", "fractalsync.conformance.jar");
                    x.writeAttribute("name", "load");
                    x.writeAttribute("time", "0");
                    x.writeStartElement("failure");
                    x.writeAttribute("message", p);
                    x.writeAttribute("type", "PROBLEM");
                    x.writeCharacters(p);
                    x.writeEndElement();
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            for (ConformanceReport r : reports) {
                String suite = (r.kind() == null ? "provider" : r.kind().flag()) + "." + r.id();
                suiteStart(x, suite, r.results().size(), (int) r.count(Verdict.FAIL), r.seconds());
                for (CheckResult c : r.results()) {
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", "fractalsync.conformance." + suite);
                    x.writeAttribute("name", c.check());
                    x.writeAttribute("time", "0");
                    if (c.verdict() == Verdict.FAIL) {
                        x.writeStartElement("failure");
                        x.writeAttribute("message", c.observed());
                        x.writeAttribute("type", "FAIL");
                        x.writeCharacters(c.message());
                        x.writeEndElement();
                    } else {
                        x.writeStartElement("system-out");
                        x.writeCharacters(c.verdict() + " " + c.message());
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        moveInPlace(tmp, file);
    }

    private static void suiteStart(XMLStreamWriter x, String name, int tests, int failures, double seconds)
            throws XMLStreamException {
        x.writeCharacters("\n");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", name);
        x.writeAttribute("tests", Integer.toString(tests));
        x.writeAttribute("failures", Integer.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
    }

    /** A standalone HTML page with a summary and one colour-coded table per provider. */
    public static void writeHtml(List<ConformanceReport> reports, List<String> problems, String title, Path file)
            throws IOException {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;"
                        + "margin-bottom:2em}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                        + "th{background:#eee}.PASS{background:#e6f4e6}.WARN{background:#fff4d6}.FAIL{background:#fde2e2}"
                        + ".verdict{font-weight:bold}</style></head><body>\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        long failed = reports.stream().filter(r -> !r.passed()).count();
        h.append("<p>").append(reports.size()).append(" provider(s) checked, ").append(failed).append(" failed, ")
                .append(problems.size()).append(" problem(s).</p>\n");
        if (!problems.isEmpty()) {
            h.append("<h2>Problems</h2><ul>\n");
            for (String p : problems) {
                h.append("<li class=\"FAIL\">").append(esc(p)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        for (ConformanceReport r : reports) {
            h.append("<h2>").append(esc(r.subject())).append("</h2>\n<p>").append(esc(r.name())).append(" — ")
                    .append(esc(r.origin())).append(String.format(Locale.ROOT, " — %d pass, %d warn, %d fail, %.1f s",
                            r.count(Verdict.PASS), r.count(Verdict.WARN), r.count(Verdict.FAIL), r.seconds()))
                    .append("</p>\n<table><tr><th>Result</th><th>Check</th><th>Expectation</th><th>Observed</th><th>Hint</th></tr>\n");
            for (CheckResult c : r.results()) {
                h.append("<tr class=\"").append(c.verdict()).append("\"><td class=\"verdict\">").append(c.verdict())
                        .append("</td><td>").append(esc(c.check())).append("</td><td>").append(esc(c.expectation()))
                        .append("</td><td>").append(esc(c.observed())).append("</td><td>")
                        .append(c.verdict() == Verdict.PASS ? "" : esc(c.hint())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        Path tmp = tempBeside(file);
        try {
            Files.writeString(tmp, h, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        moveInPlace(tmp, file);
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A report is written beside its target under a hidden name and renamed over it only when complete. */
    private static Path tempBeside(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createTempFile(parent, ".report-", ".part");
    }

    private static void moveInPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
