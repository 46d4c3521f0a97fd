package dev.fractalsync.tools.billboard;

import java.util.Random;

/**
 * When each beat of the arrangement sounds: the transcription's bar times, warped with rubato for the piano family.
 * Notes and truth both read their times here, so they agree.
 */
final class BeatGrid {
    private final double[][] beatTimes;
    private final int stepsPerBeat;

    private BeatGrid(double[][] beatTimes, boolean compound) {
        this.beatTimes = beatTimes;
        this.stepsPerBeat = compound ? 3 : 2;
    }

    /** The transcription's own beat times. */
    static BeatGrid plain(Transcription t) {
        return new BeatGrid(plainTimes(t), t.compound());
    }

    /**
     * Tempo drift within phrases of up to four bars inside each section: time inside the phrase is warped by
     * u + a·sin(2πu)/(2π), so the local tempo swings by ±a while phrase starts stay where the recording has them.
     */
    static BeatGrid rubato(Transcription t, Random rng) {
        double[][] out = plainTimes(t);
        int i = 0;
        int n = out.length;
        while (i < n) {
            int section = t.bars().get(i).section();
            int j = i;
            while (j < n && j - i < 4 && t.bars().get(j).section() == section) {
                j++;
            }
            double t0 = out[i][0];
            double t1 = out[j - 1][out[j - 1].length - 1];
            double a = (0.03 + 0.03 * rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1);
            for (int b = i; b < j; b++) {
                for (int k = 0; k < out[b].length; k++) {
                    double u = (out[b][k] - t0) / (t1 - t0);
                    out[b][k] = t0 + (t1 - t0) * (u + a * Math.sin(2 * Math.PI * u) / (2 * Math.PI));
                }
            }
            i = j;
        }
        return new BeatGrid(out, t.compound());
    }

    private static double[][] plainTimes(Transcription t) {
        double[][] out = new double[t.bars().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.bars().get(i).beatTimes().clone();
        }
        return out;
    }

    /** Subdivisions of a beat for eighth-note patterns: 2, or 3 when the beat is a dotted quarter. */
    int stepsPerBeat() {
        return stepsPerBeat;
    }

    int barCount() {
        return beatTimes.length;
    }

    /** The beats+1 instants of bar {@code bar}: its beats and its end. Read only. */
    double[] beatTimes(int bar) {
        return beatTimes[bar];
    }

    /** Time of position {@code beat} (fractional) in bar {@code bar}. */
    double at(int bar, double beat) {
        double[] bt = beatTimes[bar];
        int beats = bt.length - 1;
        double p = Math.max(0, Math.min(beats, beat));
        int k = Math.min(beats - 1, (int) Math.floor(p));
        return bt[k] + (p - k) * (bt[k + 1] - bt[k]);
    }

    /** Seconds of beat {@code beat} of bar {@code b}. */
    double beatSec(int b, int beat) {
        return beatTimes[b][beat + 1] - beatTimes[b][beat];
    }
}
