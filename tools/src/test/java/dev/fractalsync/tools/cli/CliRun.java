package dev.fractalsync.tools.cli;

import dev.fractalsync.app.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Either launcher run in-process with stdout and stderr captured: what a user would see, for assertions. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        return capture(Main::run, args);
    }

    /** The tools launcher ({@code bin/fractalsync-tools}). */
    static CliRun tools(String... args) {
        return capture(ToolsMain::run, args);
    }

    /**
     * Asserts a usage error: exit 2 and stderr exactly {@code line} (without the "fractalsync: " prefix) followed by
     * the pointer to {@code command}'s help, nothing else.
     */
    void assertUsageError(String command, String line) {
        org.junit.jupiter.api.Assertions.assertEquals(2, code, err);
        org.junit.jupiter.api.Assertions.assertEquals("fractalsync: " + line + System.lineSeparator() + "see '"
                + command + " --help'", err.strip());
    }

    /** Asserts a usage error whose line starts with {@code start}; returns the line. */
    String assertUsageErrorStartingWith(String command, String start) {
        org.junit.jupiter.api.Assertions.assertEquals(2, code, err);
        java.util.List<String> lines = err.strip().lines().toList();
        org.junit.jupiter.api.Assertions.assertEquals(2, lines.size(), err);
        org.junit.jupiter.api.Assertions.assertTrue(lines.get(0).startsWith("fractalsync: " + start), err);
        org.junit.jupiter.api.Assertions.assertEquals("see '" + command + " --help'", lines.get(1), err);
        return lines.get(0);
    }

    /** Asserts a failure: exit 1 and stderr exactly the one line {@code line} (without the prefix). */
    void assertFailure(String line) {
        org.junit.jupiter.api.Assertions.assertEquals(1, code, err);
        org.junit.jupiter.api.Assertions.assertEquals("fractalsync: " + line, err.strip());
    }

    private static CliRun capture(java.util.function.ToIntFunction<String[]> cli, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = cli.applyAsInt(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }
}
