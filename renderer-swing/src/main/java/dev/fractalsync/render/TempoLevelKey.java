package dev.fractalsync.render;

/** The published tempo level as the window shows and switches it (T: as tracked, half, double, as tracked …). */
public interface TempoLevelKey {
    /** The level's name as the command line spells it: {@code as-tracked}, {@code half}, {@code double}. */
    String level();

    /** Switches to the next level (applied from the engine's next hop on); returns its name. */
    String next();
}
