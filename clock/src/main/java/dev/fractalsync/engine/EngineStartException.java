package dev.fractalsync.engine;

/** The engine could not start; the message is one line saying why. */
public final class EngineStartException extends RuntimeException {
    public EngineStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
