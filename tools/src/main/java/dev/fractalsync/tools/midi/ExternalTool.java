package dev.fractalsync.tools.midi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs command-line tools (fluidsynth, sox, ffmpeg) with a timeout and one-line errors. */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** Whether {@code name} is an executable on PATH. */
    public static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    /** Fails with a one-line message naming the apt package when {@code name} is not on PATH. */
    public static void require(String name, String aptPackages) throws IOException {
        if (!onPath(name)) {
            throw new IOException(name + " not found on PATH (install it: apt-get install -y " + aptPackages + ")");
        }
    }

    /**
     * Runs {@code command}; stdout and stderr go to a temporary log. Fails with a one-line message holding the last
     * non-blank stderr line on a non-zero exit, and kills the process after {@code timeoutSec}.
     */
    public static void run(List<String> command, double timeoutSec) throws IOException {
        String tool = Path.of(command.get(0)).getFileName().toString();
        Path log = Files.createTempFile("fractalsync-" + tool, ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            boolean done;
            try {
                done = p.waitFor((long) Math.ceil(timeoutSec * 1000), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(tool + " interrupted");
            }
            if (!done) {
                p.destroyForcibly();
                throw new IOException(String.format(java.util.Locale.ROOT, "%s timed out after %.0f s", tool, timeoutSec));
            }
            if (p.exitValue() != 0) {
                throw new IOException(tool + " failed (exit " + p.exitValue() + "): " + lastLine(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(Path log) throws IOException {
        String[] all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\\R");
        List<String> lines = List.of(all);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "(no output)";
    }
}
