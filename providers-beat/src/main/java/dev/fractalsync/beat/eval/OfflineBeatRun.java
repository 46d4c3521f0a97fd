package dev.fractalsync.beat.eval;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.spi.BeatClockProvider;

import java.util.Arrays;

/**
 * Drives a beat clock provider over a whole mono signal at the contract rate, hop by hop as the slow clock would,
 * and records the beats it reports: whenever {@code beatCount} grows, the beat time is the hop time minus the
 * elapsed phase ({@code tSec - phase * spb}).
 */
public final class OfflineBeatRun {
    /** Beats and downbeats (estimated times), final tempo and the wall time spent inside {@code process}. */
    public record Result(double[] beats, double[] downbeats, double finalBpm, double meanConf, long hops,
                         long processNanos, double audioSeconds) {
        public double realTimeFactor() {
            return audioSeconds / (processNanos / 1e9);
        }
    }

    private OfflineBeatRun() {
    }

    public static Result run(BeatClockProvider provider, float[] samples, int sampleRate, int hop) {
        float[] buffer = new float[hop];
        AudioHop view = new AudioHop(buffer);
        double[] beats = new double[64];
        double[] downs = new double[64];
        int nb = 0;
        int nd = 0;
        long lastCount = 0;
        long nanos = 0;
        double confSum = 0;
        long hops = 0;
        BeatClockState s = null;
        for (int off = 0; off + hop <= samples.length; off += hop, hops++) {
            System.arraycopy(samples, off, buffer, 0, hop);
            view.advance(hops, (double) (off + hop) / sampleRate);
            long t0 = System.nanoTime();
            s = provider.process(view);
            nanos += System.nanoTime() - t0;
            confSum += s.conf();
            if (s.beatCount() > lastCount) {
                double at = s.tSec() - s.phase() * s.spb();
                if (nb == beats.length) {
                    beats = Arrays.copyOf(beats, 2 * nb);
                }
                beats[nb++] = at;
                if (s.downbeatProb() != null && s.downbeatProb() >= 0.5) {
                    if (nd == downs.length) {
                        downs = Arrays.copyOf(downs, 2 * nd);
                    }
                    downs[nd++] = at;
                }
                lastCount = s.beatCount();
            }
        }
        return new Result(Arrays.copyOf(beats, nb), Arrays.copyOf(downs, nd), s == null ? Double.NaN : s.bpm(),
                hops == 0 ? 0 : confSum / hops, hops, nanos, (double) hops * hop / sampleRate);
    }
}
