package dev.fractalsync.beat.beatnet;

import java.util.Arrays;

import static dev.fractalsync.beat.beatnet.BeatParticleFilter.EARLY_FRACTION;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.EARLY_PERSIST;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.EARLY_REGULAR_INTERVALS;
import static dev.fractalsync.beat.beatnet.BeatParticleFilter.RECENT_BEATS;

/**
 * The beats {@link BeatParticleFilter} has declared (the last {@value BeatParticleFilter#RECENT_BEATS}) and what
 * follows from them: the beat period, whether the tracker is locked, how many beats a gap spans, and whether a new
 * candidate comes too early. No allocation after construction.
 */
final class DeclaredBeats {
    private final BeatStage cloud;
    private final double fps;
    private final double minPeriodSec;
    private final double maxPeriodSec;
    private final double[] recentBeats = new double[RECENT_BEATS];
    private final double[] intervalScratch = new double[RECENT_BEATS];
    private int beatsSeen;
    private double lastBeatTime;
    private int earlyRefusals;
    private double lastRefusal;

    /**
     * @param cloud the beat stage, whose period stands in until there are three beats
     * @param fps   frames per second of the beat stage
     */
    DeclaredBeats(BeatStage cloud, double fps, double minPeriodSec, double maxPeriodSec) {
        this.cloud = cloud;
        this.fps = fps;
        this.minPeriodSec = minPeriodSec;
        this.maxPeriodSec = maxPeriodSec;
        reset();
    }

    void reset() {
        beatsSeen = 0;
        lastBeatTime = 0;
        earlyRefusals = 0;
        lastRefusal = -1e9;
    }

    /** Records a declared beat at {@code time} seconds. */
    void add(double time) {
        lastBeatTime = time;
        recentBeats[beatsSeen % RECENT_BEATS] = time;
        beatsSeen++;
    }

    /** Time in seconds of the latest beat; 0 before the first. */
    double last() {
        return lastBeatTime;
    }

    /**
     * How many beats a beat at {@code time} is after the last declared one: a gap of about n periods means n - 1
     * beats went undetected (1 to {@value MeterFilter#MAX_BEAT_STEP}; always 1 before four beats).
     */
    int beatsSinceLast(double time) {
        if (beatsSeen < 4) {
            return 1;
        }
        double n = Math.rint((time - lastBeatTime) / periodSeconds());
        return (int) Math.max(1, Math.min(MeterFilter.MAX_BEAT_STEP, n));
    }

    /**
     * Whether a beat the cloud would declare now comes too early for a locked tracker (its last
     * {@value BeatParticleFilter#EARLY_REGULAR_INTERVALS} intervals regular within 10 %): under
     * {@value BeatParticleFilter#EARLY_FRACTION} of the period of the declared beats. Such candidates were off-beat
     * eighths of a steady song, declared when a strong off-beat moved the cloud's median period to the double tempo
     * for a moment. A candidate refused in each of {@value BeatParticleFilter#EARLY_PERSIST} periods in a row is let
     * through (the tempo has doubled). On the tuning sets it removed such extra beats from two songs and left the
     * mean as it was (measurements: docs/beat-tracking.md#tuning-record).
     */
    boolean tooEarly(double now) {
        if (beatsSeen < 4) {
            return false;
        }
        double spb = periodSeconds();
        if (now - lastBeatTime >= EARLY_FRACTION * spb || !regular(EARLY_REGULAR_INTERVALS, 0.1)) {
            return false;
        }
        if (now - lastRefusal >= 0.5 * spb) {
            earlyRefusals = now - lastRefusal < 1.5 * spb ? earlyRefusals + 1 : 1;
        }
        lastRefusal = now;
        return earlyRefusals <= EARLY_PERSIST;
    }

    /**
     * Beat period in seconds. From the beats themselves once there are three: the mean of the recent inter-beat
     * intervals that lie within 15% of their median (robust to a missed or extra beat, sub-frame resolution).
     * Before that, from the particle cloud ({@link BeatStage#periodFrames()}). The cloud alone is ambiguous between a
     * tempo and its double, because off-beat frames carry no activation to penalise the faster hypothesis; the
     * detected beats are not.
     */
    double periodSeconds() {
        int n = Math.min(beatsSeen, RECENT_BEATS) - 1;
        if (n < 2) {
            return Math.max(minPeriodSec, Math.min(maxPeriodSec, cloud.periodFrames() / fps));
        }
        int newest = beatsSeen - 1;
        for (int k = 0; k < n; k++) {
            double later = recentBeats[(newest - k) % RECENT_BEATS];
            double earlier = recentBeats[(newest - k - 1) % RECENT_BEATS];
            intervalScratch[k] = later - earlier;
        }
        Arrays.sort(intervalScratch, 0, n);
        double median = n % 2 == 1 ? intervalScratch[n / 2] : 0.5 * (intervalScratch[n / 2 - 1] + intervalScratch[n / 2]);
        double sum = 0;
        int used = 0;
        for (int k = 0; k < n; k++) {
            if (Math.abs(intervalScratch[k] - median) <= 0.15 * median) {
                sum += intervalScratch[k];
                used++;
            }
        }
        double period = used == 0 ? median : sum / used;
        return Math.max(minPeriodSec, Math.min(maxPeriodSec, period));
    }

    /**
     * Whether the last {@code intervals} intervals between declared beats were each within {@code tolerance}
     * (relative) of one tracked period: the tracker is locked, not skipping or doubling beats.
     */
    boolean regular(int intervals, double tolerance) {
        if (beatsSeen <= intervals || intervals >= RECENT_BEATS) {
            return false;
        }
        double period = periodSeconds();
        int newest = beatsSeen - 1;
        for (int k = 0; k < intervals; k++) {
            double gap = recentBeats[(newest - k) % RECENT_BEATS] - recentBeats[(newest - k - 1) % RECENT_BEATS];
            if (Math.abs(gap / period - 1) > tolerance) {
                return false;
            }
        }
        return true;
    }
}
