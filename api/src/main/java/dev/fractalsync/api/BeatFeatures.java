package dev.fractalsync.api;

/**
 * The contract's F_beat vector derived from a beat clock state: sin/cos of 2π·phase, ln(spb), conf, downbeat_prob
 * (0 when the provider does not estimate it).
 */
public record BeatFeatures(double sinPhase, double cosPhase, double logSpb, double conf, double downbeatProb) {
    /** F_beat in the contract. */
    public static final int SIZE = 5;

    public static BeatFeatures of(BeatClockState s) {
        return of(s.phase(), s.spb(), s.conf(), s.downbeatProb() == null ? 0.0 : s.downbeatProb());
    }

    public static BeatFeatures of(double phase, double spb, double conf, double downbeatProb) {
        double a = 2 * Math.PI * phase;
        return new BeatFeatures(Math.sin(a), Math.cos(a), Math.log(spb), conf, downbeatProb);
    }

    /** Writes the contract-ordered values into {@code dst[offset..offset+SIZE)} without allocating. */
    public static void write(BeatClockState s, float[] dst, int offset) {
        double a = 2 * Math.PI * s.phase();
        dst[offset] = (float) Math.sin(a);
        dst[offset + 1] = (float) Math.cos(a);
        dst[offset + 2] = (float) Math.log(s.spb());
        dst[offset + 3] = (float) s.conf();
        dst[offset + 4] = s.downbeatProb() == null ? 0f : s.downbeatProb().floatValue();
    }

    public void copyTo(float[] dst, int offset) {
        dst[offset] = (float) sinPhase;
        dst[offset + 1] = (float) cosPhase;
        dst[offset + 2] = (float) logSpb;
        dst[offset + 3] = (float) conf;
        dst[offset + 4] = (float) downbeatProb;
    }
}
