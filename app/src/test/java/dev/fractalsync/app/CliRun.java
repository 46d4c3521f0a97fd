package dev.fractalsync.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The CLI run in-process with stdout and stderr captured: what a user would see, for assertions. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        return capture(Main::run, args);
    }

    /** The tools launcher ({@code bin/fractalsync-tools}). */
    static CliRun tools(String... args) {
        return capture(ToolsMain::run, args);
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
