package dev.fractalsync.beat.beatnet;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.contract.TensorSpec;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.onnx.OnnxModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Beat, downbeat and tempo tracking with BeatNet (Heydari et al., ISMIR 2021; weights CC BY 4.0, see NOTICE):
 * BeatNet's streaming spectral features, its CRNN (ONNX, one step per 20 ms frame with the LSTM state carried) and
 * its particle-filter cascade.
 * <p>
 * Options: {@code model} = 1 (BeatNet's own default; trained with GTZAN held out), 2 (Ballroom held out; our
 * default: on full mixes with off-beat hi-hats it tracked the demo song and generated songs clearly better than
 * model 1; on sparse click tracks at 80-100 BPM it locks to double tempo, where model 1 does not) or 3 (Rock Corpus
 * held out); {@code min_bpm} / {@code max_bpm} (default 55 / 215, BeatNet's range, within the
 * contract tempo range); {@code meters} = comma-separated beats per bar (default {@code 2,3,4}); {@code coast}
 * = beats in a row counted when a locked tracker misses them (default 2, 0 turns it off; see {@link #COAST_DELAY});
 * {@code stft} = {@code fast} (default: each 1411-sample frame zero-padded to a 2048-point transform, the filterbank
 * resampled onto that grid; about 15 times less arithmetic than the 1411-point transform, which JTransforms can only
 * do with Bluestein's algorithm) or {@code exact} (madmom's 1411-point transform, BeatNet's training features; see
 * docs/offline-speed.md for the comparison: the same beat F on the validation songs either way);
 * {@code tracker} = {@code exact-madmom} (default: the beat stage as an exact forward filter, no sampling, observed
 * on every frame with madmom's RNN beat observation model, tempered; see {@link BeatParticleFilter}), {@code exact}
 * (the same posterior corrected as BeatNet's particles are, in expectation) or {@code particles} (BeatNet's 1500
 * particles; single songs move with the seed); on the validation songs {@code exact-madmom} scores best and
 * {@code particles} worst (measurements: docs/beat-tracking.md#tuning-record); {@code seed} (default: the host's
 * seed) for the particles; {@code timing} = {@code onset} (default: each beat is published at the audible onset
 * near the tracker's time, see {@link OnsetRefiner}) or {@code tracker} (the tracker's frame-based time).
 * <p>
 * Each hop returns the clock at the hop's end: phase = time since the last detected beat (its published time, the
 * onset; a beat is counted once that time has passed) over the current beat period (wrapped into [0,1)), tempo from the
 * recent inter-beat intervals (from the particle cloud before the third beat), confidence = particle concentration,
 * decaying once no beat has been detected for 1.5 periods, downbeat probability = posterior probability (meter stage)
 * that the last beat started a bar, from the CRNN's activations and the chroma change at beats (the log-filterbank
 * bands 200-4000 Hz folded to 12 pitch classes). Until the first beat the phase runs from stream start at the cloud's
 * tempo, beatCount is 0 and confidence and downbeat probability are 0.
 */
public final class BeatNetProvider implements BeatClockProvider {
    public static final String ID = "beatnet";
    public static final int DEFAULT_MODEL = 2;
    public static final double DEFAULT_MIN_BPM = 55;
    public static final double DEFAULT_MAX_BPM = 215;
    public static final String DEFAULT_METERS = "2,3,4";
    private static final int STATE_SIZE = 2 * 150;
    static final double CHROMA_MIN_HZ = 200;
    static final double CHROMA_MAX_HZ = 4000;

    private BeatNetFeatures features;
    private BeatParticleFilter filter;
    private OnsetRefiner onsets;
    private boolean onsetTiming;
    /**
     * Stream time (seconds of audio given) of the last declared beat as published: its onset ({@link OnsetRefiner})
     * or the tracker's time.
     */
    private double beatAnchor;
    /** Whether the declaration that set {@link #beatAnchor} counted a beat (not absorbed into a coasted one). */
    private boolean anchorCounted;
    /** The downbeat probability published before the last counted declaration, shown while its onset is due. */
    private double heldDownbeat;
    /**
     * Host time minus stream time at the end of the latest hop: the filter and the onset stage count the audio they
     * were given, the host stamps hops with its own clock (which may restart, or skip), and beats are published in
     * the host's.
     */
    private double clockOffset;
    private OrtEnvironment env;
    private OrtSession session;
    private OnnxModel onnx;
    private FloatBuffer featureBuffer;
    private final FloatBuffer[] hBuffer = new FloatBuffer[2];
    private final FloatBuffer[] cBuffer = new FloatBuffer[2];
    private FloatBuffer activationBuffer;
    private final List<OnnxTensor> tensors = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] inputs = new Map[2];
    @SuppressWarnings("unchecked")
    private final Map<String, OnnxTensor>[] outputs = new Map[2];
    /** Which of the two state buffer pairs holds the current LSTM state. */
    private int current;
    private float[] hopSamples;
    private final BeatNetFeatures.FrameSink sink = this::onFrame;
    private static final java.util.Set<String> ACTIVATIONS = java.util.Set.of("activations");
    /** Feature frames of the current block, {@link BeatNetFeatures#FEATURE_SIZE} values each. */
    private float[] blockFeatures = new float[0];
    private int blockFrames;
    private FloatBuffer blockInput;
    /** Per hop of the current block: frames collected up to and including it. */
    private int[] framesAfterHop = new int[0];
    private final BeatNetFeatures.FrameSink blockSink = this::collectFrame;
    private final BeatNetFeatures.FrameBlock frameBlock = new BeatNetFeatures.FrameBlock();

    private long beatCount;
    private SubdivisionEvidence subdivision = new SubdivisionEvidence(BeatNetFeatures.FPS, SubdivisionEvidence.MIN_HALF_BPM);
    /** Pitch class of each log-filterbank band between {@value #CHROMA_MIN_HZ} and {@value #CHROMA_MAX_HZ} Hz, else -1. */
    private int[] chromaOfBand;
    private final double[] chroma = new double[BeatParticleFilter.CHROMA];
    private String failure;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "BeatNet CRNN + particle filter (beat, downbeat, tempo)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) throws ProviderException {
        close();
        ModelContract contract = context.contract();
        int model = context.intOption("model", DEFAULT_MODEL);
        if (model < 1 || model > 3) {
            throw new ProviderException("beatnet: model=" + model + " is not one of 1, 2, 3");
        }
        double minBpm = context.doubleOption("min_bpm", DEFAULT_MIN_BPM);
        double maxBpm = context.doubleOption("max_bpm", DEFAULT_MAX_BPM);
        if (!(minBpm >= contract.minBpm() && maxBpm <= contract.maxBpm() && minBpm < maxBpm)) {
            throw new ProviderException("beatnet: min_bpm=" + minBpm + " and max_bpm=" + maxBpm + " must satisfy "
                    + contract.minBpm() + " <= min_bpm < max_bpm <= " + contract.maxBpm());
        }
        int[] meters = parseMeters(context.option("meters", DEFAULT_METERS));
        coastLimit = context.intOption("coast", DEFAULT_COAST);
        if (coastLimit < 0 || coastLimit > 4) {
            throw new ProviderException("beatnet: coast=" + coastLimit + " must be 0..4 (beats counted in a row without "
                    + "the tracker declaring them)");
        }
        String stft = context.option("stft", DEFAULT_STFT);
        if (!stft.equals("exact") && !stft.equals("fast")) {
            throw new ProviderException("beatnet: stft=" + stft + " is not 'exact' or 'fast'");
        }
        boolean fastTransform = stft.equals("fast");
        String tracker = context.option("tracker", DEFAULT_TRACKER);
        BeatParticleFilter.Stage stage = switch (tracker) {
            case "exact" -> BeatParticleFilter.Stage.EXACT;
            case "exact-madmom" -> BeatParticleFilter.Stage.EXACT_MADMOM;
            case "particles" -> BeatParticleFilter.Stage.PARTICLES;
            default -> throw new ProviderException("beatnet: tracker=" + tracker
                    + " is not 'exact', 'exact-madmom' or 'particles'");
        };
        String timing = context.option("timing", DEFAULT_TIMING);
        if (!timing.equals("onset") && !timing.equals("tracker")) {
            throw new ProviderException("beatnet: timing=" + timing + " is not 'onset' or 'tracker'");
        }
        onsetTiming = timing.equals("onset");
        String level = context.option("level", DEFAULT_LEVEL);
        if (!level.equals("auto") && !level.equals("tracked")) {
            throw new ProviderException("beatnet: level=" + level + " is not one of auto, tracked");
        }
        levelAdvice = level.equals("auto");
        // a tempo range the user gave (--tempo-range) holds for half time too; the default range's floor is the tracker's
        subdivision = new SubdivisionEvidence(BeatNetFeatures.FPS, context.options().containsKey("min_bpm")
                ? Math.max(minBpm, SubdivisionEvidence.MIN_HALF_BPM) : SubdivisionEvidence.MIN_HALF_BPM);
        long seed = seedOption(context);
        ModelSpec spec = contract.model("beatnet")
                .orElseThrow(() -> new ProviderException("beatnet: the contract defines no model 'beatnet'"));

        String resource = "beatnet_model_" + model + ".onnx";
        onnx = OnnxModel.open("beatnet", () -> BeatNetProvider.class.getResourceAsStream(resource), resource, null, spec);
        env = onnx.env();
        session = onnx.session();
        try {
            featureBuffer = directFloats(BeatNetFeatures.FEATURE_SIZE);
            activationBuffer = directFloats(3);
            for (int i = 0; i < 2; i++) {
                hBuffer[i] = directFloats(STATE_SIZE);
                cBuffer[i] = directFloats(STATE_SIZE);
            }
            OnnxTensor x = track(OnnxTensor.createTensor(env, featureBuffer, shape(spec.input("features"))));
            OnnxTensor act = track(OnnxTensor.createTensor(env, activationBuffer, shape(spec.output("activations"))));
            OnnxTensor[] h = new OnnxTensor[2];
            OnnxTensor[] c = new OnnxTensor[2];
            for (int i = 0; i < 2; i++) {
                h[i] = track(OnnxTensor.createTensor(env, hBuffer[i], shape(spec.input("h_in"))));
                c[i] = track(OnnxTensor.createTensor(env, cBuffer[i], shape(spec.input("c_in"))));
            }
            for (int i = 0; i < 2; i++) {
                Map<String, OnnxTensor> in = new HashMap<>();
                in.put("features", x);
                in.put("h_in", h[i]);
                in.put("c_in", c[i]);
                inputs[i] = in;
                Map<String, OnnxTensor> out = new HashMap<>();
                out.put("activations", act);
                out.put("h_out", h[1 - i]);
                out.put("c_out", c[1 - i]);
                outputs[i] = out;
            }
        } catch (OrtException e) {
            close();
            throw new ProviderException("beatnet: cannot create the tensors of " + resource + ": " + e.getMessage(), e);
        } catch (ProviderException e) {
            close();
            throw e;
        }
        int hop = contract.hop();
        hopSamples = new float[hop];
        features = new BeatNetFeatures(contract.sampleRate(), hop, fastTransform);
        chromaOfBand = new int[BeatNetFeatures.FEATURE_SIZE / 2];
        for (int k = 0; k < chromaOfBand.length; k++) {
            double f = features.bandCentreHz(k);
            chromaOfBand[k] = f >= CHROMA_MIN_HZ && f <= CHROMA_MAX_HZ
                    ? Math.floorMod((int) Math.rint(12 * Math.log(f / 440.0) / Math.log(2)), 12) : -1;
        }
        filter = new BeatParticleFilter(BeatNetFeatures.FPS, minBpm, maxBpm, meters, seed, stage);
        onsets = new OnsetRefiner(contract.sampleRate());
        reset();
    }

    private static long seedOption(ProviderContext context) throws ProviderException {
        String v = context.options().get("seed");
        if (v == null) {
            return context.seed();
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new ProviderException("beatnet: seed=" + v + " is not an integer");
        }
    }

    static int[] parseMeters(String text) throws ProviderException {
        String[] parts = text.split(",");
        int[] meters = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                meters[i] = Integer.parseInt(parts[i].trim());
                if (meters[i] < 1 || meters[i] > 16) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new ProviderException("beatnet: meters=" + text + " must be a comma-separated list of beats per bar (1..16)");
        }
        return meters;
    }

    private static long[] shape(java.util.Optional<TensorSpec> spec) throws ProviderException {
        return spec.orElseThrow(() -> new ProviderException("beatnet: contract model lacks a tensor")).shape();
    }

    private OnnxTensor track(OnnxTensor t) {
        tensors.add(t);
        return t;
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public BeatClockState process(AudioHop hop) {
        double t = Math.max(0, hop.tSec());
        if (session == null) {
            throw new IllegalStateException("beatnet: process() before open()");
        }
        int n = copySanitized(hop);
        onsets.push(hopSamples, 0, n);
        clockOffset = t - onsets.seconds();
        if (failure == null) {
            features.push(hopSamples, 0, n, sink);
        }
        noteAdvice(t);
        return state(t);
    }

    /** Records a change of the half-time suggestion at the end of the hop ending at host time {@code t}. */
    private void noteAdvice(double t) {
        boolean half = levelAdvice && subdivision.suggestsHalf();
        if (half != adviceNow) {
            synchronized (this) {
                adviceNow = half;
                int slot = adviceFlips++ % ADVICE_HISTORY;
                adviceTimes[slot] = t;
                adviceValues[slot] = half;
            }
        }
    }

    @Override
    public synchronized boolean suggestsHalfTime(double tSec) {
        for (int k = adviceFlips - 1; k >= Math.max(0, adviceFlips - ADVICE_HISTORY); k--) {
            if (adviceTimes[k % ADVICE_HISTORY] <= tSec) {
                return adviceValues[k % ADVICE_HISTORY];
            }
        }
        return false;
    }

    /** Changes of the suggestion kept, so that the states of a whole block each get the one in force at their hop. */
    private static final int ADVICE_HISTORY = 16;
    private final double[] adviceTimes = new double[ADVICE_HISTORY];
    private final boolean[] adviceValues = new boolean[ADVICE_HISTORY];
    private int adviceFlips;
    private boolean adviceNow;
    private boolean levelAdvice;

    /** Copies the hop into {@link #hopSamples}; returns its length. */
    private int copySanitized(AudioHop hop) {
        int n = Math.min(hop.length(), hopSamples.length);
        if (n == hop.length()) {
            hop.copyTo(hopSamples, 0);
        } else {
            for (int i = 0; i < n; i++) {
                hopSamples[i] = hop.sample(i);
            }
        }
        for (int i = 0; i < n; i++) {
            float s = hopSamples[i];
            if (!(s >= -4f && s <= 4f)) {
                // non-finite input would poison the LSTM state for good; clipping is harmless
                hopSamples[i] = Float.isFinite(s) ? (s > 0 ? 4f : -4f) : 0f;
            }
        }
        return n;
    }

    private void onFrame(long index, float[] frame) {
        featureBuffer.clear();
        featureBuffer.put(frame);
        featureBuffer.flip();
        try (OrtSession.Result ignored = session.run(inputs[current], outputs[current])) {
            current = 1 - current;
        } catch (OrtException e) {
            failure = e.getMessage();
            return;
        }
        step(frame, 0, activationBuffer.get(0), activationBuffer.get(1));
    }

    /** The particle filter and meter stage on one frame's activations (features at {@code frames[offset..]}). */
    private void step(float[] frames, int offset, float beat, float downbeat) {
        Arrays.fill(chroma, 0);
        for (int k = 0; k < chromaOfBand.length; k++) {
            if (chromaOfBand[k] >= 0) {
                chroma[chromaOfBand[k]] += frames[offset + k];
            }
        }
        double downbeatBefore = publishedDownbeat();
        double frameFlux = 0;
        for (int k = BeatNetFeatures.FEATURE_SIZE / 2; k < BeatNetFeatures.FEATURE_SIZE; k++) {
            frameFlux += frames[offset + k];
        }
        subdivision.addFrame(frameFlux);
        if (filter.step(beat, downbeat, chroma) != BeatParticleFilter.Event.NONE) {
            subdivision.onBeat(filter.lastBeatTime(), filter.periodSeconds());
            beatAnchor = onsetTiming
                    ? onsets.refine(filter.lastBeatTime(), filter.time() + FRAME_REACH_SECONDS)
                    : filter.lastBeatTime();
            anchorCounted = coasted == 0 || filter.lastBeatTime() - coastedAt > COAST_ABSORB * filter.periodSeconds();
            if (anchorCounted) {
                beatCount++;
                heldDownbeat = downbeatBefore;
            } else {
                // the beat was already counted while coasting: its time may move back, never ahead of now
                beatAnchor = Math.min(beatAnchor, filter.time());
            }
            coasted = 0;
        } else if (coasted < coastLimit && filter.anyBeat()) {
            double spb = filter.periodSeconds();
            double due = (coasted == 0 ? filter.lastBeatTime() : coastedAt) + spb;
            if (filter.time() >= due + COAST_DELAY && filter.concentration() >= COAST_MIN_CONCENTRATION
                    && filter.regular(COAST_REGULAR_INTERVALS, COAST_TOLERANCE)) {
                beatCount++;
                coasted++;
                coastedAt = due;
                coastedDownbeat = filter.predictedDownbeatProbability(coasted);
            }
        }
    }

    /**
     * Coasting: when the tracker is locked (its last {@value #COAST_REGULAR_INTERVALS} beat intervals each within
     * {@value #COAST_TOLERANCE} of the period, and the cloud concentrated) but the beat it expects one period after
     * its last one does not come (the activation stayed under the gate: a soft hit, a fill, a sparse bar), that beat
     * is counted {@value #COAST_DELAY} s after it was due, at its due time, with the meter stage's predicted bar
     * position. At most {@code coast} beats in a row (option, default 2) are counted that way; the tracker's own next
     * beat, if it comes within half a period of a counted one, is the same beat and not counted again. Chosen on the
     * 14-song tuning set: one coasted beat helped, two did a little better and four no better than two, downbeats
     * unchanged; the validation songs gained too. Not gated on regularity it cost songs tracked at the wrong tempo
     * (6/8 ballads) dearly (measurements: docs/beat-tracking.md#tuning-record).
     */
    static final double COAST_DELAY = 0.1;
    static final double COAST_ABSORB = 0.5;
    static final double COAST_MIN_CONCENTRATION = 0.7;
    static final int COAST_REGULAR_INTERVALS = 3;
    static final double COAST_TOLERANCE = 0.1;
    static final int DEFAULT_COAST = 2;
    static final String DEFAULT_STFT = "fast";
    static final String DEFAULT_TRACKER = "exact-madmom";
    static final String DEFAULT_TIMING = "onset";
    /**
     * {@code auto}: suggest half time when the tracked pulse looks like the subdivision of the beat
     * ({@link SubdivisionEvidence}); {@code tracked}: never.
     */
    static final String DEFAULT_LEVEL = "auto";
    /** How far past a frame's centre the input had arrived when the frame was emitted (half its window). */
    static final double FRAME_REACH_SECONDS = (BeatNetFeatures.WINDOW / 2) / (double) BeatNetFeatures.SAMPLE_RATE;
    private int coastLimit;
    private int coasted;
    private double coastedAt;
    private double coastedDownbeat;

    /**
     * The block's frames go through the CRNN in one ONNX Runtime call (the convolution and dense layer batched over
     * the frames, the LSTM stepping through them with its state carried as between single calls); the filter then
     * runs frame by frame and each hop's state is taken after its own frames, as {@link #process} takes it.
     */
    @Override
    public void processBlock(AudioHop[] hops, int count, BeatClockState[] out) {
        if (session == null) {
            throw new IllegalStateException("beatnet: processBlock() before open()");
        }
        if (failure != null) {
            for (int i = 0; i < count; i++) {
                out[i] = process(hops[i]);
            }
            return;
        }
        if (framesAfterHop.length < count) {
            framesAfterHop = new int[count];
        }
        long t0 = System.nanoTime();
        frameBlock.clear();
        for (int i = 0; i < count; i++) {
            int n = copySanitized(hops[i]);
            features.pushFrames(hopSamples, 0, n, frameBlock);
            framesAfterHop[i] = frameBlock.frames();
        }
        long t1 = System.nanoTime();
        features.transformFrames(frameBlock);
        long t2 = System.nanoTime();
        blockFrames = 0;
        features.finishFrames(frameBlock, blockSink);
        long t3 = System.nanoTime();
        float[] activations = blockFrames == 0 ? null : runFrames(blockFrames);
        long t4 = System.nanoTime();
        int f = 0;
        for (int i = 0; i < count; i++) {
            // as in process(): the hop's audio first, then the frames it completed
            onsets.push(hopSamples, 0, copySanitized(hops[i]));
            clockOffset = Math.max(0, hops[i].tSec()) - onsets.seconds();
            for (; activations != null && f < framesAfterHop[i]; f++) {
                step(blockFeatures, f * BeatNetFeatures.FEATURE_SIZE, activations[3 * f], activations[3 * f + 1]);
            }
            noteAdvice(Math.max(0, hops[i].tSec()));
            out[i] = state(Math.max(0, hops[i].tSec()));
        }
        long t5 = System.nanoTime();
        stageNanos[0] += t1 - t0;
        stageNanos[1] += t2 - t1;
        stageNanos[2] += t3 - t2;
        stageNanos[3] += t4 - t3;
        stageNanos[4] += t5 - t4;
    }

    private static final String[] STAGES = {"resample + window", "STFT + filterbank", "log + difference",
            "CRNN (ONNX Runtime)", "beat filter + meter"};
    /** Time per stage of {@link #STAGES}, in blocks (offline) only: streaming stays free of the clock reads. */
    private final long[] stageNanos = new long[STAGES.length];

    @Override
    public Map<String, Long> stageNanos() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < STAGES.length; i++) {
            m.put(STAGES[i], stageNanos[i]);
        }
        return m;
    }

    private void collectFrame(long index, float[] frame) {
        int size = BeatNetFeatures.FEATURE_SIZE;
        if ((blockFrames + 1) * size > blockFeatures.length) {
            blockFeatures = Arrays.copyOf(blockFeatures, Math.max(64, 2 * (blockFrames + 1)) * size);
        }
        System.arraycopy(frame, 0, blockFeatures, blockFrames * size, size);
        blockFrames++;
    }

    /** Runs the CRNN on the first {@code frames} collected frames; null (and {@link #failure()} set) on failure. */
    private float[] runFrames(int frames) {
        int size = BeatNetFeatures.FEATURE_SIZE;
        if (blockInput == null || blockInput.capacity() < frames * size) {
            blockInput = directFloats(Math.max(64, 2 * frames) * size);
        }
        blockInput.clear();
        blockInput.put(blockFeatures, 0, frames * size);
        blockInput.flip();
        Map<String, OnnxTensor> in = new HashMap<>(inputs[current]);
        try (OnnxTensor x = OnnxTensor.createTensor(env, blockInput, new long[]{frames, 1, size})) {
            in.put("features", x);
            Map<String, OnnxTensor> pinned = new HashMap<>(outputs[current]);
            pinned.remove("activations");
            try (OrtSession.Result r = session.run(in, ACTIVATIONS, pinned)) {
                current = 1 - current;
                FloatBuffer a = ((OnnxTensor) r.get("activations").orElseThrow()).getFloatBuffer();
                float[] activations = new float[3 * frames];
                a.get(activations);
                return activations;
            }
        } catch (OrtException | RuntimeException e) {
            failure = e.getMessage();
            return null;
        }
    }

    private BeatClockState state(double t) {
        double spb = filter.periodSeconds();
        if (!(spb > 0) || !Double.isFinite(spb)) {
            spb = 0.5;
        }
        if (!filter.anyBeat()) {
            return new BeatClockState(t, spb, BeatClockState.wrapPhase(t / spb), 0, 0.0, 0.0);
        }
        // a beat declared ahead of its onset is published once the onset is due: until then the clock shows the
        // previous beat's count and a phase just short of 1
        double anchor = beatAnchor + clockOffset;
        boolean upcoming = anchorCounted && anchor > t;
        double elapsed = Math.max(0, t - anchor);
        double phase = BeatClockState.wrapPhase((t - anchor) / spb);
        // the cloud keeps its lock through silence (no evidence, no correction), so confidence also decays once
        // no beat has been seen for more than 1.5 periods (detection latency plus one missed beat)
        double stale = Math.max(0, elapsed - 1.5 * spb);
        double conf = filter.concentration() * Math.exp(-stale / (2 * spb));
        return new BeatClockState(t, spb, phase, upcoming ? beatCount - 1 : beatCount, conf,
                upcoming ? heldDownbeat : publishedDownbeat());
    }

    /** Probability that the last counted beat started a bar (a coasted beat's from the meter stage's prediction). */
    private double publishedDownbeat() {
        return coasted > 0 ? coastedDownbeat : filter.lastDownbeatProbability();
    }

    /** Whether ONNX Runtime failed during a run (the provider then holds its clock); null when healthy. */
    public String failure() {
        return failure;
    }

    @Override
    public void reset() {
        if (features == null) {
            return;
        }
        features.reset();
        filter.reset();
        for (int i = 0; i < 2; i++) {
            zero(hBuffer[i]);
            zero(cBuffer[i]);
        }
        current = 0;
        beatCount = 0;
        beatAnchor = 0;
        anchorCounted = false;
        clockOffset = 0;
        heldDownbeat = 0;
        onsets.reset();
        subdivision.reset();
        synchronized (this) {
            adviceFlips = 0;
            adviceNow = false;
        }
        coasted = 0;
        failure = null;
    }

    private static void zero(FloatBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, 0f);
        }
    }

    @Override
    public void close() {
        for (OnnxTensor t : tensors) {
            t.close();
        }
        tensors.clear();
        Arrays.fill(inputs, null);
        Arrays.fill(outputs, null);
        if (onnx != null) {
            onnx.close();
            onnx = null;
            session = null;
        }
        features = null;
        filter = null;
    }
}
