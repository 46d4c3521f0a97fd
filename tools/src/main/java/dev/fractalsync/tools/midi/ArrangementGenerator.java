package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;
import java.util.List;

import static dev.fractalsync.tools.midi.Meter.SIX_EIGHT;

/**
 * Generates multi-instrument song arrangements as MIDI with exact beat, downbeat and section truth, deterministically
 * per seed (same seed, identical MIDI bytes).
 * <p>
 * Per song: a style (pop, rock, dance, ballad, waltz), meter (4/4 mostly, 3/4, 6/8 with dotted-quarter beats),
 * tempo 60–190 BPM, sometimes swing, sometimes a gradual tempo ramp, about 15 % without drums, a key, a form drawn
 * from realistic templates over the eight contract labels, GM programs per role and per section, chord progressions
 * per section (verse and chorus differ, the bridge moves to another key area), melody, bass and drum parts whose
 * density and loudness follow the section (sparse verse, building pre-chorus with snare roll, denser louder higher
 * chorus with crashes, lead solo in inst, thin intro, fading outro), fills before most boundaries, and a per-song
 * chorus contrast that is sometimes small.
 */
public final class ArrangementGenerator {
    public static final int PPQ = 480;
    /** Ticks of one sixteenth note, the composition grid. */
    static final int T16 = PPQ / 4;
    /** Seconds of silence after the last bar (notes ring out, labelled silence). */
    public static final double TAIL_SEC = 2.0;

    /** Generates the song of {@code seed}. */
    public Arrangement generate(long seed) {
        try {
            return build(seed);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("generator produced invalid MIDI data: " + e.getMessage(), e);
        }
    }

    // Every step draws from the one random stream in this order; reordering them changes every song.
    private static Arrangement build(long seed) throws InvalidMidiDataException {
        SongRandom rng = new SongRandom(seed);
        SongCharacter song = SongCharacter.draw(rng);
        Meter meter = song.meter();
        List<SongSection> sections = new FormPlanner(rng, song).plan();
        new PartPlanner(rng, song).plan(sections);
        SongTimeline timeline = new SongTimeline(rng, meter, song.bpm(), sections);
        SongMidiWriter midi = new SongMidiWriter(rng, song.swing(), timeline.musicStart());
        midi.tempo(timeline.tempo());
        midi.header(meter, seed);
        Harmony harmony = new Harmony(song.keyRoot(), song.minor(), song.style());
        ChordParts chordParts = new ChordParts(meter, harmony, midi);
        BassPart bassPart = new BassPart(rng, song.style(), meter, harmony, midi);
        LeadParts leadParts = new LeadParts(rng, meter, song.contrast(), harmony, midi);
        DrumPart drumPart = new DrumPart(rng, song.style(), meter, song.contrast(), midi);
        for (int i = 0; i < sections.size(); i++) {
            SongSection sec = sections.get(i);
            if (sec.silent()) {
                continue;
            }
            SongSection next = i + 1 < sections.size() ? sections.get(i + 1) : null;
            boolean last = next == null;
            midi.programs(sec);
            chordParts.chords(sec, last);
            if (sec.pad) {
                chordParts.pad(sec);
            }
            if (sec.bass) {
                bassPart.write(sec, last);
            }
            if (sec.melody) {
                leadParts.melody(sec);
            }
            if (sec.label.equals("inst")) {
                leadParts.solo(sec);
            }
            if (song.drums() && sec.drums) {
                drumPart.write(sec, i > 0 ? sections.get(i - 1) : null, next);
            }
        }
        return new Arrangement(midi.sequence(), timeline.truth(), seed, song.style(), meter.name(),
                meter == SIX_EIGHT ? "dotted-quarter" : "quarter", song.drums(), song.swing(), timeline.ramps(),
                song.contrast(), harmony.keyName(), midi.programsUsed(), sections.stream().map(s -> s.label).toList());
    }
}
