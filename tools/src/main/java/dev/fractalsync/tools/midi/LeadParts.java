package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;

import static dev.fractalsync.tools.midi.ArrangementGenerator.T16;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_LEAD;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_SOLO;

/** The lead lines: the melody of the sung sections and the solo of an instrumental section. */
final class LeadParts {
    private final SongRandom rng;
    private final Meter meter;
    private final double contrast;
    private final Harmony harmony;
    private final SongMidiWriter midi;

    LeadParts(SongRandom rng, Meter meter, double contrast, Harmony harmony, SongMidiWriter midi) {
        this.rng = rng;
        this.meter = meter;
        this.contrast = contrast;
        this.harmony = harmony;
        this.midi = midi;
    }

    /** A melody from a repeated two-bar motif with variation; choruses sit higher and move more. */
    void melody(SongSection s) throws InvalidMidiDataException {
        int spb = meter.stepsPerBar();
        int phraseSteps = 2 * spb;
        double density = switch (s.label) {
            case "chorus" -> 0.45 + 0.15 * contrast;
            case "pre-chorus" -> 0.45;
            case "verse" -> 0.35;
            default -> 0.3;
        };
        boolean[] motif = new boolean[phraseSteps];
        int[] motifDegrees = new int[phraseSteps];
        int degree = 2 + rng.nextInt(3);
        for (int st = 0; st < phraseSteps - 4; st += 2) {
            boolean strong = st % (meter.stepsPerBeat()) == 0;
            motif[st] = rng.nextDouble() < density + (strong ? 0.2 : 0);
            degree += rng.nextInt(5) - 2;
            degree = Math.max(0, Math.min(9, degree));
            motifDegrees[st] = degree;
        }
        int[] sc = harmony.scale(s);
        int base = 64 + s.register;
        for (int bar = 0; bar + 1 < s.bars || bar == 0; bar += 2) {
            int phrase = bar / 2;
            int shift = phrase % 4 == 3 ? 2 : phrase % 2 == 1 ? -1 : 0;
            for (int st = 0; st < phraseSteps; st++) {
                if (!motif[st]) {
                    continue;
                }
                int b = bar + st / spb;
                if (b >= s.bars) {
                    break;
                }
                int len = 2;
                while (st + len < phraseSteps && !motif[st + len] && len < 6) {
                    len += 2;
                }
                int d = motifDegrees[st] + shift;
                int pitch = harmony.root(s) + sc[Math.floorMod(d, 7)] + 12 * Math.floorDiv(d, 7);
                pitch = Harmony.nearest(pitch, base);
                // Snap strong beats to the nearest chord tone.
                if (st % meter.stepsPerBeat() == 0) {
                    int best = pitch;
                    int bestDist = 99;
                    for (int tone : harmony.chord(s, b)) {
                        int c = Harmony.nearest(tone, pitch);
                        if (Math.abs(c - pitch) < bestDist) {
                            best = c;
                            bestDist = Math.abs(c - pitch);
                        }
                    }
                    pitch = best;
                }
                double vel = 78 * s.level(b) * (st % meter.stepsPerBeat() == 0 ? 1.0 : 0.88);
                midi.note(CH_LEAD, pitch, s.barTick(meter, bar) + (long) st * T16, (long) len * T16, vel);
            }
        }
    }

    /** An instrumental solo: running notes of the pentatonic scale, higher towards the end. */
    void solo(SongSection s) throws InvalidMidiDataException {
        int[] penta = harmony.scale(s) == Harmony.MAJOR ? new int[] {0, 2, 4, 7, 9} : new int[] {0, 3, 5, 7, 10};
        int spb = meter.stepsPerBar();
        int idx = 7;
        for (int bar = 0; bar < s.bars; bar++) {
            double vel = 88 * s.level(bar);
            int st = 0;
            while (st < spb) {
                int len = rng.nextDouble() < 0.5 ? 1 : rng.nextDouble() < 0.7 ? 2 : 4;
                if (st + len > spb) {
                    len = spb - st;
                }
                if (rng.nextDouble() < 0.85) {
                    idx += rng.nextInt(5) - 2 + (bar >= s.bars / 2 && rng.nextDouble() < 0.2 ? 1 : 0);
                    idx = Math.max(2, Math.min(14, idx));
                    int pitch = 60 + harmony.root(s) % 12 + penta[idx % 5] + 12 * (idx / 5);
                    midi.note(CH_SOLO, pitch, s.barTick(meter, bar) + (long) st * T16, (long) len * T16,
                            vel * (st % meter.stepsPerBeat() == 0 ? 1.0 : 0.85));
                }
                st += len;
            }
        }
    }}
