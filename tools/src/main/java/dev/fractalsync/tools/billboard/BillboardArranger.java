package dev.fractalsync.tools.billboard;

import dev.fractalsync.audio.demo.SongTruth;
import dev.fractalsync.tools.midi.Arrangement;

import javax.sound.midi.InvalidMidiDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realizes a {@link Transcription} as a multi-track MIDI arrangement in one {@link ArrangerFamily}, following the
 * song's own bar times, metre, chords, form and lead-instrument passages, with exact truth: beats and downbeats from
 * the bar times (warped with the rubato for the piano family, so truth and notes agree), sections from
 * {@link SectionMapping}.
 * <p>
 * The MIDI file has one fixed tempo (120 BPM at 480 PPQ, 960 ticks a second) and places every note at its time in
 * seconds, so the recording's tempo drift needs no tempo map. Sections with the same Billboard letter get the same
 * melody (the song's repetition is audible), a melody sits a few semitones higher in choruses, and the intensity and
 * number of layers follow the section through a per-song contrast that is sometimes small.
 */
public final class BillboardArranger {
    static final int PPQ = 480;
    static final double TICKS_PER_SECOND = 960.0;
    /** Seconds after the last bar: the notes ring out, labelled silence. */
    public static final double TAIL_SEC = 2.0;

    public Arrangement arrange(Transcription t, ArrangerFamily family, long seed) {
        try {
            return build(t, family, seed);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("arranger produced invalid MIDI data: " + e.getMessage(), e);
        }
    }

    // Everything draws from one rng: the plan in this order (contrast, rubato, energies, programs), then each bar's
    // accompaniment and melody (velocities, timing jitter, choices). Reordering any of it changes every arrangement.
    private static Arrangement build(Transcription t, ArrangerFamily family, long seed)
            throws InvalidMidiDataException {
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + family.ordinal() * 7919L + 17);
        double contrast = SectionEnergy.drawContrast(rng);
        BeatGrid grid = family == ArrangerFamily.PIANO ? BeatGrid.rubato(t, rng) : BeatGrid.plain(t);
        SectionEnergy energy = new SectionEnergy(t, contrast, rng);
        SongKey key = SongKey.of(t);
        FamilyInstruments instruments = FamilyInstruments.draw(family, rng);
        TimedMidiWriter midi = new TimedMidiWriter(family, rng);
        Accompaniment accompaniment = Accompaniment.of(family, t, grid, instruments, midi, rng, seed);
        LeadMelody melody = new LeadMelody(t, family, seed, grid, key, instruments, midi);
        List<Transcription.Bar> bars = t.bars();
        for (int b = 0; b < bars.size(); b++) {
            Transcription.Bar bar = bars.get(b);
            if (bar.pause() || t.sections().get(bar.section()).label().equals("silence")) {
                continue;
            }
            double e = energy.at(b);
            midi.setBarStart(grid.beatTimes(b)[0] - 0.03);
            accompaniment.bar(b, e);
            if (bar.lead() != null && !(family == ArrangerFamily.PIANO && bar.lead().contains("drum"))) {
                melody.bar(b, e);
            }
        }
        for (Transcription.Section s : t.sections()) {
            if (s.function().equals("fadeout")) {
                midi.fadeOut(s.start(), s.end());
            }
        }
        SongTruth truth = BillboardTruth.of(t, grid);
        List<String> form = new ArrayList<>();
        for (Transcription.Section s : t.sections()) {
            form.add(s.label());
        }
        boolean drums = family != ArrangerFamily.PIANO;
        return new Arrangement(midi.sequence(), truth, seed, family.id(), t.metre(),
                t.compound() ? "dotted-quarter" : "quarter", drums, 0, List.of(), round2(energy.contrast()), key.name(),
                midi.programsUsed(), form);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
