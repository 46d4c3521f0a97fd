package dev.fractalsync.audio.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fractalsync.api.SectionLabel;

/** A labelled section of a song, [start, end) in seconds. */
public record SectionSpan(@JsonProperty("start") double start, @JsonProperty("end") double end,
                          @JsonProperty("label") String label) {
    public SectionSpan {
        SectionLabel.ofContractName(label);
        if (!(start >= 0 && end > start)) {
            throw new IllegalArgumentException("section must have 0 <= start < end, got [" + start + ", " + end + ")");
        }
    }

    public SectionLabel sectionLabel() {
        return SectionLabel.ofContractName(label);
    }
}
