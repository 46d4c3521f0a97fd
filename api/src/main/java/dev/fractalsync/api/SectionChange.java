package dev.fractalsync.api;

/**
 * The engine's current section label changed.
 *
 * @param tSec       stream time at which the new label became the most probable one
 * @param from       the previous section, or {@code null} for the first section of the stream
 * @param to         the new section
 * @param confidence probability of {@code to} when the change was confirmed, in [0,1]
 */
public record SectionChange(double tSec, SectionLabel from, SectionLabel to, double confidence) {
    public SectionChange {
        Checks.finite("t_sec", tSec);
        Checks.inClosed("confidence", confidence, 0, 1);
        if (to == null || to == from) {
            throw new IllegalArgumentException("a section change needs a new label, got " + from + " -> " + to);
        }
    }
}
