package dev.fractalsync.render;

/** The user's A/V offset as the window shows and nudges it ('[' earlier, ']' later); positive: visuals later. */
public interface AvOffset {
    /** Step of one key press. */
    double STEP_MS = 5;

    double offsetMs();

    /** Moves the offset by {@code deltaMs}; returns the new offset. */
    double nudge(double deltaMs);
}
