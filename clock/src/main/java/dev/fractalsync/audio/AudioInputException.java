package dev.fractalsync.audio;

/** Audio cannot be read; the message names the file and the problem in one line. */
public class AudioInputException extends Exception {
    public AudioInputException(String message) {
        super(message);
    }

    public AudioInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
