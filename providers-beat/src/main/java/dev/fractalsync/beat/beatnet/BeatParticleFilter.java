package dev.fractalsync.beat.beatnet;

/**
 * BeatNet's causal inference: a cascade of two particle filters over bar-pointer state spaces, fed one frame of
 * CRNN activations (beat, downbeat) at a time.
 * <ol>
 * <li>Beat/tempo stage: {@value #BEAT_PARTICLES} particles on a one-beat state space of periods for
 *     [minBpm, maxBpm] at 50 fps. Every frame each particle advances one state; a particle at the end of its beat
 *     jumps to the start of a new period drawn from madmom's exponential tempo-change model
 *     ({@code exp(-lambda |p'/p - 1|)}, lambda = {@value #TEMPO_LAMBDA}). When the frame's activation (the larger of
 *     beat and downbeat, gated: below {@value #GATE} it counts as {@value #FLOOR}) is meaningful, particles are
 *     re-weighted (beat states get the activation, all others {@value #FLOOR}) and resampled; a very strong
 *     activation first injects fresh particles at beat starts so the filter can re-lock.</li>
 * <li>A beat is declared when the particle cloud sits at a beat start (see below), at least 0.4 of the tracked
 *     period after the previous beat, and the activation exceeds {@value #GATE}. Each declared beat advances the
 *     meter stage ({@link MeterFilter}, an exact filter over beats per bar and position in the bar), observed through
 *     the largest downbeat and beat activations of its last {@value #OBSERVATION_FRAMES} frames and, when the caller
 *     passes chroma frames, the harmonic change across the previous beat ({@link HarmonicChange}): known one beat
 *     late, it still sharpens the bar phase of the current beat. The beat is a downbeat when the posterior
 *     probability of a bar start is at least 0.5; that probability is published.</li>
 * </ol>
 * Deliberate differences from the reference implementation, each measured on click tracks and the demo song:
 * <ul>
 * <li>"At a beat start" is judged from the circular mean phase of the particles that follow the dominant (median)
 *     tempo, moved to the current frame: the cloud is at a beat when that phase is between
 *     {@value #BEAT_LOOKAHEAD_FRAMES} frames before and {@value #BEAT_WINDOW_FRAMES} frames after a beat start. The
 *     reference takes the median particle <em>state index</em> of the previous frame, which lands on the wrong chain
 *     when the cloud straddles two integer periods (any tempo that is not a whole number of frames, e.g. 128 BPM)
 *     and misses one-frame activation peaks, so it lost beats on synthetic click tracks.</li>
 * <li>Particle counts stay fixed (injected particles are absorbed by resampling to the base count).</li>
 * <li>The meter stage is the exact filter above instead of the reference's {@code 250} particles that advance at
 *     every frame of the beat window, switch meter with probability 0.1 at each bar end and report the most
 *     populated state: on rendered songs that stage put many downbeats on the wrong beat (the third of a 4/4 bar,
 *     the last of a 3/4 bar) and lost its count at every missed beat; the exact filter puts clearly more downbeats on
 *     the first beat, and the harmonic evidence more again (the CRNN's downbeat activation alone barely separates
 *     first beats on songs without drums; measurements: docs/downbeats.md).</li>
 * <li>The reported beat time is corrected by the cloud's phase offset (the reference reports the frame itself), but
 *     to at most {@value #MAX_BACKDATE_FRAMES} frames before the frame whose activation declared the beat (see
 *     {@link #MAX_BACKDATE_FRAMES}).</li>
 * <li>A locked tracker does not declare a beat under {@value #EARLY_FRACTION} of its period after the last one
 *     (see {@link DeclaredBeats#tooEarly}).</li>
 * <li>With {@code exact}, the beat stage is not sampled at all: the posterior over the beat states is propagated
 *     and corrected exactly (the same motion, tempo-change model, correction and re-lock injection, taken in
 *     expectation), and every statistic the particles gave (median period, phase of the dominant tempo,
 *     concentration) is read from that posterior. About 1,500 states and a 42 x 42 tempo step per frame, cheaper
 *     than 1,500 particles with their random draws, and the output does not depend on the seed: with particles,
 *     single songs moved noticeably in beat F between seeds, though the mean over many songs hardly did.</li>
 * <li>{@link Stage#EXACT_MADMOM} (the provider's default) observes that posterior on every frame through madmom's
 *     RNN beat observation model, tempered (see {@link ExactBeatStage}), with at most {@value #MAX_BEAT_STATES} beat
 *     states per period, and declares beats above {@value #MADMOM_GATE}. Unlike the particles, it counts a frame
 *     without activation against the hypotheses that put a beat there, which freed a 6/8 ballad held at 1.5 times its
 *     tempo; tempered, neither kind of evidence decides alone (any temper from 0.35 to 0.75 did as well as
 *     0.5). It raised beat F over {@link Stage#EXACT} on both the tuning and the validation songs (measurements:
 *     docs/beat-tracking.md#tuning-record).</li>
 * </ul>
 * Randomness (particles only) comes from one seeded generator: the same seed and input give the same output.
 * No allocation after construction.
 * <p>
 * The beat stage is a {@link BeatStage} ({@link ParticleBeatStage} or {@link ExactBeatStage}, both moved by the
 * {@link TempoChangeModel}); {@link DeclaredBeats} keeps the declared beats and the tempo they imply.
 */
public final class BeatParticleFilter {
    public static final int BEAT_PARTICLES = 1500;
    public static final double TEMPO_LAMBDA = 60;
    /** Chroma bins of the harmonic evidence. */
    public static final int CHROMA = HarmonicChange.CHROMA;
    /** Meter stage: frames (ending with the beat's) whose largest activations observe the beat. */
    public static final int OBSERVATION_FRAMES = 5;
    public static final double GATE = 0.4;
    /** Above this activation fresh particles are injected at beat starts, one per this many periods (re-lock). */
    public static final double RELOCK_ACTIVATION = 0.8;
    public static final int RELOCK_STRIDE = 6;
    /** Declaration gate with madmom's observation (which itself does not use the gate). */
    public static final double MADMOM_GATE = 0.3;
    /** madmom's {@code observation_lambda}: the share of a period observed as the beat. */
    public static final double OBSERVATION_LAMBDA = 16;
    /**
     * At most this many beat states per period with madmom's observation: its 1/16 of a period gives the slowest
     * periods (49-55 frames, 55-61 BPM) four, which pulled quiet input to half tempo (the demo song 30 dB quieter
     * was held at 61 BPM for 25 s). A cap of 3 frees it and leaves the tuning songs and their -30 dB copies as they
     * were; a cap of 2 lost accuracy (measurements: docs/beat-tracking.md#tuning-record).
     */
    public static final int MAX_BEAT_STATES = 3;
    /** Power applied to madmom's observation likelihoods (0.5: their square roots). */
    public static final double OBSERVATION_TEMPER = 0.5;
    public static final double FLOOR = 0.03;
    public static final int MAX_TEMPI = 300;
    /** int(0.07 s * 50 fps) + 1. */
    public static final int BEAT_WINDOW_FRAMES = 4;
    /** Frames before a beat start at which the cloud already counts as "at the beat" (integer periods straddle it). */
    public static final int BEAT_LOOKAHEAD_FRAMES = 2;
    /**
     * A declared beat is reported at most this many frames before the frame that declared it. When the cloud's
     * beat start is further back, the cloud runs ahead of the music (a ritardando, a late hit) and the activation,
     * not the prediction, says where the beat is. On the tuning sets the limit raised several songs and lowered
     * one by a hair; 0 or 1 frame did as well, while reporting the declaring frame itself gave up the gain
     * (measurements: docs/beat-tracking.md#tuning-record).
     */
    public static final int MAX_BACKDATE_FRAMES = 2;
    /** Particles whose period is within this fraction (plus one frame) of the dominant period define the phase. */
    public static final double TEMPO_NEIGHBOURHOOD = 0.08;
    /** Beats whose intervals feed the tempo estimate. */
    public static final int RECENT_BEATS = 8;
    public static final double EARLY_FRACTION = 0.7;
    public static final int EARLY_PERSIST = 3;
    public static final int EARLY_REGULAR_INTERVALS = 3;

    /** What a frame turned out to be. */
    public enum Event { NONE, BEAT, DOWNBEAT }

    private final double fps;
    private final BarPointerSpace beatSpace;
    private final BeatStage beatStage;
    private final MeterFilter meter;
    private final HarmonicChange harmonic = new HarmonicChange();
    private final double[] recentDown = new double[OBSERVATION_FRAMES];
    private final double[] recentBeat = new double[OBSERVATION_FRAMES];
    private final double gate;
    private final DeclaredBeats declared;

    private long frame;
    private boolean lastWasDownbeat;
    private boolean anyBeat;
    private double lastDownbeatProbability;

    public BeatParticleFilter(double fps, double minBpm, double maxBpm, int[] beatsPerBar, long seed) {
        this(fps, minBpm, maxBpm, beatsPerBar, seed, false);
    }

    /**
     * @param exact the beat stage as an exact forward filter over the beat states (the limit of infinitely many
     *              particles: no sampling noise, output independent of the seed) instead of particles
     */
    public BeatParticleFilter(double fps, double minBpm, double maxBpm, int[] beatsPerBar, long seed, boolean exact) {
        this(fps, minBpm, maxBpm, beatsPerBar, seed, exact ? Stage.EXACT : Stage.PARTICLES);
    }

    /** How the beat stage is computed. */
    public enum Stage {
        /** BeatNet's particles. */
        PARTICLES,
        /** The exact posterior, corrected as the particles are, in expectation. */
        EXACT,
        /** The exact posterior, observed on every frame with madmom's RNN beat observation model, tempered. */
        EXACT_MADMOM
    }

    public BeatParticleFilter(double fps, double minBpm, double maxBpm, int[] beatsPerBar, long seed, Stage stage) {
        if (!(minBpm > 0 && maxBpm > minBpm)) {
            throw new IllegalArgumentException("need 0 < min_bpm < max_bpm, got " + minBpm + ", " + maxBpm);
        }
        this.fps = fps;
        this.beatSpace = BarPointerSpace.ofRange(60.0 * fps / maxBpm, 60.0 * fps / minBpm, MAX_TEMPI);
        this.meter = new MeterFilter(beatsPerBar);
        this.beatStage = BeatStage.of(stage, beatSpace, seed);
        this.declared = new DeclaredBeats(beatStage, fps, 60.0 / maxBpm, 60.0 / minBpm);
        gate = stage == Stage.EXACT_MADMOM ? MADMOM_GATE : GATE;
        reset();
    }

    /** Back to the freshly constructed state (same seed, same initial particles). */
    public void reset() {
        beatStage.reset();
        meter.reset();
        harmonic.reset();
        java.util.Arrays.fill(recentDown, 0);
        java.util.Arrays.fill(recentBeat, 0);
        declared.reset();
        frame = -1;
        lastWasDownbeat = false;
        anyBeat = false;
        lastDownbeatProbability = 0;
    }

    public BarPointerSpace beatSpace() {
        return beatSpace;
    }

    /**
     * Consumes the activations of the next frame (frame k is centred at k / fps seconds).
     *
     * @return whether this frame is a beat, a downbeat, or neither; on a beat {@link #lastBeatTime()} is updated
     */
    public Event step(double beatActivation, double downbeatActivation) {
        return step(beatActivation, downbeatActivation, null);
    }

    /**
     * As {@link #step(double, double)}, with the frame's {@value #CHROMA}-bin chroma (any non-negative scale; null
     * when unknown) as harmonic evidence for the meter stage.
     */
    public Event step(double beatActivation, double downbeatActivation, double[] chroma) {
        frame++;
        double b = sanitize(beatActivation);
        double d = sanitize(downbeatActivation);
        double act = Math.max(b, d);
        if (act < gate) {
            act = FLOOR;
        }
        double now = frame / fps;
        Event event = Event.NONE;
        recentDown[(int) (frame % OBSERVATION_FRAMES)] = d;
        recentBeat[(int) (frame % OBSERVATION_FRAMES)] = b;

        beatStage.move();

        // where is the cloud? phase of the particles that follow the dominant (median) tempo, as a signed offset
        // in frames from their beat start; only asked on a frame that may declare a beat (most frames are under the
        // gate, and this pass over the particles was a third of the filter's time)
        int period = beatSpace.interval(beatStage.medianTempo());
        if (act > gate && now - declared.last() > 0.4 * period / fps) {
            double offset = beatStage.cloudOffset(period);
            if (offset >= -BEAT_LOOKAHEAD_FRAMES && offset < BEAT_WINDOW_FRAMES && !declared.tooEarly(now)) {
                double beatTime = (frame - Math.min(offset, MAX_BACKDATE_FRAMES)) / fps;
                int steps = declared.beatsSinceLast(beatTime);
                double change = harmonic.change();
                double downProbability = meterStep(steps, change);
                event = downProbability >= 0.5 ? Event.DOWNBEAT : Event.BEAT;
                declared.add(beatTime);
                lastWasDownbeat = event == Event.DOWNBEAT;
                anyBeat = true;
                lastDownbeatProbability = downProbability;
            }
        }

        if (chroma != null) {
            harmonic.add(chroma);
        }

        beatStage.observe(Math.max(b, d), act);
        return event;
    }

    /**
     * Probability that the beat {@code steps} beats after the last declared one starts a bar, from the meter stage's
     * posterior and transition alone (no observation): the bar position of a beat the beat stage did not declare.
     */
    public double predictedDownbeatProbability(int steps) {
        return meter.predictedDownbeatProbability(steps);
    }

    /**
     * Meter stage for one declared beat, {@code steps} beats after the previous one, observed through the largest
     * downbeat and beat activations of the last {@value #OBSERVATION_FRAMES} frames and the harmonic change across
     * the previous beat. Returns the posterior probability that this beat starts a bar.
     */
    private double meterStep(int steps, double change) {
        double d = 0;
        double b = 0;
        int frames = (int) Math.min(OBSERVATION_FRAMES, frame + 1);
        for (int k = 0; k < frames; k++) {
            d = Math.max(d, recentDown[k]);
            b = Math.max(b, recentBeat[k]);
        }
        return meter.step(steps, d, b, change);
    }

    /**
     * Beat period in seconds: from the declared beats once there are three (the mean of the recent intervals within
     * 15% of their median), before that from the particle cloud ({@link #periodFrames()}); see
     * {@link DeclaredBeats#periodSeconds()} for why.
     */
    public double periodSeconds() {
        return declared.periodSeconds();
    }

    /**
     * Tempo estimate in frames per beat: mean period of the particles whose period lies within two period steps of
     * the median particle's period (sub-frame resolution where the cloud straddles two periods).
     */
    public double periodFrames() {
        return beatStage.periodFrames();
    }

    /**
     * Concentration of the beat particles in [0,1]: the share of particles within two period steps of the median
     * period, times the resultant length of their beat phases (1 when all agree on the phase).
     */
    public double concentration() {
        return beatStage.concentration();
    }

    /**
     * Whether the last {@code intervals} intervals between declared beats were each within {@code tolerance}
     * (relative) of one tracked period: the tracker is locked, not skipping or doubling beats.
     */
    public boolean regular(int intervals, double tolerance) {
        return declared.regular(intervals, tolerance);
    }

    /** Time of the last frame stepped, in seconds from the stream start. */
    public double time() {
        return frame / fps;
    }

    public boolean anyBeat() {
        return anyBeat;
    }

    /** Time in seconds (frame-centre clock) of the latest beat; 0 before the first. */
    public double lastBeatTime() {
        return declared.last();
    }

    public boolean lastWasDownbeat() {
        return lastWasDownbeat;
    }

    /** Posterior probability (meter stage) that the latest beat started a bar; a downbeat when >= 0.5. */
    public double lastDownbeatProbability() {
        return lastDownbeatProbability;
    }

    public long framesSeen() {
        return frame + 1;
    }

    private static double sanitize(double a) {
        if (!(a >= 0)) {
            return 0;
        }
        return Math.min(1, a);
    }
}
