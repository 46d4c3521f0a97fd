package dev.fractalsync.api.audio;

/**
 * The contract's input-level stage ({@code input_level} in model_contracts/v1.json): a causal, deterministic gain in
 * front of every feature path, so a song played 20 dB quieter (or 6 dB hotter) reaches the beat tracker and the
 * structure features at the level the models were trained at.
 * <p>
 * It tracks the program level as an exponential average of each hop's mean power (the plain mean over the first
 * {@value #ATTACK_SECONDS} s), rising with time constant {@value #ATTACK_SECONDS} s and falling with
 * {@value #RELEASE_SECONDS} s, so the loud parts of a song set the level and the contrast between a quiet verse and a
 * loud chorus survives; sparse material such as a click track is
 * measured by its clicks, not by the gaps between them. Hops quieter than {@value #GATE_DBFS} dBFS RMS do not move
 * the level, so pauses keep the gain they had and a file of near-silence is never boosted into noise. The gain
 * {@code TARGET_DBFS - level} is bounded to [-{@value #MAX_CUT_DB}, +{@value #MAX_BOOST_DB}] dB.
 * <p>
 * Above the gate the stage is scale-invariant: the same audio {@code g} times louder gives the same output, up to
 * float rounding. Used by the slow clock, by offline beat evaluation and by dataset building, so training and runtime
 * see the same samples. Call {@link #apply} once per hop, in order; {@link #reset} starts a new stream.
 */
public final class InputLevel {
    /** The program level (dBFS, power average over hops) the stage steers toward. */
    public static final double TARGET_DBFS = -20;
    public static final double MAX_BOOST_DB = 30;
    public static final double MAX_CUT_DB = 20;
    public static final double GATE_DBFS = -58;
    public static final double ATTACK_SECONDS = 8;
    public static final double RELEASE_SECONDS = 30;

    private final double attack;
    private final double release;
    private final double gatePower;
    /** Tracked mean power (linear, full scale = 1 for a DC level of 1); 0 before the first hop above the gate. */
    private double level;
    /** Hops above the gate so far; the first ones are averaged with equal weight (see {@link #apply}). */
    private long counted;
    private float gain = 1f;

    public InputLevel(double hopSeconds) {
        if (!(hopSeconds > 0)) {
            throw new IllegalArgumentException("hop duration must be > 0 s, got " + hopSeconds);
        }
        this.attack = 1 - Math.exp(-hopSeconds / ATTACK_SECONDS);
        this.release = 1 - Math.exp(-hopSeconds / RELEASE_SECONDS);
        this.gatePower = Math.pow(10, GATE_DBFS / 10);
    }

    /** Measures {@code x[0..n)}, updates the level and scales those samples in place by the resulting gain. */
    public void apply(float[] x, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) x[i] * x[i];
        }
        double power = n == 0 ? 0 : sum / n;
        if (power > gatePower) {
            counted++;
            // until the attack time has passed, the plain mean of the hops so far: one loud or quiet first hop does
            // not set the gain of the song's first seconds
            double rate = Math.max(1.0 / counted, power > level ? attack : release);
            level += rate * (power - level);
            double db = TARGET_DBFS - 10 * Math.log10(level);
            gain = (float) Math.pow(10, Math.max(-MAX_CUT_DB, Math.min(MAX_BOOST_DB, db)) / 20);
        }
        if (gain != 1f) {
            for (int i = 0; i < n; i++) {
                x[i] *= gain;
            }
        }
    }

    /**
     * The whole of {@code mono} through a fresh stage, hop by hop exactly as a stream of {@code hop}-sample hops (the
     * last partial hop measured zero-padded), as a new array.
     */
    public static float[] normalized(float[] mono, int hop, double hopSeconds) {
        InputLevel stage = new InputLevel(hopSeconds);
        float[] out = new float[mono.length];
        float[] buf = new float[hop];
        long hops = HopCutter.hopCount(mono.length, hop);
        for (long h = 0; h < hops; h++) {
            HopCutter.copyHop(mono, h, hop, buf);
            stage.apply(buf, hop);
            int start = (int) (h * hop);
            System.arraycopy(buf, 0, out, start, Math.min(hop, mono.length - start));
        }
        return out;
    }

    /** The gain now applied, in dB (0 before the first hop above the gate). */
    public double gainDb() {
        return 20 * Math.log10(gain);
    }

    public void reset() {
        level = 0;
        counted = 0;
        gain = 1f;
    }
}
