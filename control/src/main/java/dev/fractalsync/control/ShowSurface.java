package dev.fractalsync.control;

/**
 * What a live run offers its control page. Called from the server's event loop: every method returns quickly and
 * never blocks on the renderer or the audio.
 */
public interface ShowSurface {
    /** The show as it is now. */
    ShowStatus status();

    /**
     * Carries out one command.
     *
     * @throws IllegalArgumentException with a one-line reason when the command names something this show lacks (an
     *                                  unknown preset, a display that does not exist)
     */
    void apply(ControlCommand command);

    /** The latest rendered frame as a small JPEG for the page's preview, or null when none is ready. */
    byte[] preview();
}
