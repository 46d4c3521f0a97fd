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
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A file the command line writes, all or nothing: the bytes go to a temporary file beside the target, which replaces
 * the target only on {@link #commit()}. A failure, a hang or Ctrl-C before that leaves the previous file as it was
 * (the temporary file is removed on close and on JVM exit). A target that exists and is not a regular file (a
 * device such as {@code /dev/null}, a named pipe, {@code /dev/fd/N} of a process substitution) is written directly:
 * renaming onto it would replace the device or pipe with a file.
 */
public final class OutputFile implements AutoCloseable {
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
            throw new IOException(option + " " + target + ": is a directory; give a file name (e.g. " + target
                    .resolve("out" + extension(option)) + ")");
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
        Path temp = null;
        try {
            Temp t = newTemp(parent, "." + target.getFileName(), ".part");
            temp = t.path();
            temp.toFile().deleteOnExit(); // Ctrl-C: no half-written leftovers either
            keepMode(target, temp);
            return new OutputFile(target, option, temp, new BufferedOutputStream(t.out(), 1 << 16));
        } catch (IOException e) {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            throw cannotWrite(target, option, e);
        }
    }

    /** A new, empty file of a name not taken yet in {@code dir}, open for writing. */
    record Temp(Path path, OutputStream out) {
    }

    /**
     * Creates a new file in {@code dir} with the permissions of any file a program creates there (0666 less the
     * umask: 0644 under umask 022, as {@code cp} and editors do), unlike {@code Files.createTempFile}, whose 0600 the
     * rename would carry over to the output.
     */
    static Temp newTemp(Path dir, String prefix, String suffix) throws IOException {
        // a long target name must not make its temporary name exceed the usual 255-byte limit of a file name
        int room = MAX_NAME_BYTES - 13 - suffix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        while (prefix.length() > 1 && prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > room) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                return new Temp(p, Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final int MAX_NAME_BYTES = 255;

    /**
     * Replacing a file keeps its permissions (a file made group-writable on purpose stays so), and, where the user may
     * (root), its owner and group, as editors do.
     */
    private static void keepMode(Path target, Path temp) {
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
                if (!old.owner().equals(Files.getOwner(temp))) {
                    try {
                        view.setOwner(old.owner());
                        view.setGroup(old.group());
                    } catch (IOException notRoot) {
                        // only root may give a file away: the new file is the user's own
                    }
                }
                Set<PosixFilePermission> mode = old.permissions();
                Files.setPosixFilePermissions(temp, mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not POSIX, or not ours to read: the new file keeps the umask's permissions
        }
    }

    private static IOException cannotWrite(Path target, String option, IOException e) {
        Path dir = target.toAbsolutePath().normalize().getParent();
        return new IOException(option + " " + target + ": cannot write in " + (dir == null ? "/" : dir) + " ("
                + reason(e) + "); choose another directory or make that one writable", e);
    }

    /**
     * Checks before a long run that {@code target} can be written later: it is not a directory, its directory exists
     * or can be created, and a file can be created there (tried with a probe file, removed at once: this is the only
     * test that a read-only file system, an ACL or root squash cannot fool). So a bad path fails in one line before
     * any work, rather than after the analysis.
     */
    static void checkWritable(Path target, String option) throws IOException {
        if (target == null || target.toString().equals("-")) {
            return;
        }
        if (Files.isDirectory(target)) {
            throw new IOException(option + " " + target + ": is a directory; give a file name (e.g. " + target
                    .resolve("out" + extension(option)) + ")");
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            if (!Files.isWritable(target)) {
                throw new IOException(option + " " + target + ": cannot write there (permission denied)");
            }
            return; // a device or pipe is written directly; opening a pipe now would wait for its reader
        }
        Path dir = target.toAbsolutePath().normalize().getParent();
        createDirectories(dir, option);
        checkDirectoryWritable(dir, target, option);
    }

    /** A file can be created in {@code dir} (for the output {@code target} of {@code option}, for the message). */
    static void checkDirectoryWritable(Path dir, Path target, String option) throws IOException {
        Path probe = null;
        try {
            Temp t = newTemp(dir, ".fractalsync-probe-", ".tmp");
            probe = t.path();
            t.out().close();
        } catch (IOException e) {
            throw cannotWrite(target, option, e);
        } finally {
            if (probe != null) {
                Files.deleteIfExists(probe);
            }
        }
    }

    /** Creates {@code dir} and its parents, with a message that says why not when it cannot. */
    static void createDirectories(Path dir, String option) throws IOException {
        if (dir == null) {
            return;
        }
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException(option + ": cannot create directory " + dir + ": " + p + " is a file; choose "
                        + "another path");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException(option + ": cannot create directory " + dir + " (" + reason(e) + "); choose another "
                    + "directory or create it yourself", e);
        }
    }

    private static String extension(String option) {
        return switch (option) {
            case "--plot" -> ".png";
            case "--out" -> ".jsonl";
            case "--sections" -> ".lab";
            case "--video" -> ".mp4";
            case "--json" -> ".json";
            default -> ".txt";
        };
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

    /**
     * Refuses {@code -} for an output that cannot be a stream (a directory, a model file written in place): without
     * this it would be a file or directory named "-".
     */
    public static void refuseStdout(Path output, String option, String what) {
        if (output != null && output.toString().equals("-")) {
            throw new UsageException(option + " - (stdout) is not possible here: " + option + " names " + what);
        }
    }

    /** Refuses an output that is the input file (it would be overwritten). */
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
            throw new UsageException(option + " " + output + " is the input file; choose another name "
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
            throw new IOException(option + " " + target + ": cannot replace it (" + reason(e) + "); choose another name "
                    + "or make it and its directory writable", e);
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
