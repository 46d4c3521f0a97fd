package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A song's tempo and metre as a musician would state them, from the beats the engine published: the median
 * inter-beat interval (the first {@value #SKIPPED_BEATS} beats, while the tracker locks, left out) and the most common
 * number of beats from one downbeat to the next, when at least {@value #MIN_SHARE_PERCENT} % of the bars agree.
 *
 * @param bpm         tempo in beats per minute; NaN with fewer than {@value #MIN_INTERVALS} intervals after lock
 * @param beatsPerBar beats per bar; 0 when unknown (too few downbeats, or no clear majority)
 * @param beats       beats published
 * @param bars        downbeats published
 */
record TempoSummary(double bpm, int beatsPerBar, int beats, int bars) {
    static final int SKIPPED_BEATS = 4;
    static final int MIN_INTERVALS = 4;
    static final int MIN_BARS = 3;
    static final int MIN_SHARE_PERCENT = 50;

    static TempoSummary of(List<BeatEvent> beats) {
        int n = beats.size();
        double bpm = Double.NaN;
        int from = Math.min(SKIPPED_BEATS, Math.max(0, n - 1 - MIN_INTERVALS));
        if (n - 1 - from >= MIN_INTERVALS) {
            double[] intervals = new double[n - 1 - from];
            for (int i = from; i < n - 1; i++) {
                intervals[i - from] = beats.get(i + 1).tSec() - beats.get(i).tSec();
            }
            Arrays.sort(intervals);
            double median = intervals.length % 2 == 1 ? intervals[intervals.length / 2]
                    : (intervals[intervals.length / 2 - 1] + intervals[intervals.length / 2]) / 2;
            bpm = median > 0 ? 60 / median : Double.NaN;
        }
        int bars = 0;
        int[] gapCounts = new int[17];
        int gaps = 0;
        long previousDownbeat = -1;
        for (BeatEvent b : beats) {
            if (!b.downbeat()) {
                continue;
            }
            bars++;
            if (previousDownbeat >= 0) {
                long gap = b.beatCount() - previousDownbeat;
                if (gap >= 1 && gap < gapCounts.length) {
                    gapCounts[(int) gap]++;
                }
                gaps++;
            }
            previousDownbeat = b.beatCount();
        }
        int beatsPerBar = 0;
        if (gaps >= MIN_BARS) {
            int best = 1;
            for (int g = 2; g < gapCounts.length; g++) {
                if (gapCounts[g] > gapCounts[best]) {
                    best = g;
                }
            }
            if (gapCounts[best] * 100 >= MIN_SHARE_PERCENT * gaps && best >= 2) {
                beatsPerBar = best;
            }
        }
        return new TempoSummary(bpm, beatsPerBar, n, bars);
    }

    /** "4/4", "3/4", ... or "unknown". */
    String metre() {
        return beatsPerBar == 0 ? "unknown" : beatsPerBar + "/4";
    }

    /** The line analyze prints: "tempo 120.0 BPM, metre 4/4 (160 beats, 40 bars)". */
    String describe() {
        String tempo = Double.isNaN(bpm) ? "tempo unknown" : String.format(Locale.ROOT, "tempo %.1f BPM", bpm);
        return String.format(Locale.ROOT, "%s, metre %s (%d beats, %d bars)", tempo, metre(), beats, bars);
    }
}
