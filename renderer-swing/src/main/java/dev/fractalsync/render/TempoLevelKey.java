package dev.fractalsync.render;

/**
 * The beat grid as the window's keys change it: T the tempo level (as tracked, half, double, as tracked …), Enter
 * tap tempo, Backspace back to the tracker's tempo, N a manual cue ("next section now").
 */
public interface TempoLevelKey {
    /** What the HUD shows: the level as the command line spells it, or the hand-set tempo while one is in effect. */
    String level();

    /** Switches to the next level (applied from the engine's next hop on); returns its name. */
    String next();

    /** A tap of tap tempo at {@code whenMillis} (the key event's time); returns a line to print, or null. */
    default String tap(long whenMillis) {
        return null;
    }

    /** Back to the tracker's tempo; returns a line to print, or null. */
    default String release() {
        return null;
    }

    /** "Next section now"; returns a line to print, or null. */
    default String cue() {
        return null;
    }
}
