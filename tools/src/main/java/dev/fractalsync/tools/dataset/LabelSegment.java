package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.SectionLabel;

/** One labelled section of a track: {@code [start, end)} in seconds. */
public record LabelSegment(double start, double end, SectionLabel label) {
    public LabelSegment {
        if (!(start >= 0) || !(end > start) || Double.isInfinite(end)) {
            throw new IllegalArgumentException("segment needs 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    public boolean contains(double t) {
        return t >= start && t < end;
    }
}
