package dev.fractalsync.app;

import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.controller.onnx.OnnxController;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every file of the fuzz corpus ({@code src/test/resources/fuzz}, written by {@link FuzzCorpusGenerator})
 * through the real entry point that would meet it in use: audio and contracts through {@code fractalsync analyze},
 * ONNX files through the anticipator (CLI) and the ONNX controller. Each
 * case must end, within {@link #PER_CASE}, with the outcome {@code cases.properties} names: a clear one-line error
 * naming the file, a success that logged the NaN/Inf sanitization, or a plain success.
 */
class FuzzCorpusTest {
    private static final Duration PER_CASE = Duration.ofSeconds(20);
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger CLEAR_ERRORS = new AtomicInteger();
    private static final AtomicInteger SANITIZED = new AtomicInteger();
    private static final AtomicInteger SUCCESSES = new AtomicInteger();

    @TempDir
    static Path tmp;


    @TestFactory
    List<DynamicTest> everyCorpusFile() throws IOException, URISyntaxException {
        Path root = Path.of(FuzzCorpusTest.class.getResource("/fuzz/cases.properties").toURI()).getParent();
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("cases.properties"))) {
            props.load(in);
        }
        Map<String, String> cases = new TreeMap<>();
        props.forEach((k, v) -> cases.put((String) k, (String) v));
        assertTrue(cases.size() > 60, "corpus cases: " + cases.size());
        Path validWav = root.resolve("audio/ok-valid-short.wav");
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = root.resolve(c.getKey());
            assertTrue(Files.isRegularFile(file), "corpus file missing: " + file);
            String expected = c.getValue();
            String kind = c.getKey().substring(0, c.getKey().indexOf('/'));
            switch (kind) {
                case "audio" -> tests.add(test(c.getKey() + " -> " + expected, () -> audio(file, expected)));
                case "contract" -> tests.add(test(c.getKey() + " -> " + expected, () -> contract(file, validWav, expected)));
                case "onnx" -> {
                    tests.add(test(c.getKey() + " as anticipator", () -> anticipator(file, validWav)));
                    tests.add(test(c.getKey() + " as controller", () -> controller(file)));
                }
                default -> throw new IllegalStateException("unknown corpus folder " + kind);
            }
        }
        // Wrong tensor names and shapes: each bundled model handed to the other provider.
        tests.add(test("controller.onnx as anticipator", () -> anticipator(
                copyResource("/dev/fractalsync/controller/onnx/controller.onnx"), validWav)));
        tests.add(test("anticipator.onnx as controller", () -> controller(
                copyResource("/dev/fractalsync/structure/anticipator/anticipator.onnx"))));
        return tests;
    }

    @AfterAll
    static void summary() {
        System.out.printf("fuzz corpus: %d cases, %d clear errors, %d sanitized successes, %d plain successes, "
                        + "0 crashes, 0 hangs (per-case timeout %d s)%n", CASES.get(), CLEAR_ERRORS.get(),
                SANITIZED.get(), SUCCESSES.get(), PER_CASE.toSeconds());
    }

    private static DynamicTest test(String name, Executable body) {
        return DynamicTest.dynamicTest(name, () -> {
            assertTimeoutPreemptively(PER_CASE, body);
            CASES.incrementAndGet();
        });
    }

    private static void audio(Path file, String expected) throws IOException {
        Path out = Files.createTempFile(tmp, "states", ".jsonl");
        expectOutcome(CliRun.of("analyze", file.toString(), "--out", out.toString(), "--quiet"), file, out, expected);
    }

    private static void expectOutcome(CliRun r, Path file, Path out, String expected) throws IOException {
        switch (expected) {
            case "error" -> assertClearError(r, file);
            case "sanitized", "ok" -> {
                assertEquals(0, r.code(), r.err());
                assertTrue(Files.size(out) > 0, "no states written for " + file);
                assertNoStackTrace(r);
                boolean logged = r.err().contains("NaN/Inf samples were replaced by silence");
                assertEquals(expected.equals("sanitized"), logged, "sanitization log for " + file + ": " + r.err());
                (logged ? SANITIZED : SUCCESSES).incrementAndGet();
            }
            default -> throw new IllegalStateException("unknown expected outcome " + expected);
        }
    }

    private static void contract(Path file, Path validWav, String expected) throws IOException {
        Path out = Files.createTempFile(tmp, "states", ".jsonl");
        expectOutcome(CliRun.of("analyze", validWav.toString(), "--contract", file.toString(), "--out", out.toString(),
                "--quiet"), file, out, expected);
    }

    private static void anticipator(Path model, Path validWav) throws IOException {
        Path out = Files.createTempFile(tmp, "states", ".jsonl");
        assertClearError(CliRun.of("analyze", validWav.toString(), "--structure", "anticipator", "--structure-opt",
                "model=" + model, "--out", out.toString(), "--quiet"), model);
    }

    private static void controller(Path model) {
        OnnxController controller = new OnnxController();
        ProviderException e = assertThrows(ProviderException.class, () -> controller.open(
                new ProviderContext(ContractFiles.v1(), 1, 0L, Map.of("model", model.toString()))));
        controller.close();
        assertTrue(e.getMessage().contains(model.toString()), "message names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        CLEAR_ERRORS.incrementAndGet();
    }

    private static void assertClearError(CliRun r, Path file) {
        assertEquals(1, r.code(), "exit code for " + file + "; stderr: " + r.err());
        assertNoStackTrace(r);
        List<String> errorLines = r.err().lines().filter(l -> l.startsWith("fractalsync: ")).toList();
        assertEquals(1, errorLines.size(), "one error line expected: " + r.err());
        assertTrue(errorLines.get(0).contains(file.toString()), "error names the file: " + errorLines.get(0));
        CLEAR_ERRORS.incrementAndGet();
    }

    private static void assertNoStackTrace(CliRun r) {
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertFalse(r.out().contains("\tat "), "no stack trace: " + r.out());
    }

    private static Path copyResource(String name) throws IOException {
        try (InputStream in = FuzzCorpusTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing resource " + name);
            Path file = tmp.resolve(name.substring(name.lastIndexOf('/') + 1));
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

}
