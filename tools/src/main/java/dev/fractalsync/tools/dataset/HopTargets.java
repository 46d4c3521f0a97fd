package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-hop training targets on the contract clock. Hop {@code t} covers samples {@code [t*hop, (t+1)*hop)}; its state
 * time is the hop end {@code t_now = (t+1)*hop/sampleRate}, the instant the slow clock publishes for it.
 * <ul>
 *   <li>{@code ySection[t]}: label of the segment with {@code start <= t_now < end}; silence where no segment
 *   covers {@code t_now}.</li>
 *   <li>Boundaries: every distinct segment start and end in {@code (0, duration)} — a change of label, or the edge of
 *   an unlabelled gap. The end of the audio is not a boundary.</li>
 *   <li>{@code deltaBeatsNext[t]}: beats until the first boundary {@code t_b > t_now}:
 *   {@code n + phi}, where {@code n} is the number of beat events in {@code (t_now, t_b]} and {@code phi} handles a
 *   boundary that falls between beats. A boundary within {@code snapFraction} of a beat interval from a beat is
 *   moved onto that beat ({@code phi = 0}), unless that beat is not after {@code t_now}. Otherwise
 *   {@code phi in (0,1)} is the boundary's position inside its beat interval. So a boundary between beats counts
 *   as reached at the next beat: "within h beats" means "before the h-th coming beat has passed". Beat intervals
 *   before the first and after the last annotated beat are extrapolated with the first and last interval.
 *   {@code +Infinity} after the last boundary.</li>
 *   <li>{@code yHazard[t][k] = 1} if {@code 0 < deltaBeatsNext[t] <= Horizons.beats(k)}; all zeros after the last
 *   boundary.</li>
 * </ul>
 */
public record HopTargets(byte[] ySection, float[] deltaBeatsNext, byte[][] yHazard) {
    /** Default snap distance, as a fraction of the local beat interval (≈ 50 ms at 120 BPM). */
    public static final double DEFAULT_SNAP_FRACTION = 0.1;

    public int hops() {
        return ySection.length;
    }

    public static HopTargets compute(List<LabelSegment> segments, BeatEvents beats, int hops, int sampleRate, int hop,
                                     double durationSec, double snapFraction) {
        if (beats.size() < 2) {
            throw new IllegalArgumentException("need at least 2 beat events to count beats, got " + beats.size());
        }
        double[] boundaries = boundaries(segments, durationSec);
        byte[] ySection = new byte[hops];
        float[] delta = new float[hops];
        byte[][] hazard = new byte[hops][Horizons.COUNT];
        int seg = 0;
        int next = 0;
        for (int t = 0; t < hops; t++) {
            double now = (double) (t + 1) * hop / sampleRate;
            while (seg < segments.size() && segments.get(seg).end() <= now) {
                seg++;
            }
            SectionLabel label = seg < segments.size() && segments.get(seg).contains(now)
                    ? segments.get(seg).label() : SectionLabel.SILENCE;
            ySection[t] = (byte) label.ordinal();
            while (next < boundaries.length && boundaries[next] <= now) {
                next++;
            }
            if (next == boundaries.length) {
                delta[t] = Float.POSITIVE_INFINITY;
                continue;
            }
            double d = beatsUntil(beats, now, boundaries[next], snapFraction);
            delta[t] = (float) d;
            for (int k = 0; k < Horizons.COUNT; k++) {
                hazard[t][k] = (byte) (d > 0 && d <= Horizons.beats(k) ? 1 : 0);
            }
        }
        return new HopTargets(ySection, delta, hazard);
    }

    /** Distinct segment starts and ends strictly inside {@code (0, duration)}, ascending. */
    static double[] boundaries(List<LabelSegment> segments, double durationSec) {
        List<Double> b = new ArrayList<>();
        for (LabelSegment s : segments) {
            add(b, s.start(), durationSec);
            add(b, s.end(), durationSec);
        }
        b.sort(Double::compare);
        List<Double> distinct = new ArrayList<>();
        for (double x : b) {
            if (distinct.isEmpty() || x - distinct.get(distinct.size() - 1) > TeacherLabels.OVERLAP_TOLERANCE_SEC) {
                distinct.add(x);
            }
        }
        return distinct.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void add(List<Double> b, double x, double durationSec) {
        if (x > 0 && x < durationSec) {
            b.add(x);
        }
    }

    /** The {@code n + phi} beat distance from {@code now} to boundary {@code tb > now} (see the class comment). */
    static double beatsUntil(BeatEvents beats, double now, double tb, double snapFraction) {
        int i = beats.lastAtOrBefore(tb);
        double prev = i >= 0 ? beats.time(i) : beats.time(0) - (beats.time(1) - beats.time(0));
        double nextBeat = i + 1 < beats.size() ? beats.time(i + 1)
                : beats.time(beats.size() - 1) + (beats.time(beats.size() - 1) - beats.time(beats.size() - 2));
        while (prev > tb) { // before the first beat by more than one interval: step back
            double interval = beats.time(1) - beats.time(0);
            nextBeat = prev;
            prev -= interval;
        }
        while (nextBeat <= tb) { // after the last beat by more than one interval: step forward
            double interval = nextBeat - prev;
            prev = nextBeat;
            nextBeat += interval;
        }
        double interval = nextBeat - prev;
        double target = tb;
        double phi;
        if (tb - prev <= snapFraction * interval && prev > now) {
            target = prev;
            phi = 0;
        } else if (nextBeat - tb <= snapFraction * interval) {
            target = nextBeat;
            phi = 0;
        } else {
            phi = (tb - prev) / interval;
        }
        int n = countBeats(beats, now, target);
        if (phi > 0) {
            return n + phi;
        }
        return n == 0 ? (target - now) / interval : n; // snapped onto a beat that is not an annotated event
    }

    /** Beat events in {@code (from, to]}, extrapolating the grid past the annotated beats. */
    private static int countBeats(BeatEvents beats, double from, double to) {
        int count = Math.max(0, beats.lastAtOrBefore(to) - beats.lastAtOrBefore(from));
        int last = beats.size() - 1;
        double lastInterval = beats.time(last) - beats.time(last - 1);
        double firstInterval = beats.time(1) - beats.time(0);
        count += extrapolated(beats.time(last), lastInterval, from, to);
        count += extrapolatedBefore(beats.time(0), firstInterval, from, to);
        return count;
    }

    private static int extrapolated(double lastBeat, double interval, double from, double to) {
        int count = 0;
        for (double b = lastBeat + interval; b <= to + 1e-9; b += interval) {
            if (b > from + 1e-9) {
                count++;
            }
        }
        return count;
    }

    private static int extrapolatedBefore(double firstBeat, double interval, double from, double to) {
        int count = 0;
        for (double b = firstBeat - interval; b > from + 1e-9; b -= interval) {
            if (b <= to + 1e-9) {
                count++;
            }
        }
        return count;
    }
}
