package dev.fractalsync.api;

/**
 * The engine's held section label ({@link SlowState#section()}) changed.
 *
 * @param tSec       stream time of the first slow state that holds the new label (the state's {@code t_sec})
 * @param from       the previous section, or {@code null} for the first section of the stream
 * @param to         the new section
 * @param confidence the structure provider's probability of {@code to} at that state, in [0,1]
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
