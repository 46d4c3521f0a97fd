package dev.fractalsync.clock;

/**
 * A tempo set by hand, which the published beat grid follows instead of the tracker's until it is released: beats fall
 * at {@code anchorSec + k * spb} in stream time, and every {@value #BEATS_PER_BAR}th of them, counting from the anchor,
 * is a downbeat.
 *
 * @param spb       seconds per beat
 * @param anchorSec stream time of a beat that is a downbeat (the first tap); NaN: the tracker's last downbeat (its
 *                  last beat when it has none), taken when the override starts
 */
public record ManualTempo(double spb, double anchorSec) {
    public static final double MIN_BPM = 30;
    public static final double MAX_BPM = 300;
    public static final int BEATS_PER_BAR = 4;

    public ManualTempo {
        double bpm = 60.0 / spb;
        if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "a tempo override must be %.0f-%.0f BPM, got %.1f", MIN_BPM, MAX_BPM, bpm));
        }
        if (Double.isInfinite(anchorSec)) {
            throw new IllegalArgumentException("a tempo override's anchor must be finite or NaN");
        }
    }

    /** {@code bpm} from the tracker's last downbeat on. */
    public static ManualTempo ofBpm(double bpm) {
        if (!(bpm > 0) || Double.isInfinite(bpm)) {
            throw new IllegalArgumentException("a tempo override must be " + (int) MIN_BPM + "-" + (int) MAX_BPM
                    + " BPM, got " + bpm);
        }
        return new ManualTempo(60.0 / bpm, Double.NaN);
    }

    public double bpm() {
        return 60.0 / spb;
    }
}
