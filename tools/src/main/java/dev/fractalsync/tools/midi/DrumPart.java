package dev.fractalsync.tools.midi;

import javax.sound.midi.InvalidMidiDataException;

import static dev.fractalsync.tools.midi.ArrangementGenerator.T16;
import static dev.fractalsync.tools.midi.Meter.FOUR_FOUR;
import static dev.fractalsync.tools.midi.Meter.THREE_FOUR;
import static dev.fractalsync.tools.midi.SongMidiWriter.CH_DRUMS;

/** The drum kit on channel 10 (General MIDI drum map). */
final class DrumPart {
    private static final int KICK = 36;
    private static final int SIDESTICK = 37;
    private static final int SNARE = 38;
    private static final int CLAP = 39;
    private static final int FLOOR_TOM = 41;
    private static final int HAT = 42;
    private static final int PEDAL_HAT = 44;
    private static final int LOW_TOM = 45;
    private static final int OPEN_HAT = 46;
    private static final int MID_TOM = 47;
    private static final int CRASH = 49;
    private static final int HIGH_TOM = 50;
    private static final int RIDE = 51;
    private static final int TAMBOURINE = 54;

    private final SongRandom rng;
    private final String style;
    private final Meter meter;
    private final double contrast;
    private final SongMidiWriter midi;

    DrumPart(SongRandom rng, String style, Meter meter, double contrast, SongMidiWriter midi) {
        this.rng = rng;
        this.style = style;
        this.meter = meter;
        this.contrast = contrast;
        this.midi = midi;
    }

    private void hit(int drum, long tick, double vel) throws InvalidMidiDataException {
        midi.note(CH_DRUMS, drum, tick, T16, vel);
    }

    /**
     * The drum part of section {@code s}: groove by style and meter, crashes at section starts, a fill into the next
     * section, a closing hit on the song's last bar.
     *
     * @param prev the section before, or null
     * @param next the section after, or null for the last one
     */
    void write(SongSection s, SongSection prev, SongSection next) throws InvalidMidiDataException {
        int spb = meter.stepsPerBar();
        int spbeat = meter.stepsPerBeat();
        boolean chorusLike = s.label.equals("chorus") || s.label.equals("inst");
        boolean sparse = s.label.equals("verse") || s.label.equals("intro") || s.label.equals("outro");
        boolean halfTime = s.label.equals("bridge") && rng.nextDouble() < 0.6;
        boolean fillHere = next != null && s.fillAtEnd;
        for (int bar = 0; bar < s.bars; bar++) {
            long t0 = s.barTick(meter, bar);
            double lv = s.level(bar);
            boolean lastBar = bar == s.bars - 1;
            if (next == null && lastBar) {
                hit(CRASH, t0, 100 * lv);
                hit(KICK, t0, 105 * lv);
                continue;
            }
            if (s.label.equals("intro") && bar < s.bars / 2) {
                // thin intro: hats (or ride) only
                for (int st = 0; st < spb; st += spbeat) {
                    hit(HAT, t0 + (long) st * T16, 60 * lv);
                }
                continue;
            }
            boolean crash = bar == 0 && (chorusLike || prev != null && prev.silent()
                    || s.label.equals("bridge") && !halfTime) || chorusLike && bar % 4 == 0 && bar > 0 && contrast > 0.5;
            if (crash) {
                hit(CRASH, t0, 105 * lv);
            }
            int fillFrom = fillHere && lastBar ? spb / 2 : spb;
            if (s.label.equals("pre-chorus") && lastBar && fillHere) {
                fillFrom = 0; // full-bar snare roll
            }
            for (int st = 0; st < fillFrom; st++) {
                long t = t0 + (long) st * T16;
                grooveStep(s, st, t, lv, chorusLike, sparse, halfTime, bar);
            }
            if (fillFrom < spb) {
                fill(s, t0, fillFrom, spb, lv);
            }
        }
    }

    private void grooveStep(SongSection s, int st, long t, double lv, boolean chorusLike, boolean sparse, boolean halfTime,
                            int bar) throws InvalidMidiDataException {
        int spbeat = meter.stepsPerBeat();
        boolean beat = st % spbeat == 0;
        int beatIdx = st / spbeat;
        boolean eighth = st % 2 == 0;
        double hatVel = (beat ? 70 : 55) * lv;
        if (meter == FOUR_FOUR) {
            switch (style) {
                case "dance" -> {
                    if (beat && !(s.label.equals("bridge"))) {
                        hit(KICK, t, 108 * lv);
                    }
                    if (st == 4 || st == 12) {
                        hit(CLAP, t, 95 * lv);
                    }
                    if (st % 4 == 2) {
                        hit(OPEN_HAT, t, 70 * lv);
                    } else if (chorusLike && !beat) {
                        hit(HAT, t, 50 * lv);
                    }
                    if (s.label.equals("pre-chorus") && bar >= s.bars / 2 && eighth) {
                        hit(SNARE, t, (50 + 40.0 * bar / s.bars) * lv);
                    }
                }
                default -> {
                    boolean rock = style.equals("rock");
                    boolean kick = st == 0 || (halfTime ? st == 10 : st == 8)
                            || (chorusLike || rock) && st == 10 || style.equals("pop") && st == 6 && !sparse;
                    if (kick) {
                        hit(KICK, t, 100 * lv);
                    }
                    boolean backbeat = halfTime ? st == 8 : st == 4 || st == 12;
                    if (backbeat) {
                        hit(sparse && style.equals("ballad") ? SIDESTICK : SNARE, t, 95 * lv);
                    }
                    if (chorusLike && eighth) {
                        hit(rock || rng.nextDouble() < 0.3 ? RIDE : OPEN_HAT, t, hatVel);
                    } else if (sparse ? beat || style.equals("rock") && eighth : eighth) {
                        hit(HAT, t, hatVel);
                    }
                    if (s.label.equals("pre-chorus") && bar >= s.bars - 2 && eighth && !backbeat) {
                        hit(SNARE, t, (45 + 35.0 * st / 16) * lv);
                    }
                    if (chorusLike && style.equals("pop") && beat && contrast > 0.5) {
                        hit(TAMBOURINE, t, 55 * lv);
                    }
                }
            }
        } else if (meter == THREE_FOUR) {
            if (st == 0) {
                hit(KICK, t, 100 * lv);
            }
            if ((st == 4 || st == 8) && !sparse) {
                hit(chorusLike ? SNARE : SIDESTICK, t, 70 * lv);
            }
            if (beat || chorusLike && eighth) {
                hit(chorusLike ? RIDE : HAT, t, hatVel);
            }
            if (s.label.equals("pre-chorus") && bar >= s.bars - 2 && eighth) {
                hit(SNARE, t, (45 + 30.0 * st / 12) * lv);
            }
        } else { // 6/8
            if (st == 0 || chorusLike && st == 10) {
                hit(KICK, t, 100 * lv);
            }
            if (st == 6) {
                hit(sparse ? SIDESTICK : SNARE, t, 90 * lv);
            }
            if (eighth) {
                hit(chorusLike ? RIDE : HAT, t, (beat ? 68 : 50) * lv);
            }
            if (s.label.equals("pre-chorus") && bar >= s.bars - 2 && eighth && st != 6) {
                hit(SNARE, t, (45 + 30.0 * st / 12) * lv);
            }
        }
    }

    /** A fill from step {@code from} to the end of the bar: snare roll or descending toms, crescendo. */
    private void fill(SongSection s, long t0, int from, int spb, double lv) throws InvalidMidiDataException {
        boolean roll = s.label.equals("pre-chorus") || rng.nextDouble() < 0.4;
        int[] toms = {HIGH_TOM, MID_TOM, LOW_TOM, FLOOR_TOM};
        if (from == 0) {
            hit(KICK, t0, 100 * lv);
        }
        for (int st = from; st < spb; st++) {
            if (!roll && st % 2 == 1 && rng.nextDouble() < 0.5) {
                continue;
            }
            double v = (70 + 45.0 * (st - from) / Math.max(1, spb - from)) * lv;
            int drum = roll ? SNARE : toms[Math.min(3, 4 * (st - from) / Math.max(1, spb - from))];
            hit(drum, t0 + (long) st * T16, v);
            if (st % meter.stepsPerBeat() == 0 && st > from) {
                hit(KICK, t0 + (long) st * T16, 90 * lv);
            }
        }
        if (from > 0) {
            hit(PEDAL_HAT, t0, 50 * lv);
            hit(KICK, t0, 100 * lv);
        }
    }}
