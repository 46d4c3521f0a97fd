package dev.fractalsync.tools.midi;

import static dev.fractalsync.tools.midi.Meter.FOUR_FOUR;
import static dev.fractalsync.tools.midi.Meter.SIX_EIGHT;
import static dev.fractalsync.tools.midi.Meter.THREE_FOUR;

/**
 * The song-wide choices, the first draws from the seed's random stream.
 *
 * @param style    pop, rock, dance, ballad or waltz
 * @param meter    4/4 mostly, 3/4 or 6/8 by style
 * @param bpm      initial tempo in beats (not quarters) per minute
 * @param drums    whether the song has a drum part at all
 * @param swing    0 (straight) to 1 (triplet feel) for off-beat eighths
 * @param contrast 0..1, how much louder, denser and higher choruses are than verses
 * @param keyRoot  pitch class of the tonic
 * @param minor    whether the key is minor
 */
record SongCharacter(String style, Meter meter, double bpm, boolean drums, double swing, double contrast, int keyRoot,
                     boolean minor) {

    static SongCharacter draw(SongRandom rng) {
        double s = rng.nextDouble();
        String style = s < 0.30 ? "pop" : s < 0.50 ? "rock" : s < 0.65 ? "dance" : s < 0.83 ? "ballad" : "waltz";
        Meter meter = FOUR_FOUR;
        if (style.equals("waltz")) {
            meter = rng.nextDouble() < 0.6 ? THREE_FOUR : SIX_EIGHT;
        } else if (style.equals("ballad") && rng.nextDouble() < 0.4) {
            meter = SIX_EIGHT;
        } else if (style.equals("pop") && rng.nextDouble() < 0.08) {
            meter = THREE_FOUR;
        }
        double bpm = switch (style) {
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
        boolean drums = rng.nextDouble() >= noDrums;
        boolean swingable = meter != SIX_EIGHT && !style.equals("dance") && bpm < 150;
        double swing = swingable && rng.nextDouble() < 0.25 ? round2(rng.uniform(0.4, 1.0)) : 0;
        double contrast = round2(rng.nextDouble() < 0.25 ? rng.uniform(0.05, 0.3) : rng.uniform(0.3, 1.0));
        int keyRoot = rng.nextInt(12);
        boolean minor = rng.nextDouble() < (style.equals("ballad") ? 0.45 : 0.3);
        return new SongCharacter(style, meter, bpm, drums, swing, contrast, keyRoot, minor);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
