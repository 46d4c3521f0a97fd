package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.clock.HopFrontEnd;
import dev.fractalsync.engine.EngineListener;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.SongAnalysis;
import dev.fractalsync.features.ChromaExtractor;
import dev.fractalsync.features.FeatureExtractor;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one track (mono PCM at the contract rate, teacher sections, beats) into a {@link Track}, with the runtime's
 * own code: F_audio and F_pitch frames from the engine's front end ({@link HopFrontEnd}: input level, features,
 * chroma; one per hop, the last partial hop zero-padded), F_beat from the beat states the engine publishes, and the
 * per-hop targets of {@link HopTargets}. So a model trains on exactly the rows the structure provider sees at run
 * time.
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

    /** The F_audio and F_pitch frames of {@code mono}, hop by hop through the runtime's front end. */
    private Frames framesOf(float[] mono) {
        int hop = contract.hop();
        int hops = hopCount(mono.length, hop);
        HopFrontEnd front = new HopFrontEnd(contract);
        HopFrontEnd.PreparedHop prepared = new HopFrontEnd.PreparedHop(hop);
        int w = FeatureExtractor.FEATURE_COUNT;
        int pw = ChromaExtractor.PITCH_CLASSES;
        Frames out = new Frames(new float[hops * w], new float[hops * pw]);
        HopCutter.cut(mono, hop, (buf, h) -> {
            front.prepare(buf, prepared);
            System.arraycopy(prepared.frame(), 0, out.audio(), (int) h * w, w);
            System.arraycopy(prepared.pitch(), 0, out.pitch(), (int) h * pw, pw);
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
        Frames frames = framesOf(mono);
        return finish(name, split, mono.length, sections, beats, beat, frames.audio(), frames.pitch());
    }

    /**
     * A track whose beats come from running the song through {@code engine} as {@code analyze} does: its published
     * beat states give the beat features, and its beats (what {@code analyze --beats} writes) the beat events that
     * define the targets, unless {@code targetBeats} is given: then the hazard targets count those (annotated, exact)
     * beats, and the inputs keep runtime parity while the targets are the truth.
     *
     * @throws IllegalStateException when a provider fell back during the song (the track would not be the selected
     *                               provider's)
     */
    public Track fromEngine(String name, String split, float[] mono, List<LabelSegment> sections,
                            FractalSyncEngine engine, BeatEvents targetBeats) {
        int hops = hopCount(mono.length, contract.hop());
        float[] beat = new float[hops * BeatFeatures.SIZE];
        List<BeatEvent> events = new ArrayList<>();
        SongAnalysis run;
        try (AudioFileReader audio = AudioFileReader.ofSamples(mono, contract.sampleRate(), name)) {
            run = engine.analyze(audio, new EngineListener() {
                @Override
                public void onSlowState(SlowState s) {
                    BeatFeatures.write(s.beat(), beat, (int) s.hopIndex() * BeatFeatures.SIZE);
                }

                @Override
                public void onBeat(BeatEvent b) {
                    events.add(b);
                }
            }, null);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // samples in memory: nothing to read from a device or file
            throw new IllegalStateException(name + ": " + e.getMessage(), e);
        }
        if (run.fellBack()) {
            throw new IllegalStateException(name + ": a provider fell back during the song: " + run.status());
        }
        if (run.hops() != hops) {
            throw new IllegalStateException(name + ": " + run.hops() + " states for " + hops + " hops");
        }
        if (events.size() < 2) {
            throw new IllegalArgumentException(name + ": beat provider '" + run.beatId() + "' reported fewer than 2 beats");
        }
        double[] t = new double[events.size()];
        boolean[] d = new boolean[events.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = events.get(i).tSec();
            d[i] = events.get(i).downbeat();
        }
        Frames frames = framesOf(mono);
        return finish(name, split, mono.length, sections, targetBeats != null ? targetBeats : new BeatEvents(t, d), beat,
                frames.audio(), frames.pitch());
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
