package dev.fractalsync.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file the command line writes, all or nothing: the bytes go to a temporary file beside the target, which replaces
 * the target only on {@link #commit()}. A failure, a hang or Ctrl-C before that leaves the previous file as it was
 * (the temporary file is removed on close and on JVM exit). A target that exists and is not a regular file (a
 * device such as {@code /dev/null}, a named pipe, {@code /dev/fd/N} of a process substitution) is written directly:
 * renaming onto it would replace the device or pipe with a file.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    private final String option;
    private final Path temp;
    private final OutputStream out;
    private boolean committed;

    private OutputFile(Path target, String option, Path temp, OutputStream out) {
        this.target = target;
        this.option = option;
        this.temp = temp;
        this.out = out;
    }

    /**
     * Starts writing {@code target} (the value of {@code option}, for messages), creating missing parent directories.
     *
     * @throws IOException with one line naming the option, the path and what is wrong
     */
    static OutputFile create(Path target, String option) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException(option + " " + target + ": is a directory, not a file");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            try {
                return new OutputFile(target, option, null, new BufferedOutputStream(Files.newOutputStream(target), 1 << 16));
            } catch (IOException e) {
                throw new IOException(option + " " + target + ": cannot write there (" + reason(e) + ")", e);
            }
        }
        Path parent = target.toAbsolutePath().normalize().getParent();
        createDirectories(parent, option);
        try {
            Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".part");
            temp.toFile().deleteOnExit(); // Ctrl-C: no half-written leftovers either
            return new OutputFile(target, option, temp, new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
        } catch (IOException e) {
            throw new IOException(option + " " + target + ": cannot write there (" + reason(e) + ")", e);
        }
    }

    /**
     * Checks before a long run that {@code target} can be written later (its directory exists or can be created, and
     * it is not a directory), so a bad path fails at once rather than after the analysis.
     */
    static void checkWritable(Path target, String option) throws IOException {
        if (target == null) {
            return;
        }
        if (Files.isDirectory(target)) {
            throw new IOException(option + " " + target + ": is a directory, not a file");
        }
        createDirectories(target.toAbsolutePath().normalize().getParent(), option);
    }

    /** Creates {@code dir} and its parents, with a message that says why not when it cannot. */
    static void createDirectories(Path dir, String option) throws IOException {
        if (dir == null) {
            return;
        }
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException(option + ": cannot create directory " + dir + ": " + p + " is a file");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(option + ": cannot create directory " + dir + " (" + reason(e) + ")", e);
        }
    }

    /** What went wrong, in words (the JDK's file exceptions often carry only the path). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "a parent is a file, not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Refuses an output that is the input file (it would be overwritten). */
    /**
     * Refuses {@code -} for an output that cannot be a stream (a directory, a model file written in place): without
     * this it would be a file or directory named "-".
     */
    static void refuseStdout(Path output, String option, String what) {
        if (output != null && output.toString().equals("-")) {
            throw new IllegalArgumentException(option + " - (stdout) is not possible here: " + option + " names " + what);
        }
    }

    static void refuseInput(Path output, String option, Path input) {
        if (output == null || input == null) {
            return;
        }
        boolean same;
        try {
            same = Files.exists(output) && Files.exists(input) ? Files.isSameFile(output, input)
                    : output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize());
        } catch (IOException e) {
            same = false;
        }
        if (same) {
            throw new IllegalArgumentException(option + " " + output + " is the input file; choose another name "
                    + "(writing it would destroy the input)");
        }
    }

    OutputStream stream() {
        return out;
    }

    /** Replaces the target with what was written. */
    void commit() throws IOException {
        out.close();
        if (temp == null) {
            committed = true;
            return;
        }
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException(option + " " + target + ": cannot replace it (" + reason(e) + ")", e);
        }
        committed = true;
    }

    /** Without a commit: discards what was written; the target stays as it was. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // the temporary file is deleted below either way
        }
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
    }

    /** Writes {@code target} in one go through {@code body}. */
    static void write(Path target, String option, IoBody body) throws IOException {
        try (OutputFile f = create(target, option)) {
            body.write(f.stream());
            f.commit();
        }
    }

    interface IoBody {
        void write(OutputStream out) throws IOException;
    }
}
