package dev.fractalsync.tools.midi;

import java.util.Arrays;
import java.util.List;

/**
 * Decides what each section plays: chord progression and key area (verse and chorus differ, the bridge moves away),
 * GM programs per role, energy, which parts play, melody register, comping pattern and whether a fill ends it.
 */
final class PartPlanner {
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

    private final SongRandom rng;
    private final SongCharacter song;

    PartPlanner(SongRandom rng, SongCharacter song) {
        this.rng = rng;
        this.song = song;
    }

    /** Sets every section's progression, key area, programs, energy, parts, register, comping and fill. */
    void plan(List<SongSection> sections) {
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

        boolean rockish = song.style().equals("rock");
        boolean synthy = song.style().equals("dance");
        int verseChords = synthy ? rng.pick(new int[] {rng.pick(EPIANOS), rng.pick(STRINGS_PADS), 81, 90})
                : rockish ? rng.pick(rng.nextBoolean() ? CLEAN_GUITARS : DRIVEN_GUITARS)
                : song.style().equals("ballad") ? rng.pick(rng.nextBoolean() ? PIANOS : EPIANOS)
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
                    s.energy = rng.uniform(0.38, 0.5) - 0.08 * song.contrast();
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
                    s.energy = Math.min(0.95, 0.5 + 0.4 * song.contrast() + 0.03 * nChorus);
                    s.melody = true;
                    s.pad = rng.nextDouble() < 0.3 + 0.6 * song.contrast();
                    s.register = (int) Math.round(2 + 6 * song.contrast());
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
                    s.energy = Math.min(0.9, 0.5 + 0.3 * song.contrast());
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
}
