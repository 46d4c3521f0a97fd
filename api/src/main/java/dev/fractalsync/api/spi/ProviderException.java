package dev.fractalsync.api.spi;

/** A provider cannot open or run; the message is shown to the user as is, so it names the problem. */
public class ProviderException extends Exception {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
