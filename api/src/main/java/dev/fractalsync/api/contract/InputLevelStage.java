package dev.fractalsync.api.contract;

/**
 * The constants of the contract's input-level stage ({@code input_level} in model_contracts/v1.json, since 1.2): the
 * numbers this build implements and {@link ModelContract} checks a contract against. The stage itself is
 * {@code dev.fractalsync.dsp.InputLevel} (module {@code fractalsync.dsp}), which takes its constants from here.
 */
public final class InputLevelStage {
    /** The program level (dBFS, power average over hops) the stage steers toward. */
    public static final double TARGET_DBFS = -20;
    /** Most the followed gain lifts (dB). */
    public static final double MAX_BOOST_DB = 30;
    /** Most the followed gain cuts (dB). */
    public static final double MAX_CUT_DB = 20;
    /** Most the held gain lifts (dB). */
    public static final double HELD_MAX_BOOST_DB = 45;
    /** Hops quieter than this (dBFS RMS) do not move the level. */
    public static final double GATE_DBFS = -58;
    /** Time constant (s) of a rising level, and the length of the plain mean the level starts from. */
    public static final double ATTACK_SECONDS = 8;
    /** Time constant (s) of a falling level. */
    public static final double RELEASE_SECONDS = 30;
    /** Below-gate time (s) after which the next sound is measured as a new song. */
    public static final double NEW_SONG_SILENCE_SECONDS = 8;

    private InputLevelStage() {
    }
}
