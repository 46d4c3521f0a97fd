package dev.fractalsync.tools.anticipator;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.clock.SectionDecision;
import dev.fractalsync.features.FrameStore;
import dev.fractalsync.structure.anticipator.AnticipatorStructureProvider;
import dev.fractalsync.tools.dataset.Track;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Runs structure predictors over held-out tracks the way the slow clock does — frame stores of T_slow frames,
 * one {@link StructureInput} per hop, the provider's state held between decimated calls, the held section label
 * from the engine's {@link SectionDecision} — and scores them with {@link StructureMetrics}: section scores are those
 * of the label the host publishes.
 */
public final class StructureEvaluation {
    private static final double HOP_SECONDS = 1024.0 / 48000;

    private StructureEvaluation() {
    }

    /** Scores an opened provider; it is reset before each track. {@code progress} gets the tracks done. */
    public static StructureMetrics evaluate(List<Track> tracks, StructureProvider provider, int tSlow, int decimation,
                                            IntConsumer progress) {
        StructureMetrics m = new StructureMetrics();
        int done = 0;
        for (Track t : tracks) {
            provider.reset();
            m.startTrack();
            FrameStore audio = new FrameStore(tSlow, t.audioWidth());
            FrameStore beat = new FrameStore(tSlow, BeatFeatures.SIZE);
            FrameStore pitch = t.pitchWidth() > 0 ? new FrameStore(tSlow, t.pitchWidth()) : null;
            FeatureWindow audioWindow = audio.window(tSlow);
            FeatureWindow beatWindow = beat.window(tSlow);
            FeatureWindow pitchWindow = pitch == null ? null : pitch.window(tSlow);
            float[] aRow = new float[t.audioWidth()];
            float[] bRow = new float[BeatFeatures.SIZE];
            float[] pRow = new float[t.pitchWidth()];
            StructureState state = StructureState.neutral();
            SectionDecision decision = new SectionDecision(HOP_SECONDS);
            long beatCount = 0;
            double previousPhase = 0;
            for (int h = 0; h < t.hops(); h++) {
                System.arraycopy(t.audioFeatures(), h * aRow.length, aRow, 0, aRow.length);
                System.arraycopy(t.beatFeatures(), h * bRow.length, bRow, 0, bRow.length);
                System.arraycopy(t.pitchFeatures(), h * pRow.length, pRow, 0, pRow.length);
                audio.append(aRow);
                beat.append(bRow);
                if (pitch != null) {
                    pitch.append(pRow);
                }
                double tSec = (h + 1) * HOP_SECONDS;
                double phase = BeatClockState.wrapPhase(Math.atan2(bRow[0], bRow[1]) / (2 * Math.PI));
                // the features carry the phase, not the count: a beat is a wrap of the phase
                if (h > 0 && phase < previousPhase - 0.5) {
                    beatCount++;
                }
                previousPhase = phase;
                BeatClockState b = new BeatClockState(tSec, Math.exp(bRow[2]), phase, beatCount,
                        Math.max(0, Math.min(1, bRow[3])), (double) Math.max(0, Math.min(1, bRow[4])));
                if (h % decimation == 0) {
                    long started = System.nanoTime();
                    state = provider.process(new StructureInput(h, tSec, audioWindow, beatWindow, b, pitchWindow));
                    m.addTiming(System.nanoTime() - started);
                }
                SectionLabel held = decision.accept(b, state);
                m.add(t.ySection()[h], held.ordinal(), state.sectionProbs(), t.yHazard(), h * Horizons.COUNT,
                        state.hazardProbs(), t.deltaBeatsNext()[h]);
            }
            if (provider instanceof AnticipatorStructureProvider a) {
                m.addMonotoneViolations(a.monotoneViolations());
            }
            done++;
            if (progress != null) {
                progress.accept(done);
            }
        }
        return m;
    }

    /** Share of hops per section label. */
    public static double[] sectionFrequency(List<Track> tracks) {
        double[] f = new double[SectionLabel.COUNT];
        long n = 0;
        for (Track t : tracks) {
            for (byte y : t.ySection()) {
                f[y]++;
            }
            n += t.hops();
        }
        for (int c = 0; c < f.length; c++) {
            f[c] /= Math.max(1, n);
        }
        return f;
    }

    /** Share of hops whose hazard target is 1, per horizon. */
    public static double[] hazardBaseRate(List<Track> tracks) {
        double[] r = new double[Horizons.COUNT];
        long n = 0;
        for (Track t : tracks) {
            for (int i = 0; i < t.yHazard().length; i++) {
                r[i % Horizons.COUNT] += t.yHazard()[i];
            }
            n += t.hops();
        }
        for (int k = 0; k < r.length; k++) {
            r[k] /= Math.max(1, n);
        }
        return r;
    }

    /** The base-rate predictor: training label frequencies and hazard base rates, constant over time. */
    public static StructureMetrics baseRate(List<Track> tracks, double[] sectionFrequency, double[] hazardBaseRate) {
        StructureMetrics m = new StructureMetrics();
        for (Track t : tracks) {
            m.startTrack();
            for (int h = 0; h < t.hops(); h++) {
                m.add(t.ySection()[h], sectionFrequency, t.yHazard(), h * Horizons.COUNT, hazardBaseRate, t.deltaBeatsNext()[h]);
            }
        }
        return m;
    }
}
