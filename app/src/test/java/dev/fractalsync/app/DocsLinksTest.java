package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation stays usable: the README is short (at most 250 lines) and keeps the two commands a newcomer
 * runs first, every relative Markdown link in README.md and docs/*.md points to a file that exists (and, with a
 * {@code #fragment}, to a heading that exists), and the plugin guide shows every method of the provider SPIs as the
 * sources declare it.
 */
class DocsLinksTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("README.md");
    static final int README_MAX_LINES = 250;

    /** {@code [text](target)} or {@code [text](target "title")}; images too. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    /** A method declaration of an SPI interface, one line, four spaces in. */
    private static final Pattern SPI_METHOD = Pattern.compile(
            "^ {4}(?:default\\s+)?[\\w.<>\\[\\], ]+\\s+\\w+\\([^)]*\\)(?:\\s+throws\\s+[\\w, ]+)?\\s*[;{]\\s*$");

    @Test
    void readmeIsShort() throws IOException {
        long lines = Files.readAllLines(README).size();
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines, at most " + README_MAX_LINES
                + " allowed: move the detail into docs/ and link it");
    }

    @Test
    void readmeKeepsTheTwoCommands() throws IOException {
        String readme = Files.readString(README);
        for (String command : List.of("mvn -q -DskipTests package && bin/fractalsync run demo",
                "xvfb-run -a -s \"-screen 0 1280x720x24\" mvn -B verify")) {
            assertTrue(readme.contains("```bash\n" + command + "\n```"), "README.md must show, fenced: " + command);
        }
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("xvfb-run -a -s \"-screen 0 1280x720x24\" mvn -B verify"),
                ".ci/run runs the README's test command");
    }

    @Test
    void relativeLinksResolve() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (String target : links(doc)) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String fragment = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = ROOT.relativize(doc) + ": (" + target + ")";
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(where + " -> no such file " + resolved);
                } else if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(fragment)) {
                    broken.add(where + " -> no heading '" + fragment + "' in " + ROOT.relativize(resolved));
                }
            }
        }
        assertTrue(checked > 20, "expected the README and the guides to link each other, found " + checked + " links");
        assertTrue(broken.isEmpty(), "broken relative links:\n" + String.join("\n", broken));
    }

    @Test
    void pluginGuideShowsEverySpiMethod() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/plugin-guide.md"));
        Path spi = ROOT.resolve("api/src/main/java/dev/fractalsync/api/spi");
        List<String> missing = new ArrayList<>();
        int methods = 0;
        for (String type : List.of("Provider", "BeatClockProvider", "StructureProvider", "ControllerProvider")) {
            for (String line : Files.readAllLines(spi.resolve(type + ".java"))) {
                if (SPI_METHOD.matcher(line).matches()) {
                    methods++;
                    if (!guide.contains(line.strip())) {
                        missing.add(type + ": " + line.strip());
                    }
                }
            }
        }
        assertTrue(methods >= 11, "found only " + methods + " SPI methods; has the SPI layout changed?");
        assertTrue(missing.isEmpty(), "docs/plugin-guide.md must show these SPI methods as declared:\n"
                + String.join("\n", missing));
    }

    static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(README);
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** Link targets outside fenced code blocks and inline code. */
    static List<String> links(Path doc) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`(?!\\])", "``"));
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives a file's headings: lowercase, punctuation dropped, spaces to '-', -1, -2 for repeats. */
    static Set<String> anchors(Path doc) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (fenced || !m.matches()) {
                continue;
            }
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String anchor = slug;
            for (int i = 1; !anchors.add(anchor); i++) {
                anchor = slug + "-" + i;
            }
        }
        return anchors;
    }
}
