package dev.fractalsync.audio.demo;

import dev.fractalsync.api.SectionLabel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What to generate: tempo, meter, key, loudness, instrumentation and the section plan (label and length in bars).
 *
 * @param seed        seeds every random choice in the synthesis (noise, melody)
 * @param bpm         tempo
 * @param beatsPerBar 3 or 4
 * @param rootMidi    MIDI note of the key's root (bass register, e.g. 40 = E2)
 * @param gainDb      overall loudness relative to the reference mix
 * @param leadInSec   silence before the first beat
 * @param plan        sections in order
 * @param timbre      instrumentation choices
 * @param variation   0 = every section plays its label's reference mix; up to 1 = each section's instrument levels,
 *                    patterns and loudness are randomly varied (so a model cannot learn labels from fixed mixes)
 */
public record SongSpec(long seed, double bpm, int beatsPerBar, int rootMidi, double gainDb, double leadInSec,
                       List<Part> plan, Timbre timbre, double variation) {

    /** One planned section. */
    public record Part(SectionLabel label, int bars) {
    }

    /**
     * Instrumentation choices.
     *
     * @param bassWave    0 = sine, 1 = saw, 2 = square
     * @param hatsPerBeat 2 (eighths) or 4 (sixteenths)
     * @param padBright   0..1 brightness of the pad filter
     * @param leadWave    0 = square, 1 = saw, 2 = triangle
     */
    public record Timbre(int bassWave, int hatsPerBeat, double padBright, int leadWave) {
    }

    public SongSpec {
        if (!(bpm >= 40 && bpm <= 240)) {
            throw new IllegalArgumentException("bpm must be in [40, 240], got " + bpm);
        }
        if (beatsPerBar < 2 || beatsPerBar > 7) {
            throw new IllegalArgumentException("beats per bar must be in [2, 7], got " + beatsPerBar);
        }
        plan = List.copyOf(plan);
        if (!(variation >= 0 && variation <= 1)) {
            throw new IllegalArgumentException("variation must be in [0, 1], got " + variation);
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("a song needs at least one section");
        }
    }

    /** The README's demo: 124 BPM, 4/4, intro-verse-pre-chorus-chorus-bridge-chorus-outro, about 80 s. */
    public static SongSpec demo() {
        return new SongSpec(1L, 124.0, 4, 40, 0.0, 0.5, List.of(
                new Part(SectionLabel.INTRO, 4), new Part(SectionLabel.VERSE, 8), new Part(SectionLabel.PRE_CHORUS, 4),
                new Part(SectionLabel.CHORUS, 8), new Part(SectionLabel.BRIDGE, 4), new Part(SectionLabel.CHORUS, 8),
                new Part(SectionLabel.OUTRO, 4)), new Timbre(1, 2, 0.6, 0), 0.0);
    }

    /** A varied song for training corpora: tempo 70–180 BPM, section orders and lengths, optional pre-chorus. */
    public static SongSpec random(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        double bpm = 70 + r.nextDouble() * 110;
        int meter = r.nextInt(10) == 0 ? 3 : 4;
        boolean pre = r.nextInt(10) < 6;
        List<Part> plan = new ArrayList<>();
        plan.add(new Part(SectionLabel.INTRO, pick(r, 2, 4, 8)));
        int choruses = 2 + r.nextInt(2);
        for (int i = 0; i < choruses; i++) {
            plan.add(new Part(SectionLabel.VERSE, pick(r, 4, 8, 8, 16)));
            if (pre) {
                plan.add(new Part(SectionLabel.PRE_CHORUS, pick(r, 2, 4, 4, 8)));
            }
            plan.add(new Part(SectionLabel.CHORUS, pick(r, 4, 8, 8, 16)));
            if (i == choruses - 2) {
                plan.add(new Part(r.nextBoolean() ? SectionLabel.BRIDGE : SectionLabel.INST, pick(r, 4, 8)));
            }
        }
        plan.add(new Part(SectionLabel.OUTRO, pick(r, 2, 4, 8)));
        Timbre t = new Timbre(r.nextInt(3), r.nextBoolean() ? 2 : 4, 0.3 + 0.6 * r.nextDouble(), r.nextInt(3));
        return new SongSpec(seed, Math.round(bpm * 10) / 10.0, meter, 36 + r.nextInt(12), -12 + 12 * r.nextDouble(),
                0.25 + r.nextDouble(), plan, t, 0.2 + 0.5 * r.nextDouble());
    }

    private static int pick(SplittableRandom r, int... options) {
        return options[r.nextInt(options.length)];
    }

    public double secondsPerBeat() {
        return 60.0 / bpm;
    }
}
