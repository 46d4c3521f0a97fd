package dev.fractalsync.audio.demo;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Ground truth of a generated song, written next to its WAV as JSON.
 *
 * @param bpm           tempo
 * @param beatsPerBar   meter
 * @param beats         beat instants in seconds
 * @param downbeats     bar starts in seconds (a subset of {@code beats})
 * @param sections      contiguous sections covering [0, duration)
 * @param duration      song length in seconds
 */
public record SongTruth(@JsonProperty("bpm") double bpm,
                        @JsonProperty("beats_per_bar") int beatsPerBar,
                        @JsonProperty("beats") double[] beats,
                        @JsonProperty("downbeats") double[] downbeats,
                        @JsonProperty("sections") List<SectionSpan> sections,
                        @JsonProperty("duration") double duration) {
    public SongTruth {
        beats = beats.clone();
        downbeats = downbeats.clone();
        sections = List.copyOf(sections);
    }

    /** The label at time {@code t} (the last section's label past the end). */
    public String labelAt(double t) {
        for (SectionSpan s : sections) {
            if (t < s.end()) {
                return s.label();
            }
        }
        return sections.get(sections.size() - 1).label();
    }
}
