package dev.fractalsync.tools.dataset;

/** A teacher label file cannot be used; the message names the file, the line and the problem. */
public final class LabelFormatException extends Exception {
    public LabelFormatException(String message) {
        super(message);
    }
}
