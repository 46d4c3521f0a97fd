package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Beat event times of one track in seconds, strictly increasing, with optional downbeat flags. Either read from an
 * annotation (ground truth of the demo generator, a {@code .beats} file) or recovered from a beat clock provider's
 * {@code beatCount} as it streams over the track (the BeatNet parity path: the same events the runtime sees).
 */
public final class BeatEvents {
    private final double[] times;
    private final boolean[] downbeats;

    public BeatEvents(double[] times, boolean[] downbeats) {
        if (times.length != downbeats.length) {
            throw new IllegalArgumentException("times and downbeat flags differ in length");
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i]) || times[i] < 0 || (i > 0 && times[i] <= times[i - 1])) {
                throw new IllegalArgumentException("beat times must be finite, >= 0 and strictly increasing (index " + i + ")");
            }
        }
        this.times = times.clone();
        this.downbeats = downbeats.clone();
    }

    public static BeatEvents of(double... times) {
        return new BeatEvents(times, new boolean[times.length]);
    }

    /** Beats at {@code times}, flagged as downbeats where a time of {@code downbeatTimes} coincides (within 1 µs). */
    public static BeatEvents withDownbeats(double[] times, double[] downbeatTimes) {
        boolean[] flags = new boolean[times.length];
        for (int i = 0, j = 0; i < times.length; i++) {
            while (j < downbeatTimes.length && downbeatTimes[j] < times[i] - 1e-6) {
                j++;
            }
            flags[i] = j < downbeatTimes.length && Math.abs(downbeatTimes[j] - times[i]) <= 1e-6;
        }
        return new BeatEvents(times, flags);
    }

    public static BeatEvents of(List<Double> times, List<Boolean> downbeats) {
        double[] t = new double[times.size()];
        boolean[] d = new boolean[times.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i);
            d[i] = downbeats != null && downbeats.get(i);
        }
        return new BeatEvents(t, d);
    }

    /**
     * Reads a beat annotation: one beat per line, {@code time [position-in-bar]} (madmom / .beats style, whitespace
     * or comma separated); position 1 marks a downbeat. Blank and {@code #} lines are skipped.
     */
    public static BeatEvents read(Path file) throws IOException, LabelFormatException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        double[] t = new double[lines.size()];
        boolean[] d = new boolean[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[\\s,]+");
            try {
                double time = Double.parseDouble(f[0]);
                if (!Double.isFinite(time) || time < 0 || (n > 0 && time <= t[n - 1])) {
                    throw new LabelFormatException(file + ":" + (i + 1) + ": beat times must be >= 0 and increasing, got " + f[0]);
                }
                t[n] = time;
                d[n] = f.length > 1 && Double.parseDouble(f[1]) == 1.0;
                n++;
            } catch (NumberFormatException e) {
                throw new LabelFormatException(file + ":" + (i + 1) + ": expected 'time [beat-in-bar]', got '" + line + "'");
            }
        }
        return new BeatEvents(Arrays.copyOf(t, n), Arrays.copyOf(d, n));
    }

    /** Beat events as a streaming beat clock reports them (the runtime's rule, {@link BeatEventDetector}). */
    public static BeatEvents fromClockStates(List<BeatClockState> states, double hopSeconds) {
        List<BeatEvent> events = BeatEventDetector.detectAll(states, hopSeconds);
        double[] t = new double[events.size()];
        boolean[] d = new boolean[events.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = events.get(i).tSec();
            d[i] = events.get(i).downbeat();
        }
        return new BeatEvents(t, d);
    }

    public int size() {
        return times.length;
    }

    public double time(int i) {
        return times[i];
    }

    public boolean downbeat(int i) {
        return downbeats[i];
    }

    public double[] times() {
        return times.clone();
    }

    /** Index of the last beat at or before {@code t}, or -1. */
    public int lastAtOrBefore(double t) {
        int i = Arrays.binarySearch(times, t);
        return i >= 0 ? i : -i - 2;
    }
}
