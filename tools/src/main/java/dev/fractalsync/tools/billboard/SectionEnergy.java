package dev.fractalsync.tools.billboard;

import java.util.Random;

/**
 * The intensity of each section: its label's base energy scaled by a per-song contrast, rising slightly over the
 * song.
 */
final class SectionEnergy {
    private final Transcription t;
    private final double contrast;
    private final double[] sectionEnergy;

    /** Draws one value per section; {@code contrast} comes from {@link #drawContrast}. */
    SectionEnergy(Transcription t, double contrast, Random rng) {
        this.t = t;
        this.contrast = contrast;
        this.sectionEnergy = new double[t.sections().size()];
        int n = t.sections().size();
        for (int i = 0; i < n; i++) {
            String label = t.sections().get(i).label();
            double base = baseEnergy(label);
            double e = 0.5 + (base - 0.5) * contrast + 0.06 * i / Math.max(1, n - 1) + 0.04 * (rng.nextDouble() - 0.5);
            sectionEnergy[i] = label.equals("silence") ? 0 : clamp(e, 0.12, 0.95);
        }
    }

    /** How far sections depart from the middle intensity. */
    static double drawContrast(Random rng) {
        // sometimes small: choruses then differ from verses mostly by chords, melody and repetition
        return rng.nextDouble() < 0.3 ? 0.15 + 0.35 * rng.nextDouble() : 0.5 + 0.7 * rng.nextDouble();
    }

    /** Base intensity of a contract label before the song's contrast is applied. */
    static double baseEnergy(String label) {
        return switch (label) {
            case "intro" -> 0.32;
            case "verse" -> 0.45;
            case "pre-chorus" -> 0.56;
            case "chorus" -> 0.72;
            case "bridge" -> 0.5;
            case "inst" -> 0.62;
            case "outro" -> 0.4;
            default -> 0;
        };
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    double contrast() {
        return contrast;
    }

    /** The intensity of bar {@code b}: its section's. */
    double at(int b) {
        return sectionEnergy[t.bars().get(b).section()];
    }
}
