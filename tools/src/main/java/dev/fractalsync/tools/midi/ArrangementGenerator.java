package dev.fractalsync.tools.midi;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;

import javax.sound.midi.InvalidMidiDataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.fractalsync.tools.midi.Meter.FOUR_FOUR;
import static dev.fractalsync.tools.midi.Meter.SIX_EIGHT;
import static dev.fractalsync.tools.midi.Meter.THREE_FOUR;

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

    // Progressions as scale degrees (0 = I).
    private static final int[][] VERSE_PROGS = {{0, 5, 3, 4}, {0, 3, 0, 4}, {5, 3, 0, 4}, {0, 4, 5, 3}, {0, 0, 3, 3},
            {1, 4, 0, 0}, {0, 2, 3, 4}, {5, 4, 3, 4}};
    private static final int[][] CHORUS_PROGS = {{3, 0, 4, 5}, {0, 4, 5, 3}, {3, 4, 0, 0}, {5, 3, 0, 4}, {0, 3, 4, 3},
            {3, 4, 5, 0}, {0, 5, 1, 4}};
    private static final int[][] PRE_PROGS = {{1, 3, 4, 4}, {3, 4, 3, 4}, {5, 4, 3, 4}, {1, 1, 3, 4}, {3, 3, 4, 4}};
    private static final int[][] BRIDGE_PROGS = {{5, 2, 3, 4}, {3, 5, 3, 4}, {1, 2, 3, 3}, {5, 3, 1, 4}, {2, 5, 2, 4}};

    private static final int[] PIANOS = {0, 1, 2};
    private static final int[] EPIANOS = {4, 5};
    private static final int[] ORGANS = {16, 17, 18};
    private static final int[] CLEAN_GUITARS = {24, 25, 26, 27};
    private static final int[] DRIVEN_GUITARS = {29, 30};
    private static final int[] BASSES = {32, 33, 34, 35};
    private static final int[] SYNTH_BASSES = {38, 39};
    private static final int[] STRINGS_PADS = {48, 49, 50, 52, 88, 89, 91, 95};
    private static final int[] BRASS = {61, 62};
    private static final int[] LEADS = {73, 56, 65, 40, 11, 80, 81, 71, 68, 22};
    private static final int[] SYNTH_LEADS = {80, 81, 84, 87};
    private static final int[] SOLOS = {29, 30, 65, 66, 56, 81, 73, 40, 26, 80};

    /** Form templates; silence is added around them (and sometimes as a mid-song stop). */
    private static final Map<String, String[][]> FORMS = new LinkedHashMap<>();

    static {
        FORMS.put("pop", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "chorus", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "outro"},
                {"intro", "verse", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "chorus", "outro"},
                {"verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "bridge", "chorus", "outro"}});
        FORMS.put("rock", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "bridge", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "chorus", "outro"},
                {"intro", "verse", "verse", "chorus", "inst", "verse", "chorus", "bridge", "chorus", "outro"}});
        FORMS.put("dance", new String[][] {
                {"intro", "verse", "pre-chorus", "chorus", "inst", "verse", "pre-chorus", "chorus", "bridge", "chorus", "outro"},
                {"intro", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "bridge", "pre-chorus", "chorus", "outro"}});
        FORMS.put("ballad", new String[][] {
                {"intro", "verse", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "outro"},
                {"intro", "verse", "pre-chorus", "chorus", "verse", "pre-chorus", "chorus", "inst", "chorus", "outro"}});
        FORMS.put("waltz", new String[][] {
                {"intro", "verse", "chorus", "verse", "chorus", "inst", "chorus", "outro"},
                {"intro", "verse", "verse", "bridge", "verse", "chorus", "outro"},
                {"intro", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "chorus", "outro"}});
    }

    /** Generates the song of {@code seed}. */
    public Arrangement generate(long seed) {
        try {
            return new Song(seed).build();
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("generator produced invalid MIDI data: " + e.getMessage(), e);
        }
    }

    private static final class Song {
        private final long seed;
        private final SongRandom rng;
        private final String style;
        private final Meter meter;
        private final boolean drums;
        private final double swing;
        private final double contrast;
        private final int keyRoot;
        private final boolean minor;
        private final double bpm;
        private final Harmony harmony;
        private final TempoMap tempo;
        private final List<String> ramps = new ArrayList<>();
        private long musicStart;
        private List<SongSection> sections;
        private SongMidiWriter midi;

        Song(long seed) throws InvalidMidiDataException {
            this.seed = seed;
            this.rng = new SongRandom(seed);
            double s = rng.nextDouble();
            style = s < 0.30 ? "pop" : s < 0.50 ? "rock" : s < 0.65 ? "dance" : s < 0.83 ? "ballad" : "waltz";
            Meter m = FOUR_FOUR;
            if (style.equals("waltz")) {
                m = rng.nextDouble() < 0.6 ? THREE_FOUR : SIX_EIGHT;
            } else if (style.equals("ballad") && rng.nextDouble() < 0.4) {
                m = SIX_EIGHT;
            } else if (style.equals("pop") && rng.nextDouble() < 0.08) {
                m = THREE_FOUR;
            }
            meter = m;
            bpm = switch (style) {
                case "dance" -> rng.nextDouble() < 0.15 ? rng.uniform(160, 178) : rng.uniform(118, 134);
                case "rock" -> rng.uniform(88, 190);
                case "ballad" -> meter == SIX_EIGHT ? rng.uniform(60, 78) : rng.uniform(60, 92);
                case "waltz" -> meter == SIX_EIGHT ? rng.uniform(60, 96) : rng.uniform(84, 180);
                default -> rng.uniform(78, 150);
            };
            double noDrums = switch (style) {
                case "ballad" -> 0.30;
                case "waltz" -> 0.25;
                case "dance" -> 0.0;
                default -> 0.10;
            };
            drums = rng.nextDouble() >= noDrums;
            boolean swingable = meter != SIX_EIGHT && !style.equals("dance") && bpm < 150;
            swing = swingable && rng.nextDouble() < 0.25 ? round2(rng.uniform(0.4, 1.0)) : 0;
            contrast = round2(rng.nextDouble() < 0.25 ? rng.uniform(0.05, 0.3) : rng.uniform(0.3, 1.0));
            keyRoot = rng.nextInt(12);
            minor = rng.nextDouble() < (style.equals("ballad") ? 0.45 : 0.3);
            harmony = new Harmony(keyRoot, minor, style);
            tempo = new TempoMap(PPQ, usPerQuarter(bpm));
        }

        private int usPerQuarter(double beatBpm) {
            return (int) Math.round(60e6 / (beatBpm * meter.quartersPerBeat()));
        }

        private static double round2(double v) {
            return Math.round(v * 100) / 100.0;
        }

        Arrangement build() throws InvalidMidiDataException {
            planSections();
            planTempo();
            midi = new SongMidiWriter(rng, swing, musicStart);
            midi.tempo(tempo);
            midi.header(meter, seed);
            ChordParts chordParts = new ChordParts(meter, harmony, midi);
            BassPart bassPart = new BassPart(rng, style, meter, harmony, midi);
            LeadParts leadParts = new LeadParts(rng, meter, contrast, harmony, midi);
            DrumPart drumPart = new DrumPart(rng, style, meter, contrast, midi);
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
                if (drums && sec.drums) {
                    drumPart.write(sec, i > 0 ? sections.get(i - 1) : null, next);
                }
            }
            return new Arrangement(midi.sequence(), truth(), seed, style, meter.name(),
                    meter == SIX_EIGHT ? "dotted-quarter" : "quarter", drums, swing, List.copyOf(ramps), contrast,
                    harmony.keyName(), midi.programsUsed(),
                    sections.stream().map(s -> s.label).toList());
        }

        // ---------------------------------------------------------------- form

        private void planSections() {
            String[][] forms = FORMS.get(style);
            List<String> form = new ArrayList<>(Arrays.asList(forms[rng.nextInt(forms.length)]));
            if (rng.nextDouble() < 0.12 && form.get(0).equals("intro")) {
                form.remove(0);
            }
            if (rng.nextDouble() < 0.3 && !form.contains("inst")) {
                int at = form.lastIndexOf("chorus");
                form.add(at, "inst");
            }
            sections = new ArrayList<>();
            for (String label : form) {
                sections.add(new SongSection(label, sectionBars(label)));
            }
            // Fit 2.5-4 minutes by doubling or halving section lengths.
            double barSec = meter.beatsPerBar() * 60.0 / bpm;
            double targetSec = rng.uniform(150, 200);
            for (int guard = 0; guard < 64; guard++) {
                double total = sections.stream().mapToInt(s -> s.bars).sum() * barSec;
                if (total < targetSec) {
                    List<SongSection> growable = sections.stream().filter(s -> s.bars <= 8 && !s.label.equals("intro")
                            && !s.label.equals("outro")).toList();
                    if (growable.isEmpty()) {
                        growable = sections.stream().filter(s -> s.bars <= 8).toList();
                    }
                    if (growable.isEmpty()) {
                        break;
                    }
                    growable.get(rng.nextInt(growable.size())).bars *= 2;
                } else if (total > 240) {
                    List<SongSection> shrinkable = sections.stream().filter(s -> s.bars >= 8).toList();
                    if (shrinkable.isEmpty()) {
                        break;
                    }
                    shrinkable.get(rng.nextInt(shrinkable.size())).bars /= 2;
                } else {
                    break;
                }
            }
            // A mid-song full stop (1-2 bars of silence), usually before the last chorus.
            if (rng.nextDouble() < 0.3) {
                int at = sections.size() - 1;
                while (at > 2 && !sections.get(at).label.equals("chorus")) {
                    at--;
                }
                if (at > 2) {
                    sections.add(at, new SongSection("silence", 1 + rng.nextInt(2)));
                }
            }
            planParts();
        }

        private int sectionBars(String label) {
            double r = rng.nextDouble();
            return switch (label) {
                case "intro", "outro" -> r < 0.55 ? 4 : r < 0.9 ? 8 : 6;
                case "pre-chorus" -> r < 0.6 ? 4 : 8;
                case "bridge", "inst" -> r < 0.7 ? 8 : r < 0.85 ? 4 : 16;
                default -> r < 0.7 ? 8 : r < 0.85 ? 16 : r < 0.93 ? 12 : 4;
            };
        }

        private void planParts() {
            int[] verse = VERSE_PROGS[rng.nextInt(VERSE_PROGS.length)];
            int[] chorus;
            do {
                chorus = CHORUS_PROGS[rng.nextInt(CHORUS_PROGS.length)];
            } while (Arrays.equals(chorus, verse));
            int[] pre = PRE_PROGS[rng.nextInt(PRE_PROGS.length)];
            int[] bridge = BRIDGE_PROGS[rng.nextInt(BRIDGE_PROGS.length)];
            int[] bridgeShifts = {5, 2, -2, 3, 0};
            int bridgeShift = bridgeShifts[rng.nextInt(bridgeShifts.length)];
            boolean bridgeMinorArea = bridgeShift == 0 || rng.nextDouble() < 0.3;

            boolean rockish = style.equals("rock");
            boolean synthy = style.equals("dance");
            int verseChords = synthy ? rng.pick(new int[] {rng.pick(EPIANOS), rng.pick(STRINGS_PADS), 81, 90})
                    : rockish ? rng.pick(rng.nextBoolean() ? CLEAN_GUITARS : DRIVEN_GUITARS)
                    : style.equals("ballad") ? rng.pick(rng.nextBoolean() ? PIANOS : EPIANOS)
                    : rng.pick(new int[] {rng.pick(PIANOS), rng.pick(EPIANOS), rng.pick(ORGANS), rng.pick(CLEAN_GUITARS)});
            int chorusChords = rng.nextDouble() < 0.5 ? verseChords
                    : rockish ? rng.pick(DRIVEN_GUITARS)
                    : synthy ? rng.pick(new int[] {rng.pick(SYNTH_LEADS), 62, rng.pick(STRINGS_PADS)})
                    : rng.pick(new int[] {rng.pick(PIANOS), rng.pick(CLEAN_GUITARS), rng.pick(ORGANS), rng.pick(BRASS)});
            int bassProgram = synthy ? rng.pick(SYNTH_BASSES) : rng.pick(BASSES);
            int leadVerse = synthy ? rng.pick(SYNTH_LEADS) : rng.pick(LEADS);
            int leadChorus = rng.nextDouble() < 0.6 ? leadVerse : synthy ? rng.pick(SYNTH_LEADS) : rng.pick(LEADS);
            int padProgram = rng.pick(STRINGS_PADS);
            int soloProgram = rockish ? rng.pick(DRIVEN_GUITARS) : synthy ? rng.pick(SYNTH_LEADS) : rng.pick(SOLOS);
            int bridgeChords = rng.nextDouble() < 0.5 ? verseChords : rng.pick(new int[] {rng.pick(PIANOS), rng.pick(STRINGS_PADS), rng.pick(ORGANS)});
            int verseComp = rng.nextInt(4);
            int chorusComp = rng.nextInt(4);

            int nChorus = 0;
            for (int i = 0; i < sections.size(); i++) {
                SongSection s = sections.get(i);
                s.chordsProgram = verseChords;
                s.leadProgram = leadVerse;
                s.padProgram = padProgram;
                s.bassProgram = bassProgram;
                s.prog = verse;
                s.comp = verseComp;
                s.register = 0;
                s.fillAtEnd = rng.nextDouble() < 0.75;
                switch (s.label) {
                    case "intro" -> {
                        s.prog = rng.nextBoolean() ? chorus : verse;
                        s.energy = rng.uniform(0.2, 0.4);
                        s.bass = rng.nextDouble() < 0.4;
                        s.drums = rng.nextDouble() < 0.5;
                        s.pad = rng.nextDouble() < 0.5;
                        s.melody = rng.nextDouble() < 0.25;
                    }
                    case "verse" -> {
                        s.energy = rng.uniform(0.38, 0.5) - 0.08 * contrast;
                        s.melody = true;
                        s.pad = rng.nextDouble() < 0.2;
                    }
                    case "pre-chorus" -> {
                        s.prog = pre;
                        s.energy = rng.uniform(0.5, 0.6);
                        s.melody = true;
                        s.pad = rng.nextDouble() < 0.5;
                        s.register = 2;
                        s.fillAtEnd = rng.nextDouble() < 0.9;
                    }
                    case "chorus" -> {
                        nChorus++;
                        s.prog = chorus;
                        s.chordsProgram = chorusChords;
                        s.leadProgram = leadChorus;
                        s.comp = chorusComp;
                        s.energy = Math.min(0.95, 0.5 + 0.4 * contrast + 0.03 * nChorus);
                        s.melody = true;
                        s.pad = rng.nextDouble() < 0.3 + 0.6 * contrast;
                        s.register = (int) Math.round(2 + 6 * contrast);
                    }
                    case "bridge" -> {
                        s.prog = bridge;
                        s.keyShift = bridgeShift;
                        s.minorArea = bridgeMinorArea;
                        s.chordsProgram = bridgeChords;
                        s.energy = rng.uniform(0.35, 0.55);
                        s.melody = rng.nextDouble() < 0.7;
                        s.pad = rng.nextDouble() < 0.6;
                        s.drums = rng.nextDouble() < 0.8;
                        s.comp = rng.nextInt(4);
                    }
                    case "inst" -> {
                        s.prog = rng.nextBoolean() ? chorus : verse;
                        s.keyShift = rng.nextDouble() < 0.2 ? bridgeShift : 0;
                        s.leadProgram = soloProgram;
                        s.energy = Math.min(0.9, 0.5 + 0.3 * contrast);
                        s.melody = false;
                        s.pad = rng.nextDouble() < 0.4;
                    }
                    case "outro" -> {
                        s.prog = rng.nextBoolean() ? chorus : verse;
                        s.energy = rng.uniform(0.25, 0.45);
                        s.melody = rng.nextDouble() < 0.3;
                        s.pad = rng.nextDouble() < 0.5;
                        s.fade = rng.nextDouble() < 0.6;
                        s.drums = rng.nextDouble() < 0.7;
                    }
                    default -> s.energy = 0;
                }
            }
        }

        /** Places sections in ticks, adds tempo ramps and writes the tempo track. */
        private void planTempo() throws InvalidMidiDataException {
            double silence = rng.uniform(0.5, 3.0);
            musicStart = Math.round(silence * 1e6 / usPerQuarter(bpm) * PPQ);
            long t = musicStart;
            for (SongSection s : sections) {
                s.startTick = t;
                t += (long) s.bars * meter.ticksPerBar();
            }
            double r = rng.nextDouble();
            if (r < 0.12) {
                // accelerando into the last chorus
                int last = lastIndexOf("chorus");
                if (last > 0 && sections.get(last - 1).silent()) {
                    last--; // ramp into the stop instead
                }
                if (last > 0 && !sections.get(last - 1).silent()) {
                    SongSection before = sections.get(last - 1);
                    int rampBars = Math.min(before.bars, 2 + rng.nextInt(3));
                    long from = before.startTick + (long) (before.bars - rampBars) * meter.ticksPerBar();
                    ramp(from, sections.get(last).startTick, bpm, bpm * rng.uniform(1.03, 1.08), "accel");
                }
            } else if (r < 0.28) {
                // ritardando at the end
                SongSection out = sections.get(sections.size() - 1);
                int rampBars = Math.min(out.bars, 2 + rng.nextInt(3));
                long end = out.startTick + (long) out.bars * meter.ticksPerBar();
                double at = 60e6 / (tempo.usPerQuarterAt(end - 1) * meter.quartersPerBeat());
                ramp(end - (long) rampBars * meter.ticksPerBar(), end, at, at * rng.uniform(0.75, 0.92), "rit");
            }
        }

        private int lastIndexOf(String label) {
            for (int i = sections.size() - 1; i >= 0; i--) {
                if (sections.get(i).label.equals(label)) {
                    return i;
                }
            }
            return -1;
        }

        private void ramp(long from, long to, double fromBpm, double toBpm, String kind) {
            int step = meter.ticksPerBeat() / 2;
            for (long t = from; t < to; t += step) {
                double f = (t - from + step) / (double) (to - from);
                tempo.set(t, usPerQuarter(fromBpm + (toBpm - fromBpm) * Math.min(1, f)));
            }
            long bar = (from - musicStart) / meter.ticksPerBar() + 1;
            long endBar = (to - musicStart) / meter.ticksPerBar();
            ramps.add(String.format(Locale.ROOT, "%s %.1f->%.1f BPM over bars %d-%d", kind, fromBpm, toBpm, bar, endBar));
        }

        // ---------------------------------------------------------------- truth

        private SongTruth truth() {
            List<Double> beats = new ArrayList<>();
            List<Double> downbeats = new ArrayList<>();
            List<SectionSpan> spans = new ArrayList<>();
            double musicStartSec = tempo.seconds(musicStart);
            spans.add(new SectionSpan(0, musicStartSec, SectionLabel.SILENCE.contractName()));
            long end = musicStart;
            for (SongSection s : sections) {
                long sEnd = s.startTick + (long) s.bars * meter.ticksPerBar();
                spans.add(new SectionSpan(tempo.seconds(s.startTick), tempo.seconds(sEnd), s.label));
                for (int bar = 0; bar < s.bars; bar++) {
                    for (int b = 0; b < meter.beatsPerBar(); b++) {
                        double t = tempo.seconds(s.barTick(meter, bar) + (long) b * meter.ticksPerBeat());
                        beats.add(t);
                        if (b == 0) {
                            downbeats.add(t);
                        }
                    }
                }
                end = sEnd;
            }
            double endSec = tempo.seconds(end);
            double duration = endSec + TAIL_SEC;
            spans.add(new SectionSpan(endSec, duration, SectionLabel.SILENCE.contractName()));
            double initialBpm = 60e6 / (tempo.usPerQuarterAt(0) * meter.quartersPerBeat());
            return new SongTruth(initialBpm, meter.beatsPerBar(), beats.stream().mapToDouble(Double::doubleValue).toArray(),
                    downbeats.stream().mapToDouble(Double::doubleValue).toArray(), spans, duration);
        }
    }
}
