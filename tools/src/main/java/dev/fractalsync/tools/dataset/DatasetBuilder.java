package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.audio.HopCutter;
import dev.fractalsync.api.audio.InputLevel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.features.ChromaExtractor;
import dev.fractalsync.features.FeatureExtractor;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one track (mono PCM at the contract rate, teacher sections, beats) into a {@link Track}: F_audio frames from
 * the runtime {@link FeatureExtractor} (one per hop, the last partial hop zero-padded as the offline driver does),
 * F_beat features and the per-hop targets of {@link HopTargets}.
 */
public final class DatasetBuilder {
    private final ModelContract contract;
    private final double snapFraction;

    public DatasetBuilder(ModelContract contract, double snapFraction) {
        this.contract = contract;
        this.snapFraction = snapFraction;
    }

    public static int hopCount(int samples, int hop) {
        return (int) HopCutter.hopCount(samples, hop);
    }

    /** F_audio and F_pitch frames of one signal, row-major [hops, F_audio] and [hops, F_pitch]. */
    private record Frames(float[] audio, float[] pitch) {
    }

    /** The F_audio and F_pitch frames of samples that already carry the held gain, in one pass over the hops. */
    private Frames framesOf(float[] held) {
        int hop = contract.hop();
        int hops = hopCount(held.length, hop);
        FeatureExtractor fx = new FeatureExtractor(contract);
        ChromaExtractor cx = new ChromaExtractor(contract);
        int w = FeatureExtractor.FEATURE_COUNT;
        int pw = ChromaExtractor.PITCH_CLASSES;
        Frames out = new Frames(new float[hops * w], new float[hops * pw]);
        HopCutter.cut(held, hop, (buf, h) -> {
            System.arraycopy(fx.process(buf), 0, out.audio(), (int) h * w, w);
            System.arraycopy(cx.process(buf), 0, out.pitch(), (int) h * pw, pw);
        });
        return out;
    }

    /** A track whose beats come from an annotation (the ideal-tracker beat features of {@link AnnotatedBeatClock}). */
    public Track fromAnnotation(String name, String split, float[] mono, List<LabelSegment> sections, BeatEvents beats,
                                boolean withDownbeats) {
        int hops = hopCount(mono.length, contract.hop());
        float[] beat = new float[hops * BeatFeatures.SIZE];
        AnnotatedBeatClock clock = new AnnotatedBeatClock(beats);
        for (int h = 0; h < hops; h++) {
            clock.write(stateTime(h), withDownbeats, beat, h * BeatFeatures.SIZE);
        }
        float[] held = InputLevel.leveled(mono, contract.hop(), contract.hopSeconds()).held();
        Frames frames = framesOf(held);
        return finish(name, split, mono, sections, beats, beat, frames.audio(), frames.pitch());
    }

    /**
     * A track whose beats come from streaming a beat clock provider over the audio hop by hop, as the runtime does:
     * its states give the beat features and, through {@code beatCount}, the beat events that define the targets
     * (BeatNet parity). The provider must be open; it is reset first.
     */
    public Track fromProvider(String name, String split, float[] mono, List<LabelSegment> sections,
                              BeatClockProvider provider) {
        return fromProvider(name, split, mono, sections, provider, null);
    }

    /**
     * As {@link #fromProvider(String, String, float[], List, BeatClockProvider)}, but when {@code targetBeats} is not
     * null the hazard targets count those (annotated, exact) beats instead of the provider's: the inputs keep
     * runtime parity while the targets are the truth.
     */
    public Track fromProvider(String name, String split, float[] mono, List<LabelSegment> sections,
                              BeatClockProvider provider, BeatEvents targetBeats) {
        int hop = contract.hop();
        int hops = hopCount(mono.length, hop);
        provider.reset();
        InputLevel.Leveled leveled = InputLevel.leveled(mono, hop, contract.hopSeconds());
        float[] buf = new float[hop];
        AudioHop audioHop = new AudioHop(buf);
        float[] beat = new float[hops * BeatFeatures.SIZE];
        List<BeatClockState> states = new ArrayList<>(hops);
        for (int h = 0; h < hops; h++) {
            HopCutter.copyHop(leveled.followed(), h, hop, buf);
            audioHop.advance(h, stateTime(h));
            BeatClockState s = provider.process(audioHop);
            states.add(s);
            BeatFeatures.write(s, beat, h * BeatFeatures.SIZE);
        }
        BeatEvents events = BeatEvents.fromClockStates(states, contract.hopSeconds());
        if (events.size() < 2) {
            throw new IllegalArgumentException(name + ": beat provider '" + provider.id() + "' reported fewer than 2 beats");
        }
        Frames frames = framesOf(leveled.held());
        return finish(name, split, mono, sections, targetBeats != null ? targetBeats : events, beat, frames.audio(),
                frames.pitch());
    }

    /** Produces contract hops in order, the last one zero-padded, and returns the signal's length in samples. */
    @FunctionalInterface
    public interface HopStream {
        long feed(HopCutter.HopSink sink) throws Exception;
    }

    /**
     * As {@link #fromProvider(String, String, float[], List, BeatClockProvider, BeatEvents)} over the hops of
     * {@code audio} as they arrive (a file decoded as it is read): the same track, without ever holding the signal;
     * what is kept grows with the hop count only (F_audio and F_beat rows, the beat events).
     */
    public Track fromProvider(String name, String split, HopStream audio, List<LabelSegment> sections,
                              BeatClockProvider provider, BeatEvents targetBeats) throws Exception {
        int hop = contract.hop();
        provider.reset();
        InputLevel stage = new InputLevel(contract.hopSeconds());
        FeatureExtractor fx = new FeatureExtractor(contract);
        ChromaExtractor cx = new ChromaExtractor(contract);
        int w = FeatureExtractor.FEATURE_COUNT;
        int pw = ChromaExtractor.PITCH_CLASSES;
        float[] buf = new float[hop];
        float[] raw = new float[hop];
        AudioHop audioHop = new AudioHop(buf);
        float[][] audioRows = {new float[1 << 16]};
        float[][] beatRows = {new float[1 << 14]};
        float[][] pitchRows = {new float[1 << 15]};
        int[] hops = {0};
        BeatEventDetector detector = new BeatEventDetector(contract.hopSeconds());
        List<BeatEvent> events = new ArrayList<>();
        long samples = audio.feed((in, index) -> {
            int h = hops[0];
            System.arraycopy(in, 0, buf, 0, hop);
            System.arraycopy(in, 0, raw, 0, hop);
            stage.apply(buf, hop);
            stage.applyHeld(raw, hop);
            audioHop.advance(h, stateTime(h));
            BeatClockState s = provider.process(audioHop);
            detector.accept(s, events::add);
            beatRows[0] = room(beatRows[0], (h + 1L) * BeatFeatures.SIZE);
            BeatFeatures.write(s, beatRows[0], h * BeatFeatures.SIZE);
            audioRows[0] = room(audioRows[0], (h + 1L) * w);
            System.arraycopy(fx.process(raw), 0, audioRows[0], h * w, w);
            pitchRows[0] = room(pitchRows[0], (h + 1L) * pw);
            System.arraycopy(cx.process(raw), 0, pitchRows[0], h * pw, pw);
            hops[0]++;
        });
        if (hops[0] != hopCount((int) Math.min(Integer.MAX_VALUE, samples), hop)) {
            throw new IllegalStateException(name + ": " + hops[0] + " hops for " + samples + " samples");
        }
        double[] t = new double[events.size()];
        boolean[] d = new boolean[events.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = events.get(i).tSec();
            d[i] = events.get(i).downbeat();
        }
        BeatEvents beats = new BeatEvents(t, d);
        if (beats.size() < 2) {
            throw new IllegalArgumentException(name + ": beat provider '" + provider.id() + "' reported fewer than 2 beats");
        }
        return finish(name, split, samples, sections, targetBeats != null ? targetBeats : beats,
                java.util.Arrays.copyOf(beatRows[0], hops[0] * BeatFeatures.SIZE),
                java.util.Arrays.copyOf(audioRows[0], hops[0] * w), java.util.Arrays.copyOf(pitchRows[0], hops[0] * pw));
    }

    /** {@code a}, or a copy half as large again when it holds fewer than {@code size} values. */
    private static float[] room(float[] a, long size) {
        if (size <= a.length) {
            return a;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many hops for one track");
        }
        return java.util.Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(size, a.length + (a.length >> 1))));
    }

    private Track finish(String name, String split, float[] mono, List<LabelSegment> sections, BeatEvents beats, float[] beat,
                         float[] audio, float[] pitch) {
        return finish(name, split, mono.length, sections, beats, beat, audio, pitch);
    }

    private Track finish(String name, String split, long samples, List<LabelSegment> sections, BeatEvents beats,
                         float[] beat, float[] audio, float[] pitch) {
        int hops = hopCount((int) samples, contract.hop());
        double duration = (double) samples / contract.sampleRate();
        HopTargets targets = HopTargets.compute(sections, beats, hops, contract.sampleRate(), contract.hop(), duration, snapFraction);
        return Track.of(name, split, FeatureExtractor.FEATURE_COUNT, audio, beat, ChromaExtractor.PITCH_CLASSES, pitch, targets);
    }

    /** State time of hop {@code h}: its end. */
    public double stateTime(int h) {
        return (h + 1) * contract.hopSeconds();
    }
}
