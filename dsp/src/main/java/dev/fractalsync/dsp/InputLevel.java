package dev.fractalsync.dsp;

import dev.fractalsync.api.contract.InputLevelStage;

/**
 * The contract's input-level stage ({@code input_level} in model_contracts/v1.json): causal, deterministic gains in
 * front of both feature paths, so a song played 20 or 30 dB quieter (or 6 dB hotter) reaches the beat tracker and
 * the structure features at the levels the models were trained at.
 * <p>
 * It tracks the program level as an exponential average of each hop's mean power (the plain mean over the first
 * {@value #ATTACK_SECONDS} s of sound), rising with time constant {@value #ATTACK_SECONDS} s and falling with
 * {@value #RELEASE_SECONDS} s, so the loud parts of a song set the level and sparse material such as a click track is
 * measured by its clicks, not by the gaps between them. Hops quieter than {@value #GATE_DBFS} dBFS RMS do not move
 * the level, so pauses keep the gain they had and a file of near-silence is never boosted into noise.
 * <ul>
 *   <li>The <b>followed gain</b> ({@link #apply}, for the beat tracker, whose published weights we cannot retrain):
 *   {@code TARGET_DBFS - level}, bounded to [-{@value #MAX_CUT_DB}, +{@value #MAX_BOOST_DB}] dB. Above the gate it
 *   is scale-invariant: the same audio {@code g} times louder comes out the same, up to float rounding.</li>
 *   <li>The <b>held gain</b> ({@link #applyHeld}, for the F_audio features): the gain toward the target as it stands
 *   after the song's first {@value #ATTACK_SECONDS} s of sound (with a larger boost limit), then constant for the rest of the song, so the features keep
 *   the song's own loud/quiet contrast (a gain that moves within a song erases it) while the song as a whole
 *   arrives at one level however loud it was played.</li>
 * </ul>
 * Used by the slow clock, by offline beat evaluation and by dataset building, so training and runtime see the same
 * samples. Call {@link #apply} once per hop, in order; {@link #reset} starts a new stream.
 */
public final class InputLevel {
    /** The program level (dBFS, power average over hops) the stage steers toward. */
    public static final double TARGET_DBFS = InputLevelStage.TARGET_DBFS;
    public static final double MAX_BOOST_DB = InputLevelStage.MAX_BOOST_DB;
    public static final double MAX_CUT_DB = InputLevelStage.MAX_CUT_DB;
    /**
     * Most the held gain lifts (dB). Larger than the followed gain's {@value #MAX_BOOST_DB}: a song 30 dB quieter
     * whose first seconds are a soft intro needs up to 42 dB on the 9 validation songs, and near-silence never reaches
     * it (hops below the gate do not set the level).
     */
    public static final double HELD_MAX_BOOST_DB = InputLevelStage.HELD_MAX_BOOST_DB;
    public static final double GATE_DBFS = InputLevelStage.GATE_DBFS;
    public static final double ATTACK_SECONDS = InputLevelStage.ATTACK_SECONDS;
    public static final double RELEASE_SECONDS = InputLevelStage.RELEASE_SECONDS;
    /** Below-gate time after which the next sound is measured as a new song (as the structure context restarts). */
    public static final double NEW_SONG_SILENCE_SECONDS = InputLevelStage.NEW_SONG_SILENCE_SECONDS;

    private final double hopSeconds;
    private final double attack;
    private final double release;
    private final double gatePower;
    /** Tracked mean power (linear, full scale = 1 for a DC level of 1); 0 before the first hop above the gate. */
    private double level;
    /** Hops above the gate so far; the first ones are averaged with equal weight (see {@link #apply}). */
    private long counted;
    private long silentHops;
    private float gain = 1f;
    private float heldGain = 1f;

    public InputLevel(double hopSeconds) {
        if (!(hopSeconds > 0)) {
            throw new IllegalArgumentException("hop duration must be > 0 s, got " + hopSeconds);
        }
        this.hopSeconds = hopSeconds;
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
            double levelDb = 10 * Math.log10(level);
            gain = (float) Math.pow(10, Math.max(-MAX_CUT_DB, Math.min(MAX_BOOST_DB, TARGET_DBFS - levelDb)) / 20);
            if (counted * hopSeconds <= ATTACK_SECONDS) {
                heldGain = (float) Math.pow(10, Math.max(-MAX_CUT_DB, Math.min(HELD_MAX_BOOST_DB, TARGET_DBFS - levelDb)) / 20);
            }
            silentHops = 0;
        } else if (++silentHops * hopSeconds >= NEW_SONG_SILENCE_SECONDS) {
            counted = 0; // a new song: measure it afresh
        }
        if (gain != 1f) {
            for (int i = 0; i < n; i++) {
                x[i] *= gain;
            }
        }
    }

    /** A whole signal through the stage: with the followed gain (for beat tracking) and with the held gain. */
    public record Leveled(float[] followed, float[] held) {
    }

    /**
     * The whole of {@code mono} through a fresh stage, hop by hop exactly as a stream of {@code hop}-sample hops (the
     * last partial hop measured zero-padded), as new arrays.
     */
    public static Leveled leveled(float[] mono, int hop, double hopSeconds) {
        InputLevel stage = new InputLevel(hopSeconds);
        float[] followed = new float[mono.length];
        float[] held = new float[mono.length];
        float[] buf = new float[hop];
        float[] raw = new float[hop];
        long hops = HopCutter.hopCount(mono.length, hop);
        for (long h = 0; h < hops; h++) {
            HopCutter.copyHop(mono, h, hop, buf);
            System.arraycopy(buf, 0, raw, 0, hop);
            stage.apply(buf, hop);
            stage.applyHeld(raw, hop);
            int start = (int) (h * hop);
            int n = Math.min(hop, mono.length - start);
            System.arraycopy(buf, 0, followed, start, n);
            System.arraycopy(raw, 0, held, start, n);
        }
        return new Leveled(followed, held);
    }

    /**
     * Scales {@code x[0..n)} by the held gain: over the song's first {@value #ATTACK_SECONDS} s of sound the gain that
     * steers the plain mean level of those seconds to {@value #TARGET_DBFS} dBFS (within -{@value #MAX_CUT_DB} and
     * +{@value #HELD_MAX_BOOST_DB} dB), then held for the rest of
     * the song (until {@value #NEW_SONG_SILENCE_SECONDS} s below the gate). Call after {@link #apply} for the same hop.
     * For the structure features: a constant gain keeps every dynamic inside the song (a quiet verse stays as much
     * quieter than the chorus as it was), and the same song played at another level gives the same features; the
     * structure model is trained on samples that passed this same gain.
     */
    public void applyHeld(float[] x, int n) {
        if (heldGain != 1f) {
            for (int i = 0; i < n; i++) {
                x[i] *= heldGain;
            }
        }
    }

    /** The gain now applied, in dB (0 before the first hop above the gate). */
    public double gainDb() {
        return 20 * Math.log10(gain);
    }

    public void reset() {
        level = 0;
        counted = 0;
        silentHops = 0;
        gain = 1f;
        heldGain = 1f;
    }
}
