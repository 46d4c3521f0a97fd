package dev.fractalsync.tools.billboard;

import java.util.Random;

/**
 * The GM programs an arrangement uses, drawn per family.
 *
 * @param chordsProgram the chord instrument (the piano itself for the piano family)
 * @param padProgram    the pad
 * @param bassProgram   the bass
 * @param acousticBass  whether the acoustic family adds a bass
 * @param voiceProgram  the instrument that plays sung lead lines
 */
record FamilyInstruments(int chordsProgram, int padProgram, int bassProgram, boolean acousticBass, int voiceProgram) {

    static FamilyInstruments draw(ArrangerFamily family, Random rng) {
        int chordsProgram = switch (family) {
            case BAND -> pick(rng, new int[] {0, 1, 4, 5, 16, 17, 25, 27, 29});
            case PIANO -> pick(rng, new int[] {0, 0, 1});
            case ACOUSTIC -> pick(rng, new int[] {24, 25, 25});
            case ELECTRONIC -> pick(rng, new int[] {81, 84, 87, 99});
        };
        int padProgram = family == ArrangerFamily.ELECTRONIC ? pick(rng, new int[] {88, 89, 90, 91, 94, 95})
                : pick(rng, new int[] {48, 49, 50, 89});
        int bassProgram = family == ArrangerFamily.ELECTRONIC ? pick(rng, new int[] {38, 39})
                : pick(rng, new int[] {32, 33, 34, 35});
        boolean acousticBass = rng.nextDouble() < 0.6;
        int voiceProgram = switch (family) {
            case ELECTRONIC -> pick(rng, new int[] {54, 85});
            case PIANO -> chordsProgram;
            default -> pick(rng, new int[] {52, 53, 53, 85});
        };
        return new FamilyInstruments(chordsProgram, padProgram, bassProgram, acousticBass, voiceProgram);
    }

    private static int pick(Random rng, int[] values) {
        return values[rng.nextInt(values.length)];
    }
}
