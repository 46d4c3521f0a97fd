package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.BeatFeatures;

/**
 * Beat features at hop-end times from annotated beat events — what an ideal causal tracker would report:
 * phase and seconds-per-beat from the beat interval around {@code t}, confidence 1 from the first beat until one
 * interval after the last (0 elsewhere), downbeat probability 1 while the last beat was a downbeat.
 */
public final class AnnotatedBeatClock {
    private final BeatEvents beats;

    public AnnotatedBeatClock(BeatEvents beats) {
        if (beats.size() < 2) {
            throw new IllegalArgumentException("need at least 2 beats, got " + beats.size());
        }
        this.beats = beats;
    }

    /** Writes the F_beat vector at time {@code t} into {@code dst[offset..offset+5)}. */
    public void write(double t, boolean withDownbeats, float[] dst, int offset) {
        int n = beats.size();
        int i = beats.lastAtOrBefore(t);
        double prev;
        double next;
        double conf;
        boolean downbeat = false;
        if (i < 0) {
            double interval = beats.time(1) - beats.time(0);
            next = beats.time(0);
            prev = next - interval;
            while (prev > t) {
                next = prev;
                prev -= interval;
            }
            conf = 0;
        } else if (i + 1 < n) {
            prev = beats.time(i);
            next = beats.time(i + 1);
            conf = 1;
            downbeat = beats.downbeat(i);
        } else {
            double interval = beats.time(n - 1) - beats.time(n - 2);
            prev = beats.time(n - 1);
            conf = t - prev <= interval ? 1 : 0;
            downbeat = conf > 0 && beats.downbeat(n - 1);
            while (prev + interval <= t) {
                prev += interval;
            }
            next = prev + interval;
        }
        double spb = next - prev;
        double phase = (t - prev) / spb;
        phase = phase - Math.floor(phase);
        BeatFeatures.of(phase >= 1 ? 0 : phase, spb, conf, withDownbeats && downbeat ? 1 : 0).copyTo(dst, offset);
    }
}
