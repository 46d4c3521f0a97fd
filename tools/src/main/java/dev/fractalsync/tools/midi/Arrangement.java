package dev.fractalsync.tools.midi;

import dev.fractalsync.audio.demo.SongTruth;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated song: the MIDI {@link Sequence} (PPQ 480, tempo map in track 0) and its exact truth.
 * <p>
 * Truth conventions: {@code truth.bpm} is the initial tempo in beats per minute and {@code truth.beatsPerBar} the
 * beats per bar, where the beat is the quarter note in 4/4 and 3/4 and the <b>dotted quarter</b> in 6/8 (two beats per
 * bar); {@link #beatUnit()} says which. Beat and downbeat times are seconds from the start of the audio, computed from
 * the same integer tempo events as the file, including tempo ramps. Sections cover [0, duration): a leading
 * {@code silence} before the first note, the song's sections, optional mid-song stops ({@code silence}), and a
 * trailing {@code silence} while the last notes ring out.
 *
 * @param sequence      the MIDI sequence
 * @param truth         beats, downbeats, sections, duration (the demo truth format)
 * @param seed          generator seed
 * @param style         pop, rock, dance, ballad or waltz
 * @param meter         4/4, 3/4 or 6/8
 * @param beatUnit      quarter or dotted-quarter
 * @param hasDrums      whether channel 10 plays
 * @param swing         swing amount 0 (straight) to 1 (triplet swing) of off-beat eighths
 * @param tempoRamps    descriptions of gradual tempo changes, e.g. "accel 120.0->126.0 bars 40-43"
 * @param chorusContrast 0..1, how much louder/denser choruses are than verses
 * @param key           key, e.g. "D minor"
 * @param programs      GM programs (0-based) used per role
 * @param form          section labels in order (without the leading and trailing silence)
 */
public record Arrangement(Sequence sequence, SongTruth truth, long seed, String style, String meter, String beatUnit,
                          boolean hasDrums, double swing, List<String> tempoRamps, double chorusContrast, String key,
                          Map<String, List<Integer>> programs, List<String> form) {

    /** The Standard MIDI File (type 1) bytes. */
    public byte[] midiBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(sequence, 1, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write MIDI: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Metadata for corpus listings (JSON-friendly). */
    public Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("style", style);
        m.put("meter", meter);
        m.put("beat_unit", beatUnit);
        m.put("beats_per_bar", truth.beatsPerBar());
        m.put("bpm", truth.bpm());
        m.put("duration", truth.duration());
        m.put("has_drums", hasDrums);
        m.put("swing", swing);
        m.put("tempo_ramps", tempoRamps);
        m.put("chorus_contrast", chorusContrast);
        m.put("key", key);
        m.put("programs", programs);
        m.put("form", form);
        return m;
    }
}
