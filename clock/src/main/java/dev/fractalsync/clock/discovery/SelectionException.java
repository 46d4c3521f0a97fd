package dev.fractalsync.clock.discovery;

/** A provider id given on the command line does not name a usable provider. */
public class SelectionException extends Exception {
    public SelectionException(String message) {
        super(message);
    }
}
