package dev.fractalsync.app;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code analyze --out -} into a full disk fails in one line instead of exiting 0 with the states cut short. */
class AnalyzeStdoutFullTest {
    @Test
    void fullStdoutIsAFailure() {
        OutputStream full = new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 20_000) {
                    throw new IOException("No space left on device");
                }
            }
        };
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(full, false, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(new String[]{"analyze", "demo", "--quiet", "--beat=oscillator", "--out", "-"});
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertEquals(1, code, err.toString(StandardCharsets.UTF_8));
        assertEquals("fractalsync: --out -: cannot write (stdout refused the states: disk full, or the reader closed the pipe)",
                err.toString(StandardCharsets.UTF_8).strip());
    }
}
