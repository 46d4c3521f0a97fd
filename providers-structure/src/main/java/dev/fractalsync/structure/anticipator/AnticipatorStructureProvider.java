package dev.fractalsync.structure.anticipator;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelSpec;
import dev.fractalsync.api.contract.TensorSpec;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.onnx.OnnxModel;
import dev.fractalsync.structure.context.SongContext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structure from the trained anticipator network ({@code models.anticipator} of the contract) run in ONNX Runtime.
 * Every step copies the audio and beat windows into two direct buffers that back the input tensors (allocated once
 * at {@link #open}), runs the session on one thread, and turns the logits into probabilities: softmax over
 * sections, sigmoid per hazard horizon, then {@link MonotoneHazard} (running max from short to long horizon);
 * {@link #monotoneViolations()} counts the steps where the network's raw curve decreased.
 * <p>
 * Options: {@code model=PATH} loads another ONNX file instead of the bundled one.
 * <p>
 * The section probabilities are the network's own, step by step: smoothing them over time (an exponential average,
 * or a sticky forward filter) was tried and lowered boundary F on the held-out SoundFont without raising precision,
 * because it delays every real change. A forward filter with the training songs'
 * song-form grammar (which section follows which, switching at the rate of the network's own hazard@1) was tried on
 * the held-out split of the band family: dividing by the label prior locked songs into the rare labels (the network is
 * trained with class weights, so its probabilities are already de-biased; section accuracy collapsed), and without
 * that division every evidence weight from 0.05 to 1 scored below the unfiltered network (measurements:
 * docs/models.md#tuning-record).
 */
public final class AnticipatorStructureProvider implements StructureProvider {
    public static final String ID = "anticipator";
    public static final String BUNDLED_MODEL = "/dev/fractalsync/structure/anticipator/anticipator.onnx";
    public static final String AUDIO_INPUT = "audio_window";
    public static final String BEAT_INPUT = "beat_window";
    public static final String SECTION_OUTPUT = "section_logits";
    public static final String HAZARD_OUTPUT = "hazard_logits";
    /** Optional input (contract 1.1): the {@link SongContext} features. */
    public static final String CONTEXT_INPUT = "song_context";
    /** Optional input (contract 1.5): the F_pitch (chroma) window; a model without it gets no pitch in its context either. */
    public static final String PITCH_INPUT = "pitch_window";
    /** Silence this long or longer is called {@code silence} with at least {@link #SILENCE_PROBABILITY}. */
    public static final double SILENCE_SECONDS = 2.0;
    public static final double SILENCE_PROBABILITY = 0.95;
    private static final double SILENCE_ONSET_SECONDS = 0.5;


    private OrtEnvironment env;
    private OrtSession session;
    private OnnxModel onnx;
    private OnnxTensor audioTensor;
    private OnnxTensor beatTensor;
    private OnnxTensor contextTensor;
    private FloatBuffer contextBuffer;
    /** The model was built for contract 1.4: a 56-value song context, no pitch window. */
    private boolean contract14;
    private float[] contextScratch;
    private OnnxTensor pitchTensor;
    private FloatBuffer pitchBuffer;
    private float[] pitchScratch;
    private int pitchWidth;
    private final SongContext songContext = new SongContext();
    /**
     * Net seconds of {@code outro} (seconds with outro the most likely label, minus seconds without) after which the
     * song context starts over. Chosen on a 37-minute stream of 12 songs rendered for this purpose with the training
     * SoundFonts: any restart beat none, counting net outro seconds beat requiring unbroken outro, and 30 s beat 20
     * and 45 s (measurements: docs/models.md#tuning-record). Single songs never reach it: on the 30 validation songs
     * every score is unchanged.
     */
    static final double RESTART_OUTRO_SECONDS = 30;
    private int outroLabel = -1;
    private final OutroRun outroRun = new OutroRun(RESTART_OUTRO_SECONDS);
    private long outroHop = -1;
    private long restarts;
    private long lastHop = -1;
    private FloatBuffer audioBuffer;
    private FloatBuffer beatBuffer;
    private float[] audioScratch;
    private float[] beatScratch;
    private Map<String, OnnxTensor> inputs;
    private Set<String> outputNames;
    private int frames;
    private int audioWidth;
    private int beatWidth;
    private int labels;
    private int horizons;
    private long violations;
    private long steps;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Anticipator network (ONNX Runtime)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) throws ProviderException {
        close();
        String modelOption = context.option("model", null);
        ModelSpec spec = context.contract().model("anticipator")
                .orElseThrow(() -> new ProviderException("anticipator: the contract has no models.anticipator entry"));
        contract14 = false;
        try {
            onnx = OnnxModel.open(ID, () -> AnticipatorStructureProvider.class.getResourceAsStream(BUNDLED_MODEL), BUNDLED_MODEL, modelOption, spec);
        } catch (ProviderException e) {
            // a model built for contract 1.4 takes the 56-value song context of that version (and no pitch window)
            try {
                onnx = OnnxModel.open(ID, () -> AnticipatorStructureProvider.class.getResourceAsStream(BUNDLED_MODEL),
                        BUNDLED_MODEL, modelOption, contract14(spec));
                contract14 = true;
            } catch (ProviderException ignored) {
                throw e;
            }
        }
        env = onnx.env();
        session = onnx.session();
        String source = onnx.source();
        try {
            TensorSpec audio = requireInput(spec, AUDIO_INPUT);
            TensorSpec beat = requireInput(spec, BEAT_INPUT);
            TensorSpec section = requireOutput(spec, SECTION_OUTPUT);
            TensorSpec hazard = requireOutput(spec, HAZARD_OUTPUT);
            long[] audioShape = audio.shape();
            long[] beatShape = beat.shape();
            frames = (int) audioShape[1];
            audioWidth = (int) audioShape[2];
            beatWidth = (int) beatShape[2];
            labels = (int) section.shape()[1];
            outroLabel = context.contract().labels().indexOf("outro");
            horizons = (int) hazard.shape()[1];
            audioScratch = new float[frames * audioWidth];
            beatScratch = new float[frames * beatWidth];
            audioBuffer = directFloats(audioScratch.length);
            beatBuffer = directFloats(beatScratch.length);
            if (audioWidth != SongContext.AUDIO || beatWidth != SongContext.BEAT) {
                throw new ProviderException("anticipator: the song context needs " + SongContext.AUDIO + " audio and "
                        + SongContext.BEAT + " beat features, the contract has " + audioWidth + " and " + beatWidth);
            }
            audioTensor = OnnxTensor.createTensor(env, audioBuffer, audioShape);
            beatTensor = OnnxTensor.createTensor(env, beatBuffer, beatShape);
            Map<String, OnnxTensor> tensors = new java.util.HashMap<>(Map.of(AUDIO_INPUT, audioTensor, BEAT_INPUT, beatTensor));
            pitchWidth = 0;
            pitchScratch = null;
            if (onnx.hasInput(PITCH_INPUT)) {
                TensorSpec pitch = requireInput(spec, PITCH_INPUT);
                pitchWidth = (int) pitch.shape()[2];
                if (pitchWidth != SongContext.PITCH || pitch.shape()[1] != frames) {
                    throw new ProviderException("anticipator: the song context needs a " + frames + "x" + SongContext.PITCH
                            + " pitch window, the contract has " + java.util.Arrays.toString(pitch.shape()));
                }
                pitchScratch = new float[frames * pitchWidth];
                pitchBuffer = directFloats(pitchScratch.length);
                pitchTensor = OnnxTensor.createTensor(env, pitchBuffer, pitch.shape());
                tensors.put(PITCH_INPUT, pitchTensor);
            }
            if (onnx.hasInput(CONTEXT_INPUT)) {
                if (!SongContext.NAMES.equals(context.contract().songContextFeatures())) {
                    throw new ProviderException("anticipator: " + source + " wants song_context, but the contract's "
                            + "song_context.features " + context.contract().songContextFeatures()
                            + " differ from what this provider computes " + SongContext.NAMES);
                }
                int contextWidth = contract14 ? SongContext.SIZE_1_4 : SongContext.SIZE;
                contextBuffer = directFloats(contextWidth);
                contextScratch = new float[contextWidth];
                contextTensor = OnnxTensor.createTensor(env, contextBuffer, new long[]{1, contextWidth});
                tensors.put(CONTEXT_INPUT, contextTensor);
            }
            inputs = Map.copyOf(tensors);
            outputNames = Set.of(SECTION_OUTPUT, HAZARD_OUTPUT);
        } catch (OrtException e) {
            close();
            throw new ProviderException("anticipator: cannot create the tensors of " + source + ": " + e.getMessage(), e);
        } catch (ProviderException e) {
            close();
            throw e;
        }
        reset();
    }

    /** The anticipator entry as contract 1.4 had it: song_context of {@link SongContext#SIZE_1_4}, no pitch window. */
    private static ModelSpec contract14(ModelSpec spec) {
        List<TensorSpec> inputs = new java.util.ArrayList<>();
        for (TensorSpec t : spec.inputs()) {
            if (t.name().equals(CONTEXT_INPUT)) {
                inputs.add(new TensorSpec(t.name(), t.type(), new long[]{1, SongContext.SIZE_1_4}, t.optional()));
            } else if (!t.name().equals(PITCH_INPUT)) {
                inputs.add(t);
            }
        }
        return new ModelSpec(spec.name(), inputs, spec.outputs());
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static TensorSpec requireInput(ModelSpec spec, String name) throws ProviderException {
        return spec.input(name).orElseThrow(() -> new ProviderException("anticipator: the contract has no input " + name));
    }

    private static TensorSpec requireOutput(ModelSpec spec, String name) throws ProviderException {
        return spec.output(name).orElseThrow(() -> new ProviderException("anticipator: the contract has no output " + name));
    }

    @Override
    public StructureState process(StructureInput input) {
        if (session == null) {
            throw new IllegalStateException("anticipator: process called before open");
        }
        copyWindow("audio", input.audioWindow(), audioWidth, audioScratch, audioBuffer);
        copyWindow("beat", input.beatWindow(), beatWidth, beatScratch, beatBuffer);
        if (pitchScratch != null) {
            copyWindow("pitch", input.pitchWindow(), pitchWidth, pitchScratch, pitchBuffer);
        }
        advanceContext(input.hopIndex());
        if (contextBuffer != null) {
            contextBuffer.clear();
            if (contract14) {
                songContext.writeContract14(contextScratch);
                contextBuffer.put(contextScratch);
            } else {
                contextBuffer.put(songContext.features());
            }
            contextBuffer.clear();
        }
        double[] sectionProbs = new double[labels];
        double[] hazardProbs = new double[horizons];
        try (OrtSession.Result result = session.run(inputs, outputNames)) {
            FloatBuffer sectionLogits = ((OnnxTensor) result.get(SECTION_OUTPUT).orElseThrow()).getFloatBuffer();
            FloatBuffer hazardLogits = ((OnnxTensor) result.get(HAZARD_OUTPUT).orElseThrow()).getFloatBuffer();
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < labels; i++) {
                sectionProbs[i] = sectionLogits.get(i);
                max = Math.max(max, sectionProbs[i]);
            }
            double sum = 0;
            for (int i = 0; i < labels; i++) {
                sectionProbs[i] = Math.exp(sectionProbs[i] - max);
                sum += sectionProbs[i];
            }
            for (int i = 0; i < labels; i++) {
                sectionProbs[i] /= sum;
            }
            for (int k = 0; k < horizons; k++) {
                hazardProbs[k] = 1.0 / (1.0 + Math.exp(-hazardLogits.get(k)));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("anticipator: inference failed: " + e.getMessage(), e);
        }
        steps++;
        followOutro(sectionProbs, input.hopIndex());
        applySilence(sectionProbs, songContext.silenceSeconds());
        if (MonotoneHazard.enforce(hazardProbs)) {
            violations++;
        }
        return new StructureState(sectionProbs, hazardProbs, null);
    }

    /**
     * Continuous music (a DJ set, a gapless album) never pauses for the {@value SongContext#RESET_SILENCE_SECONDS} s
     * that start a new song context, so the context kept growing past every song it was trained on and the model
     * answered {@code outro} for the rest of the stream (ten validation songs played back to back scored far below
     * the same songs one at a time). An {@code outro} that outweighs every other label for
     * {@link #RESTART_OUTRO_SECONDS} s is longer than any song's ending: the next song has begun, and the context
     * starts over, which wins back part of the loss (measurements: docs/beat-tracking.md#structure).
     */
    private void followOutro(double[] probs, long hopIndex) {
        int best = 0;
        for (int i = 1; i < probs.length; i++) {
            if (probs[i] > probs[best]) {
                best = i;
            }
        }
        double step = outroHop < 0 ? 0 : (hopIndex - outroHop) * SongContext.HOP_SECONDS;
        outroHop = hopIndex;
        if (outroRun.advance(best == outroLabel, step)) {
            songContext.reset();
            restarts++;
        }
    }

    /** Pushes the frames of the window that are newer than the last step into the song context. */
    private void advanceContext(long hopIndex) {
        if (hopIndex <= lastHop) {
            songContext.reset();
            lastHop = -1;
        }
        long fresh = Math.min(frames, lastHop < 0 ? hopIndex + 1 : hopIndex - lastHop);
        for (int i = (int) (frames - fresh); i < frames; i++) {
            songContext.push(audioScratch, i * audioWidth, beatScratch, i * beatWidth, pitchScratch, i * pitchWidth);
        }
        lastHop = hopIndex;
    }

    /**
     * Digital silence, fade-outs and pauses are {@code silence}: from {@value #SILENCE_ONSET_SECONDS} s of silent
     * hops the silence probability is raised linearly to {@link #SILENCE_PROBABILITY} at {@link #SILENCE_SECONDS},
     * the other labels keeping their proportions. A learned model cannot be trusted on input it never saw, and a
     * long pause is the one case where the answer is known.
     */
    static void applySilence(double[] probs, double silentSeconds) {
        if (silentSeconds <= SILENCE_ONSET_SECONDS || probs[0] >= SILENCE_PROBABILITY) {
            return;
        }
        double w = Math.min(1, (silentSeconds - SILENCE_ONSET_SECONDS) / (SILENCE_SECONDS - SILENCE_ONSET_SECONDS));
        double target = probs[0] + w * (SILENCE_PROBABILITY - probs[0]);
        double rest = 1 - probs[0];
        double scale = rest > 1e-12 ? (1 - target) / rest : 0;
        for (int i = 1; i < probs.length; i++) {
            probs[i] *= scale;
        }
        probs[0] = target;
    }

    private void copyWindow(String what, FeatureWindow window, int width, float[] scratch, FloatBuffer buffer) {
        if (window.frames() != frames || window.width() != width) {
            throw new IllegalArgumentException("anticipator: " + what + " window is " + window.frames() + "x" + window.width()
                    + ", the model needs " + frames + "x" + width);
        }
        window.copyTo(scratch, 0);
        buffer.clear();
        buffer.put(scratch);
        buffer.clear();
    }

    /** Steps whose raw hazard curve was not non-decreasing and had to be raised (since {@link #reset}). */
    public long monotoneViolations() {
        return violations;
    }

    /** Whether the opened model takes the pitch window (contract 1.5); a 1.4 model and a {@code --no-pitch} one do not. */
    @Override
    public boolean readsPitch() {
        return pitchScratch != null;
    }

    /** Steps run since {@link #reset}. */
    public long steps() {
        return steps;
    }

    @Override
    public void reset() {
        songContext.reset();
        lastHop = -1;
        violations = 0;
        steps = 0;
        outroRun.reset();
        outroHop = -1;
        restarts = 0;
    }

    /** Times the song context started over inside continuous music (an outro that did not end); since {@link #reset}. */
    public long contextRestarts() {
        return restarts;
    }

    @Override
    public void close() {
        if (audioTensor != null) {
            audioTensor.close();
            audioTensor = null;
        }
        if (beatTensor != null) {
            beatTensor.close();
            beatTensor = null;
        }
        if (pitchTensor != null) {
            pitchTensor.close();
            pitchTensor = null;
            pitchBuffer = null;
        }
        if (contextTensor != null) {
            contextTensor.close();
            contextTensor = null;
            contextBuffer = null;
        }
        if (onnx != null) {
            onnx.close();
            onnx = null;
            session = null;
        }
    }
}
