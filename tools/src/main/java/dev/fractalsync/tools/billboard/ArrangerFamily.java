package dev.fractalsync.tools.billboard;

import java.util.Locale;

/**
 * The ways a transcription is arranged. Verse and chorus differ the same way in every family (the song's own chords
 * and repetition, a melody a few semitones higher, more layers and more intensity in proportion to a per-song
 * contrast that is sometimes small), never by a tell only one family has.
 */
public enum ArrangerFamily {
    /** Drums, bass, a chord instrument, pad, lead. */
    BAND,
    /** Solo piano with sustain pedal, no drums, rubato (±3-6 % tempo drift within each phrase) and loose timing. */
    PIANO,
    /** Strummed acoustic guitar, voice-like lead, light hand percussion, sometimes acoustic bass. */
    ACOUSTIC,
    /** Synth bass and pads, four-on-the-floor kick, build-ups into choruses and drops. */
    ELECTRONIC;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArrangerFamily of(String id) {
        for (ArrangerFamily f : values()) {
            if (f.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown arranger family '" + id + "' (band, piano, acoustic, electronic)");
    }
}
