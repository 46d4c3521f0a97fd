package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.dsp.InputLevel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.features.ChromaExtractor;
import dev.fractalsync.features.FeatureExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the slow clock computes from a hop before any provider runs: NaN/Inf replaced by silence, the input-level
 * stage (the followed gain for beat providers, the held gain for the F_audio features), the F_audio frame and the
 * F_pitch (chroma) frame. It is a
 * function of the audio alone, so offline it can run ahead on another thread ({@link OfflinePipeline}) while the
 * providers work on earlier hops.
 */
public final class HopFrontEnd {
    private static final Logger LOG = LoggerFactory.getLogger(HopFrontEnd.class);

    private final int hop;
    private final double hopSeconds;
    private final InputLevel inputLevel;
    private final FeatureExtractor features;
    private final ChromaExtractor chroma;
    private boolean pitch = true;
    private final float[] heldBuffer;
    private long hops;
    private long sanitizedSamples;

    /** One hop after the front end: the leveled PCM providers receive, the F_audio and F_pitch frames. Reused, not shared. */
    public static final class PreparedHop {
        final float[] leveled;
        final float[] frame = new float[FeatureExtractor.FEATURE_COUNT];
        final float[] pitch = new float[ChromaExtractor.PITCH_CLASSES];
        /** The leveled PCM as providers see it, stamped with the hop's index and end time. */
        final AudioHop view;

        public PreparedHop(int hop) {
            leveled = new float[hop];
            view = new AudioHop(leveled);
        }

        /** The leveled PCM beat providers receive (reused: read it before the next {@link #prepare}). */
        public float[] leveled() {
            return leveled;
        }

        /** The F_audio frame (reused: read it before the next {@link #prepare}). */
        public float[] frame() {
            return frame;
        }

        /** The F_pitch frame (reused: read it before the next {@link #prepare}). */
        public float[] pitch() {
            return pitch;
        }
    }

    public HopFrontEnd(ModelContract contract) {
        this.hop = contract.hop();
        this.hopSeconds = contract.hopSeconds();
        this.inputLevel = new InputLevel(contract.hopSeconds());
        this.features = new FeatureExtractor(contract);
        this.chroma = new ChromaExtractor(contract.sampleRate(), contract.hop());
        this.heldBuffer = new float[hop];
    }

    /** Consumes one hop of exactly {@code hop} samples into {@code out}. */
    public void prepare(float[] samples, PreparedHop out) {
        if (samples.length != hop) {
            throw new IllegalArgumentException("a hop has " + hop + " samples, got " + samples.length);
        }
        int bad = 0;
        for (int i = 0; i < hop; i++) {
            float v = samples[i];
            if (!Float.isFinite(v)) {
                v = 0f;
                bad++;
            }
            heldBuffer[i] = v;
        }
        if (bad > 0) {
            if (sanitizedSamples == 0) {
                LOG.warn("non-finite samples (NaN/Inf) in the input were replaced by silence (first at hop {})", hops);
            }
            sanitizedSamples += bad;
        }
        System.arraycopy(heldBuffer, 0, out.leveled, 0, hop);
        inputLevel.apply(out.leveled, hop);
        inputLevel.applyHeld(heldBuffer, hop);
        System.arraycopy(features.process(heldBuffer), 0, out.frame, 0, FeatureExtractor.FEATURE_COUNT);
        if (pitch) {
            System.arraycopy(chroma.process(heldBuffer), 0, out.pitch, 0, ChromaExtractor.PITCH_CLASSES);
        } else {
            java.util.Arrays.fill(out.pitch, 0f);
        }
        out.view.advance(hops, (hops + 1) * hopSeconds);
        hops++;
    }

    public int hop() {
        return hop;
    }

    /**
     * Whether {@link #prepare} computes the F_pitch frame (the default); off, the frame is zeros and the chroma
     * transform is skipped. Set before the stream: the transform looks back 4096 samples, which it would not have.
     */
    public void computePitch(boolean on) {
        pitch = on;
    }

    /** Samples that were NaN/Inf and replaced by 0. */
    public long sanitizedSamples() {
        return sanitizedSamples;
    }

    public void reset() {
        inputLevel.reset();
        features.reset();
        chroma.reset();
        hops = 0;
    }
}
