package dev.fractalsync.app;

/**
 * A mistake on the command line found after parsing (an option value out of range, options that do not go together,
 * a missing FILE): reported as one line naming the problem, a line pointing to the command's {@code --help}, and exit
 * status 2, like picocli's own parse errors. A failure while working (a file that cannot be read or written, a
 * malformed contract) stays an ordinary exception: one line and exit status 1.
 */
public final class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
