package dev.fractalsync.structure.context;

/**
 * Where the song is in its phrase, on the downbeat grid: bars since the last detected change, counted from the beat
 * features hop by hop.
 * <p>
 * A beat is where the phase wraps (from above 0.75 to below 0.25); it starts a bar when its downbeat_prob exceeds
 * 0.5, or, when the provider has given no downbeat for 8 beats (a clock without downbeats), every 4 beats. A change
 * detected in the first half of a bar is put on that bar's downbeat, one in the second half on the next, since
 * sections start on downbeats; the fractional part is the position within the bar.
 */
final class BarGrid {
    private static final int FALLBACK_BEATS = 4;
    private double previousPhase = -1;
    private long barIndex;
    private int beatsInBar;
    private int beatsPerBar = FALLBACK_BEATS;
    private int beatsWithoutDownbeat;
    private double phase;
    private long changeBar;

    void reset() {
        previousPhase = -1;
        barIndex = 0;
        beatsInBar = 0;
        beatsPerBar = FALLBACK_BEATS;
        beatsWithoutDownbeat = 0;
        phase = 0;
        changeBar = 0;
    }

    void push(double sinPhase, double cosPhase, double downbeatProb) {
        double p = Math.atan2(sinPhase, cosPhase) / (2 * Math.PI);
        phase = p < 0 ? p + 1 : p;
        if (previousPhase > 0.75 && phase < 0.25) {
            beat(downbeatProb > 0.5);
        }
        previousPhase = phase;
    }

    private void beat(boolean downbeat) {
        beatsWithoutDownbeat = downbeat ? 0 : beatsWithoutDownbeat + 1;
        boolean fallback = beatsWithoutDownbeat >= 2 * FALLBACK_BEATS && beatsInBar + 1 >= FALLBACK_BEATS;
        if (downbeat || fallback) {
            if (downbeat && beatsInBar > 0) {
                beatsPerBar = Math.max(2, Math.min(7, beatsInBar + 1));
            } else if (fallback) {
                beatsPerBar = FALLBACK_BEATS;
            }
            barIndex++;
            beatsInBar = 0;
        } else {
            beatsInBar++;
        }
    }

    void markChange() {
        changeBar = positionInBar() < 0.5 ? barIndex : barIndex + 1;
    }

    /** Position within the current bar in [0, 1). */
    private double positionInBar() {
        return Math.min(0.999, (beatsInBar + phase) / beatsPerBar);
    }

    /** Bars since the last change (or the onset), with the position in the bar as the fraction; 0 before it. */
    double barsSinceChange() {
        return Math.max(0, barIndex - changeBar + positionInBar());
    }
}
