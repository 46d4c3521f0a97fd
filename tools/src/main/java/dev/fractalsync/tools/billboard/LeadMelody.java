package dev.fractalsync.tools.billboard;

import javax.sound.midi.InvalidMidiDataException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_CHORDS;
import static dev.fractalsync.tools.billboard.TimedMidiWriter.CH_LEAD;

/**
 * The lead line of the bars the transcription gives a lead instrument: on the lead's own programme (in the piano
 * family, the piano's right hand), the same tune for the same Billboard letter, its register set by the section.
 */
final class LeadMelody {
    private final Transcription t;
    private final ArrangerFamily family;
    private final long seed;
    private final BeatGrid grid;
    private final int stepsPerBeat;
    private final SongKey key;
    private final FamilyInstruments instruments;
    private final TimedMidiWriter midi;

    LeadMelody(Transcription t, ArrangerFamily family, long seed, BeatGrid grid, SongKey key,
               FamilyInstruments instruments, TimedMidiWriter midi) {
        this.t = t;
        this.family = family;
        this.seed = seed;
        this.grid = grid;
        this.stepsPerBeat = grid.stepsPerBeat();
        this.key = key;
        this.instruments = instruments;
        this.midi = midi;
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

    /** A melody on the lead programme: same Billboard letter, same tune; register by section. */
    void bar(int b, double e) throws InvalidMidiDataException {
        Transcription.Bar bar = t.bars().get(b);
        Transcription.Section section = t.sections().get(bar.section());
        String lead = bar.lead().toLowerCase(Locale.ROOT);
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

    private int leadProgram(String lead) {
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

    private int nearestPc(int around, int[] pcs) {
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

    private int barInSection(int b) {
        int i = b;
        while (i > 0 && t.bars().get(i - 1).section() == t.bars().get(b).section()) {
            i--;
        }
        return b - i;
    }
}
