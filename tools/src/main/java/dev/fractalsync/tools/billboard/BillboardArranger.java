package dev.fractalsync.tools.billboard;

import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;
import dev.fractalsync.tools.midi.Arrangement;

import javax.sound.midi.InvalidMidiDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_ARP;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_BASS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_CHORDS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_LEAD;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_PAD;

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
    /** Spans shorter than this are merged into the next one (a 70 ms lead-in is not a section). */
    static final double MIN_SPAN_SEC = 0.5;

    private static final int KICK_SOFT = 35;
    private static final int KICK = 36;
    private static final int SIDESTICK = 37;
    private static final int SNARE = 38;
    private static final int CLAP = 39;
    private static final int HAT = 42;
    private static final int OPEN_HAT = 46;
    private static final int LOW_TOM = 45;
    private static final int MID_TOM = 47;
    private static final int HIGH_TOM = 50;
    private static final int CRASH = 49;
    private static final int RIDE = 51;
    private static final int TAMBOURINE = 54;
    private static final int MARACAS = 70;

    public Arrangement arrange(Transcription t, ArrangerFamily family, long seed) {
        try {
            return new Song(t, family, seed).build();
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("arranger produced invalid MIDI data: " + e.getMessage(), e);
        }
    }

    /** Semitones the melody sits above the verse's register. */
    static int registerShift(String label) {
        return switch (label) {
            case "chorus" -> 4;
            case "pre-chorus", "bridge" -> 2;
            case "intro", "outro" -> -2;
            default -> 0;
        };
    }

    private static final class Song {
        final Transcription t;
        final ArrangerFamily family;
        final long seed;
        final Random rng;
        final BeatGrid grid;
        final SectionEnergy energy;
        final int stepsPerBeat;
        final SongKey key;
        final FamilyInstruments instruments;
        final TimedMidiWriter midi;

        Song(Transcription t, ArrangerFamily family, long seed) throws InvalidMidiDataException {
            this.t = t;
            this.family = family;
            this.seed = seed;
            this.rng = new Random(seed * 0x9E3779B97F4A7C15L + family.ordinal() * 7919L + 17);
            double contrast = SectionEnergy.drawContrast(rng);
            this.grid = family == ArrangerFamily.PIANO ? BeatGrid.rubato(t, rng) : BeatGrid.plain(t);
            this.stepsPerBeat = grid.stepsPerBeat();
            this.energy = new SectionEnergy(t, contrast, rng);
            this.key = SongKey.of(t);
            this.instruments = FamilyInstruments.draw(family, rng);
            this.midi = new TimedMidiWriter(family, rng);
        }

        Arrangement build() throws InvalidMidiDataException {
            List<Transcription.Bar> bars = t.bars();
            for (int b = 0; b < bars.size(); b++) {
                Transcription.Bar bar = bars.get(b);
                if (bar.pause() || t.sections().get(bar.section()).label().equals("silence")) {
                    continue;
                }
                double e = energy.at(b);
                midi.setBarStart(grid.beatTimes(b)[0] - 0.03);
                switch (family) {
                    case BAND -> band(b, e);
                    case PIANO -> piano(b, e);
                    case ACOUSTIC -> acoustic(b, e);
                    case ELECTRONIC -> electronic(b, e);
                }
                if (bar.lead() != null && !(family == ArrangerFamily.PIANO && bar.lead().contains("drum"))) {
                    melody(b, e);
                }
            }
            for (Transcription.Section s : t.sections()) {
                if (s.function().equals("fadeout")) {
                    midi.fadeOut(s.start(), s.end());
                }
            }
            SongTruth truth = truth();
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

        boolean lastBarsBefore(int b, int count, String nextLabel) {
            List<Transcription.Bar> bars = t.bars();
            int s = bars.get(b).section();
            int j = b + 1;
            int left = 0;
            while (j < bars.size() && bars.get(j).section() == s) {
                j++;
                left++;
            }
            return left < count && j < bars.size() && t.sections().get(bars.get(j).section()).label().equals(nextLabel);
        }

        boolean firstBarOfSection(int b) {
            return b == 0 || t.bars().get(b - 1).section() != t.bars().get(b).section();
        }

        int barInSection(int b) {
            int i = b;
            while (i > 0 && t.bars().get(i - 1).section() == t.bars().get(b).section()) {
                i--;
            }
            return b - i;
        }

        // ------------------------------------------------------------------ families

        void band(int b, double e) throws InvalidMidiDataException {
            Transcription.Bar bar = t.bars().get(b);
            midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "chords");
            int steps = bar.beats() * stepsPerBeat;
            int vel = midi.velocity(e, 0);
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone()) {
                    continue;
                }
                boolean change = beat == 0 || !sameChord(c, bar.chords()[beat - 1]);
                if (e < 0.4) {
                    if (change) {
                        chord(CH_CHORDS, c, grid.at(b, beat), holdBeats(bar, beat, b), vel, 55);
                    }
                } else if (e < 0.6) {
                    chord(CH_CHORDS, c, grid.at(b, beat), 0.9 * grid.beatSec(b, beat), vel - (beat % 2 == 0 ? 0 : 8), 55);
                } else {
                    for (int s = 0; s < stepsPerBeat; s++) {
                        double p = beat + s / (double) stepsPerBeat;
                        chord(CH_CHORDS, c, grid.at(b, p), 0.8 * grid.beatSec(b, beat) / stepsPerBeat, vel - (s == 0 ? 0 : 12), 57);
                    }
                }
            }
            if (e >= 0.55) {
                midi.setProgram(CH_PAD, instruments.padProgram(), "pad");
                padChords(b, bar, midi.velocity(e, -25), 67);
            }
            if (e >= 0.34) {
                bass(b, bar, e);
            }
            if (e >= 0.3) {
                drumsBand(b, bar, e, steps);
            }
        }

        void piano(int b, double e) throws InvalidMidiDataException {
            Transcription.Bar bar = t.bars().get(b);
            midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "piano");
            int vel = midi.velocity(e, -4);
            Chord prev = null;
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone()) {
                    prev = c;
                    continue;
                }
                boolean change = prev == null || !sameChord(c, prev);
                prev = c;
                if (change) {
                    double when = grid.at(b, beat);
                    midi.cc(CH_CHORDS, when - 0.02, 64, 0);
                    midi.cc(CH_CHORDS, when + 0.03, 64, 127);
                }
                int bassNote = 36 + Math.floorMod(c.bass(), 12);
                if (e < 0.42) {
                    if (change) {
                        double hold = holdBeats(bar, beat, b);
                        midi.note(CH_CHORDS, grid.at(b, beat), hold, bassNote, vel);
                        chord(CH_CHORDS, c, grid.at(b, beat) + 0.03, hold, vel - 10, 55);
                    }
                } else if (e < 0.62) {
                    int[] pcs = c.pitchClasses();
                    int[] arp = {bassNote, 48 + Math.floorMod(pcs[Math.min(pcs.length - 1, 2)], 12),
                            55 + Math.floorMod(pcs[Math.min(pcs.length - 1, 1)] - 7, 12), 60 + Math.floorMod(pcs[0], 12)};
                    for (int s = 0; s < stepsPerBeat; s++) {
                        int idx = (beat * stepsPerBeat + s) % arp.length;
                        double p = beat + s / (double) stepsPerBeat;
                        midi.note(CH_CHORDS, grid.at(b, p), 1.6 * grid.beatSec(b, beat) / stepsPerBeat, arp[idx], vel - (s == 0 ? 0 : 10));
                    }
                } else {
                    if (beat == 0 || change) {
                        midi.note(CH_CHORDS, grid.at(b, beat), grid.beatSec(b, beat) * 2, bassNote - 12, vel + 4);
                        midi.note(CH_CHORDS, grid.at(b, beat), grid.beatSec(b, beat) * 2, bassNote, vel);
                    }
                    chord(CH_CHORDS, c, grid.at(b, beat), 0.85 * grid.beatSec(b, beat), vel - (beat % 2 == 0 ? 4 : 12), 57);
                    if (bar.lead() == null) {
                        chord(CH_CHORDS, c, grid.at(b, beat + 0.5), 0.4 * grid.beatSec(b, beat), vel - 18, 69);
                    }
                }
            }
        }

        void acoustic(int b, double e) throws InvalidMidiDataException {
            Transcription.Bar bar = t.bars().get(b);
            midi.setProgram(CH_CHORDS, instruments.chordsProgram(), "guitar");
            int vel = midi.velocity(e, -2);
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone()) {
                    continue;
                }
                if (e < 0.4) {
                    if (beat % 2 == 0 || !sameChord(c, bar.chords()[beat - 1])) {
                        strum(c, grid.at(b, beat), 2 * grid.beatSec(b, beat), vel, true);
                    }
                } else {
                    for (int s = 0; s < stepsPerBeat; s++) {
                        boolean down = s == 0;
                        double p = beat + s / (double) stepsPerBeat;
                        if (!down && rng.nextDouble() < 0.25) {
                            continue;
                        }
                        strum(c, grid.at(b, p), grid.beatSec(b, beat) / stepsPerBeat * 1.1, vel - (down ? 0 : 14), down);
                    }
                }
            }
            if (instruments.acousticBass() && e >= 0.45) {
                bass(b, bar, Math.min(e, 0.55));
            }
            // light hand percussion
            int steps = bar.beats() * stepsPerBeat;
            if (e >= 0.36) {
                for (int s = 0; s < steps; s++) {
                    midi.drum(grid.at(b, s / (double) stepsPerBeat), MARACAS, midi.velocity(e, s % stepsPerBeat == 0 ? -20 : -32));
                }
            }
            if (e >= 0.5) {
                for (int beat = 0; beat < bar.beats(); beat++) {
                    boolean back = bar.beats() >= 2 && beat % 2 == 1;
                    midi.drum(grid.at(b, beat), back ? SIDESTICK : KICK_SOFT, midi.velocity(e, back ? -18 : -12));
                    if (back && e >= 0.66) {
                        midi.drum(grid.at(b, beat), TAMBOURINE, midi.velocity(e, -22));
                    }
                }
            }
        }

        void electronic(int b, double e) throws InvalidMidiDataException {
            Transcription.Bar bar = t.bars().get(b);
            midi.setProgram(CH_PAD, instruments.padProgram(), "pad");
            padChords(b, bar, midi.velocity(e, -10), 60);
            boolean buildUp = lastBarsBefore(b, 2, "chorus") && energy.at(b) < 0.85;
            if (e >= 0.4) {
                midi.setProgram(CH_BASS, instruments.bassProgram(), "bass");
                for (int beat = 0; beat < bar.beats(); beat++) {
                    Chord c = bar.chords()[beat];
                    if (c.isNone()) {
                        continue;
                    }
                    int root = 36 + Math.floorMod(c.bass(), 12);
                    double off = stepsPerBeat == 2 ? 0.5 : 2.0 / 3;
                    midi.note(CH_BASS, grid.at(b, beat + off), 0.45 * grid.beatSec(b, beat), root, midi.velocity(e, -4));
                    if (e >= 0.62) {
                        midi.note(CH_BASS, grid.at(b, beat), 0.3 * grid.beatSec(b, beat), root, midi.velocity(e, -12));
                    }
                }
            } else {
                bass(b, bar, 0.3);
            }
            if (e >= 0.6) {
                midi.setProgram(CH_ARP, instruments.chordsProgram(), "arp");
                int steps = bar.beats() * 4;
                for (int s = 0; s < steps; s++) {
                    Chord c = bar.chords()[Math.min(bar.beats() - 1, s / 4)];
                    if (c.isNone()) {
                        continue;
                    }
                    int[] pcs = c.pitchClasses();
                    int pitch = 60 + Math.floorMod(pcs[s % pcs.length], 12) + (s % 8 >= 4 ? 12 : 0);
                    midi.note(CH_ARP, grid.at(b, s / 4.0), 0.1, pitch, midi.velocity(e, -30));
                }
            }
            if (buildUp) {
                int steps = bar.beats() * 4;
                boolean secondBar = lastBarsBefore(b, 1, "chorus");
                for (int s = 0; s < steps; s++) {
                    if (!secondBar && s % 2 == 1) {
                        continue;
                    }
                    int rise = (int) (40.0 * s / steps) + (secondBar ? 20 : 0);
                    midi.drum(grid.at(b, s / 4.0), SNARE, Math.min(120, 45 + rise));
                }
                return; // the kick drops out for the build-up
            }
            if (firstBarOfSection(b) && t.sections().get(t.bars().get(b).section()).label().equals("chorus")) {
                midi.drum(grid.at(b, 0), CRASH, 110);
            }
            if (e >= 0.45) {
                for (int beat = 0; beat < bar.beats(); beat++) {
                    midi.drum(grid.at(b, beat), KICK, midi.velocity(e, 8));
                    if (e >= 0.5 && bar.beats() >= 2 && beat % 2 == 1) {
                        midi.drum(grid.at(b, beat), CLAP, midi.velocity(e, -6));
                    }
                    double off = stepsPerBeat == 2 ? 0.5 : 2.0 / 3;
                    midi.drum(grid.at(b, beat + off), e >= 0.65 ? OPEN_HAT : HAT, midi.velocity(e, -16));
                    if (e >= 0.65) {
                        midi.drum(grid.at(b, beat + 0.25), HAT, midi.velocity(e, -30));
                        midi.drum(grid.at(b, beat + 0.75), HAT, midi.velocity(e, -30));
                    }
                }
            } else if (e >= 0.3) {
                for (int beat = 0; beat < bar.beats(); beat++) {
                    midi.drum(grid.at(b, beat + 0.5), HAT, midi.velocity(e, -24));
                }
            }
        }

        // ------------------------------------------------------------------ parts

        void bass(int b, Transcription.Bar bar, double e) throws InvalidMidiDataException {
            midi.setProgram(CH_BASS, instruments.bassProgram(), "bass");
            int vel = midi.velocity(e, 0);
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone()) {
                    continue;
                }
                int root = 36 + Math.floorMod(c.bass() - 4, 12) + 4;
                boolean change = beat == 0 || !sameChord(c, bar.chords()[beat - 1]);
                if (e < 0.45) {
                    if (change) {
                        midi.note(CH_BASS, grid.at(b, beat), holdBeats(bar, beat, b) * 0.9, root, vel);
                    }
                } else if (e < 0.65) {
                    midi.note(CH_BASS, grid.at(b, beat), 0.85 * grid.beatSec(b, beat), beat % 2 == 1 && !change && rng.nextDouble() < 0.3 ? root + 7 : root, vel);
                } else {
                    for (int s = 0; s < stepsPerBeat; s++) {
                        midi.note(CH_BASS, grid.at(b, beat + s / (double) stepsPerBeat), 0.8 * grid.beatSec(b, beat) / stepsPerBeat,
                                s == stepsPerBeat - 1 && rng.nextDouble() < 0.2 ? root + 12 : root, vel - (s == 0 ? 0 : 10));
                    }
                }
            }
        }

        void drumsBand(int b, Transcription.Bar bar, double e, int steps) throws InvalidMidiDataException {
            int beats = bar.beats();
            boolean fill = b + 1 < t.bars().size() && t.bars().get(b + 1).section() != bar.section()
                    && Math.floorMod(seed + b, 5) < 3;
            if (firstBarOfSection(b) && e >= 0.6) {
                midi.drum(grid.at(b, 0), CRASH, midi.velocity(e, 5));
            }
            int cymbal = e >= 0.66 ? RIDE : HAT;
            for (int s = 0; s < steps; s++) {
                double p = s / (double) stepsPerBeat;
                int beat = s / stepsPerBeat;
                boolean onBeat = s % stepsPerBeat == 0;
                if (fill && beat == beats - 1) {
                    int[] toms = {HIGH_TOM, MID_TOM, LOW_TOM, SNARE};
                    midi.drum(grid.at(b, p), toms[s % toms.length], midi.velocity(e, 0));
                    continue;
                }
                if (e >= 0.38 || onBeat) {
                    midi.drum(grid.at(b, p), cymbal, midi.velocity(e, onBeat ? -12 : -24));
                }
                if (!onBeat) {
                    continue;
                }
                if (e < 0.38) {
                    continue;
                }
                boolean back = beats == 3 ? beat > 0 : beat % 2 == 1;
                if (back) {
                    midi.drum(grid.at(b, p), e < 0.45 ? SIDESTICK : SNARE, midi.velocity(e, beats == 3 ? -10 : 0));
                } else {
                    midi.drum(grid.at(b, p), KICK, midi.velocity(e, 0));
                    if (e >= 0.6 && beats != 3) {
                        midi.drum(grid.at(b, p + (stepsPerBeat == 2 ? 0.5 : 2.0 / 3) + (beat == 0 ? 1 : 0)), KICK, midi.velocity(e, -12));
                    }
                }
            }
        }

        void padChords(int b, Transcription.Bar bar, int vel, int center) throws InvalidMidiDataException {
            for (int beat = 0; beat < bar.beats(); beat++) {
                Chord c = bar.chords()[beat];
                if (c.isNone() || (beat > 0 && sameChord(c, bar.chords()[beat - 1]))) {
                    continue;
                }
                chord(CH_PAD, c, grid.at(b, beat), holdBeats(bar, beat, b), vel, center);
            }
        }

        void strum(Chord c, double when, double dur, int vel, boolean down) throws InvalidMidiDataException {
            int[] pcs = c.pitchClasses();
            int[] notes = new int[Math.max(4, Math.min(6, pcs.length + 2))];
            notes[0] = 40 + Math.floorMod(c.bass() - 4, 12);
            for (int i = 1; i < notes.length; i++) {
                int pc = pcs[(i - 1) % pcs.length];
                int n = notes[i - 1] + 1;
                while (Math.floorMod(n, 12) != pc) {
                    n++;
                }
                notes[i] = n;
            }
            for (int i = 0; i < notes.length; i++) {
                int idx = down ? i : notes.length - 1 - i;
                midi.note(CH_CHORDS, when + i * 0.011, dur, notes[idx], vel - i * 2);
            }
        }

        /** A melody on the lead programme: same Billboard letter, same tune; register by section. */
        void melody(int b, double e) throws InvalidMidiDataException {
            Transcription.Bar bar = t.bars().get(b);
            Transcription.Section section = t.sections().get(bar.section());
            String lead = bar.lead().toLowerCase(java.util.Locale.ROOT);
            boolean voice = lead.startsWith("voice") || lead.startsWith("vocal") || lead.equals("rap") || lead.equals("spoken");
            int ch = family == ArrangerFamily.PIANO ? CH_CHORDS : CH_LEAD;
            if (family != ArrangerFamily.PIANO) {
                midi.setProgram(CH_LEAD, voice ? instruments.voiceProgram() : leadProgram(lead), "lead");
            }
            if (lead.startsWith("drum") || lead.startsWith("percussion") || lead.startsWith("bass")) {
                return;
            }
            int inSection = barInSection(b);
            Random m = new Random(seed * 31 + section.letter().hashCode() * 1_000_003L + inSection * 7919L);
            int steps = bar.beats() * stepsPerBeat;
            boolean phraseEnd = inSection % 4 == 3;
            double density = voice ? 0.3 + 0.3 * e : 0.5 + 0.35 * e;
            int center = 65 + registerShift(section.label()) + (voice ? 0 : 3);
            int pitch = center;
            List<double[]> onsets = new ArrayList<>();
            for (int s = 0; s < steps; s++) {
                if (phraseEnd && s >= steps / 2 && s > 0) {
                    break;
                }
                boolean strong = s % stepsPerBeat == 0;
                if (m.nextDouble() < (strong ? density + 0.3 : density)) {
                    Chord c = bar.chords()[s / stepsPerBeat];
                    if (strong && !c.isNone()) {
                        pitch = nearestPc((pitch + center) / 2 + m.nextInt(5) - 2, c.pitchClasses()); // anchored to the section's register
                    } else {
                        pitch = key.stepInScale(pitch, m.nextBoolean() ? 1 : -1);
                    }
                    if (pitch > center + 7) {
                        pitch = key.stepInScale(pitch, -2);
                    } else if (pitch < center - 7) {
                        pitch = key.stepInScale(pitch, 2);
                    }
                    onsets.add(new double[] {s / (double) stepsPerBeat, pitch});
                }
            }
            int vel = midi.velocity(e, voice ? 4 : 8);
            for (int i = 0; i < onsets.size(); i++) {
                double p = onsets.get(i)[0];
                double endP = i + 1 < onsets.size() ? onsets.get(i + 1)[0] : Math.min(bar.beats(), p + 1.5);
                double start = grid.at(b, p);
                double dur = (grid.at(b, endP) - start) * (voice ? 0.95 : 0.8);
                midi.note(ch, start, dur, (int) onsets.get(i)[1] + (family == ArrangerFamily.PIANO ? 7 : 0), vel);
                if (family == ArrangerFamily.PIANO && e >= 0.62) {
                    midi.note(ch, start, dur, (int) onsets.get(i)[1] - 5, vel - 10);
                }
            }
        }

        int leadProgram(String lead) {
            if (lead.contains("sax")) {
                return 65;
            } else if (lead.contains("guitar")) {
                return switch (family) {
                    case ACOUSTIC -> 24;
                    case ELECTRONIC -> 84;
                    default -> 29;
                };
            } else if (lead.contains("synth")) {
                return 81;
            } else if (lead.contains("piano") || lead.contains("keyboard")) {
                return family == ArrangerFamily.ELECTRONIC ? 4 : 0;
            } else if (lead.contains("organ")) {
                return 17;
            } else if (lead.contains("string") || lead.contains("violin")) {
                return 40;
            } else if (lead.contains("trumpet") || lead.contains("horn") || lead.contains("brass")) {
                return 56;
            } else if (lead.contains("harmonica")) {
                return 22;
            } else if (lead.contains("flute")) {
                return 73;
            } else if (lead.contains("banjo")) {
                return 105;
            }
            return family == ArrangerFamily.ELECTRONIC ? 80 : 65;
        }

        int nearestPc(int around, int[] pcs) {
            int best = around;
            int bestDist = 99;
            for (int d = -6; d <= 6; d++) {
                int n = around + d;
                for (int pc : pcs) {
                    if (Math.floorMod(n, 12) == pc && Math.abs(d) < bestDist) {
                        best = n;
                        bestDist = Math.abs(d);
                    }
                }
            }
            return best;
        }

        // ------------------------------------------------------------------ helpers

        static boolean sameChord(Chord a, Chord b) {
            return a.root() == b.root() && a.bass() == b.bass() && Arrays.equals(a.intervals(), b.intervals());
        }

        /** Seconds from {@code beat} to the next chord change or the bar end. */
        double holdBeats(Transcription.Bar bar, int beat, int b) {
            int k = beat + 1;
            while (k < bar.beats() && sameChord(bar.chords()[k], bar.chords()[beat])) {
                k++;
            }
            return grid.at(b, k) - grid.at(b, beat);
        }

        void chord(int ch, Chord c, double when, double dur, int vel, int center) throws InvalidMidiDataException {
            for (int pc : c.pitchClasses()) {
                int n = center - 5 + Math.floorMod(pc - (center - 5), 12);
                midi.note(ch, when, dur, n, vel);
            }
        }

        SongTruth truth() {
            List<Double> beats = new ArrayList<>();
            List<Double> downs = new ArrayList<>();
            List<Double> periods = new ArrayList<>();
            for (int b = 0; b < grid.barCount(); b++) {
                double[] bt = grid.beatTimes(b);
                downs.add(bt[0]);
                for (int k = 0; k + 1 < bt.length; k++) {
                    beats.add(bt[k]);
                    periods.add(bt[k + 1] - bt[k]);
                }
            }
            double[] lastBar = grid.beatTimes(grid.barCount() - 1);
            double lastBarEnd = lastBar[lastBar.length - 1];
            double duration = lastBarEnd + TAIL_SEC;
            List<Double> starts = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            if (t.sections().get(0).start() > 0) {
                starts.add(0.0);
                labels.add("silence");
            }
            for (Transcription.Section s : t.sections()) {
                if (s.start() >= lastBarEnd) {
                    break;
                }
                starts.add(Math.max(0, s.start()));
                labels.add(s.label());
            }
            starts.add(lastBarEnd);
            labels.add("silence");
            starts.add(duration);
            List<SectionSpan> spans = new ArrayList<>();
            double spanStart = 0;
            for (int i = 0; i + 1 < starts.size(); i++) {
                double end = starts.get(i + 1);
                boolean last = i + 2 == starts.size();
                if (end - spanStart < MIN_SPAN_SEC && !last) {
                    continue; // too short: the next span starts here instead
                }
                String label = labels.get(i);
                if (!spans.isEmpty() && label.equals("silence") && spans.get(spans.size() - 1).label().equals("silence")) {
                    spanStart = spans.remove(spans.size() - 1).start();
                }
                if (end > spanStart) {
                    spans.add(new SectionSpan(spanStart, end, label));
                    spanStart = end;
                }
            }
            double[] sorted = periods.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double bpm = 60.0 / sorted[sorted.length / 2];
            int beatsPerBar = t.bars().get(0).beats();
            return new SongTruth(Math.round(bpm * 1000) / 1000.0, beatsPerBar,
                    beats.stream().mapToDouble(Double::doubleValue).toArray(),
                    downs.stream().mapToDouble(Double::doubleValue).toArray(), spans, duration);
        }
    }
}
