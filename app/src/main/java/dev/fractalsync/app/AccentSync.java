package dev.fractalsync.app;

import dev.fractalsync.api.stats.Percentile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a look's beat accents land against true beats, measured in the pixels: frame {@code k} (song time
 * {@code k / fps}) has a mean brightness, and each true beat's accent is the frame with the strongest brightness
 * rise over its predecessor within {@value #SEARCH_MS} ms of the beat. The offset is that frame's time minus the beat.
 */
final class AccentSync {
    static final double SEARCH_MS = 150;
    /** Every 4th pixel of every 4th row: the mean moves by far less than the accents we look for. */
    private static final int STEP = 4;

    private AccentSync() {
    }

    /** Distribution of the offsets of one group of beats (all in milliseconds; NaN when the group is empty). */
    record Stats(int beats, int accents, double medianMs, double medianAbsMs, double q1Ms, double q3Ms,
                 double minMs, double maxMs, double withinOneFrame) {
        double iqrMs() {
            return q3Ms - q1Ms;
        }

        static Stats of(int beats, double[] offsetsMs, double frameMs) {
            int n = offsetsMs.length;
            if (n == 0) {
                return new Stats(beats, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        beats > 0 ? 0.0 : Double.NaN);
            }
            double[] sorted = offsetsMs.clone();
            Arrays.sort(sorted);
            double[] abs = Arrays.stream(offsetsMs).map(Math::abs).sorted().toArray();
            // a frame time minus a beat time: allow rounding of the two doubles, not a second frame
            long within = Arrays.stream(offsetsMs).filter(o -> Math.abs(o) <= frameMs + 1e-6).count();
            return new Stats(beats, n, Percentile.ofSorted(sorted, 0.5), Percentile.ofSorted(abs, 0.5),
                    Percentile.ofSorted(sorted, 0.25), Percentile.ofSorted(sorted, 0.75), sorted[0], sorted[n - 1],
                    (double) within / beats);
        }
    }

    /** One true beat and where its accent landed ({@code offsetMs} NaN: no brightness rise within the window). */
    record Beat(double tSec, double offsetMs) {
    }

    record Report(double fps, double lockSec, int frames, List<Beat> beats, Stats beforeLock, Stats afterLock) {
    }

    /** Mean luma (0..255, Rec. 601 weights) of an ARGB frame, on a regular subsample. */
    static double meanLuma(int[] argb, int width, int height) {
        double sum = 0;
        long n = 0;
        for (int y = STEP / 2; y < height; y += STEP) {
            int row = y * width;
            for (int x = STEP / 2; x < width; x += STEP) {
                int p = argb[row + x];
                sum += 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Measures the accents of {@code brightness} (one value per frame at {@code fps}) against {@code beats} (seconds).
     * Beats whose search window is not fully inside the rendered frames are left out.
     */
    static Report measure(double[] brightness, double fps, double[] beats, double lockSec) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        double window = SEARCH_MS / 1000.0;
        double frameMs = 1000.0 / fps;
        int frames = brightness.length;
        List<Beat> measured = new ArrayList<>();
        for (double b : beats) {
            int lo = (int) Math.ceil((b - window) * fps - 1e-9);
            int hi = (int) Math.floor((b + window) * fps + 1e-9);
            if (lo < 1 || hi >= frames) {
                continue;
            }
            int best = -1;
            double bestRise = 0;
            for (int k = lo; k <= hi; k++) {
                double rise = brightness[k] - brightness[k - 1];
                if (rise > bestRise) {
                    bestRise = rise;
                    best = k;
                }
            }
            measured.add(new Beat(b, best < 0 ? Double.NaN : (best / fps - b) * 1000.0));
        }
        return new Report(fps, lockSec, frames, List.copyOf(measured),
                group(measured, b -> b.tSec() < lockSec, frameMs), group(measured, b -> b.tSec() >= lockSec, frameMs));
    }

    private static Stats group(List<Beat> beats, java.util.function.Predicate<Beat> in, double frameMs) {
        List<Beat> chosen = beats.stream().filter(in).toList();
        double[] offsets = chosen.stream().mapToDouble(Beat::offsetMs).filter(Double::isFinite).toArray();
        return Stats.of(chosen.size(), offsets, frameMs);
    }
}
