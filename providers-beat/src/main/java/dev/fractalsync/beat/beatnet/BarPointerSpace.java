package dev.fractalsync.beat.beatnet;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * A one-beat bar-pointer state space in madmom's sense ({@code BarStateSpace(1, ...)}, i.e. a
 * {@code BeatStateSpace}): for every admissible period (an integer number of frames) a chain of states, one per
 * frame of the period, positioned at {@code k / period} within the beat. States are numbered period by period
 * in increasing period order; a pointer advances one state per frame and, from the last state of its chain, jumps
 * to the first state of some (possibly other) period.
 * <p>
 * Periods between {@code minInterval} and {@code maxInterval} frames: every integer in the rounded range, or, when
 * that gives more than {@code maxTempi}, {@code maxTempi} log-spaced rounded values (madmom's rule).
 */
public final class BarPointerSpace {
    private final int[] intervals;
    private final int[] firstState;
    private final int[] lastState;
    private final int[] stateTempo;
    private final int[] statePosition;
    private final int numStates;

    private BarPointerSpace(int[] intervals) {
        this.intervals = intervals;
        int n = 0;
        firstState = new int[intervals.length];
        lastState = new int[intervals.length];
        for (int t = 0; t < intervals.length; t++) {
            firstState[t] = n;
            n += intervals[t];
            lastState[t] = n - 1;
        }
        numStates = n;
        stateTempo = new int[n];
        statePosition = new int[n];
        for (int t = 0; t < intervals.length; t++) {
            for (int k = 0; k < intervals[t]; k++) {
                stateTempo[firstState[t] + k] = t;
                statePosition[firstState[t] + k] = k;
            }
        }
    }

    /** Periods from {@code minInterval} to {@code maxInterval} frames (madmom's {@code BeatStateSpace}). */
    public static BarPointerSpace ofRange(double minInterval, double maxInterval, int maxTempi) {
        int lo = (int) Math.rint(minInterval);
        int hi = (int) Math.rint(maxInterval);
        if (lo < 1 || hi < lo) {
            throw new IllegalArgumentException("bad period range " + minInterval + ".." + maxInterval);
        }
        if (hi - lo + 1 <= maxTempi) {
            int[] iv = new int[hi - lo + 1];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = lo + i;
            }
            return new BarPointerSpace(iv);
        }
        // log spacing, adding points until rounding leaves maxTempi distinct periods
        for (int count = maxTempi; ; count++) {
            TreeSet<Integer> set = new TreeSet<>();
            double a = Math.log(minInterval) / Math.log(2);
            double b = Math.log(maxInterval) / Math.log(2);
            for (int i = 0; i < count; i++) {
                double e = count == 1 ? a : a + (b - a) * i / (count - 1);
                set.add((int) Math.rint(Math.pow(2, e)));
            }
            if (set.size() >= maxTempi) {
                return new BarPointerSpace(set.stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    /** Exactly these periods (sorted, duplicates removed). */
    public static BarPointerSpace ofIntervals(int... periods) {
        int[] iv = Arrays.stream(periods).distinct().sorted().toArray();
        if (iv.length == 0 || iv[0] < 1) {
            throw new IllegalArgumentException("periods must be >= 1: " + Arrays.toString(periods));
        }
        return new BarPointerSpace(iv);
    }

    public int numStates() {
        return numStates;
    }

    public int numTempi() {
        return intervals.length;
    }

    public int interval(int tempo) {
        return intervals[tempo];
    }

    public int firstState(int tempo) {
        return firstState[tempo];
    }

    public int lastState(int tempo) {
        return lastState[tempo];
    }

    /** Index of the period chain a state belongs to. */
    public int tempoOf(int state) {
        return stateTempo[state];
    }

    /** Frames since the start of the beat (0 = the beat itself). */
    public int positionOf(int state) {
        return statePosition[state];
    }

    public boolean isLast(int state) {
        return statePosition[state] == intervals[stateTempo[state]] - 1;
    }

    public boolean isFirst(int state) {
        return statePosition[state] == 0;
    }
}
