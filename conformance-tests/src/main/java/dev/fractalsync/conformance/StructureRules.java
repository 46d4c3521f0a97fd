package dev.fractalsync.conformance;

import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderKind;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.features.FrameStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Structure providers get, every {@code decimation} hops, the [T_slow, F_audio] and [T_slow, F_beat] windows a
 * {@code SlowClock} would give them: real F_audio frames of each signal in frame stores, beat features of the song's
 * true beat grid (a plain clock for the synthetic signals), zero rows before the stream start.
 */
final class StructureRules extends KindRules<StructureProvider, StructureState> {
    static final String SECTION_PROBS = "section-probs";
    static final String HAZARD_PROBS = "hazard-probs";
    static final String HAZARD_MONOTONIC = "hazard-monotonic";
    static final String MACRO_EMBEDDING = "macro-embedding";

    private final ModelContract contract;
    private final List<Signal> signals;
    private final int decimation;
    private int embeddings;

    StructureRules(ModelContract contract, List<Signal> signals, int decimation) {
        this.contract = contract;
        this.signals = signals;
        this.decimation = decimation;
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.STRUCTURE;
    }

    @Override
    Class<StructureProvider> type() {
        return StructureProvider.class;
    }

    @Override
    List<Feed<StructureProvider, StructureState>> feeds() {
        List<Feed<StructureProvider, StructureState>> feeds = new ArrayList<>();
        for (Signal s : signals) {
            feeds.add(new WindowFeed(s));
        }
        return feeds;
    }

    @Override
    List<OutputCheck> outputChecks() {
        int e = contract.macroEmbeddingSize();
        return List.of(
                new OutputCheck(SECTION_PROBS, SectionLabel.COUNT + " section probabilities in [0,1] summing to 1 ± "
                        + StructureState.SUM_TOLERANCE, "apply a softmax over the " + SectionLabel.COUNT
                        + " labels in contract order", Verdict.FAIL),
                new OutputCheck(HAZARD_PROBS, Horizons.COUNT + " hazard probabilities (horizons "
                        + Arrays.toString(contract.horizonsBeats()) + " beats), each in [0,1]",
                        "one sigmoid output per contract horizon", Verdict.FAIL),
                new OutputCheck(HAZARD_MONOTONIC, "hazard probabilities non-decreasing across horizons",
                        "a boundary within 2 beats is also within 4: take a running maximum or a cumulative model", Verdict.FAIL),
                new OutputCheck(MACRO_EMBEDDING, "macro embedding null, or " + e + " finite values (macro_embedding_size)",
                        "return null when the model has no embedding output, else exactly " + e + " values", Verdict.FAIL));
    }

    @Override
    void inspect(StructureState out, StructureState previous, double tSec, String where, Violations v) {
        double[] p = out.sectionProbs();
        double sum = 0;
        boolean inRange = true;
        for (double x : p) {
            sum += x;
            inRange &= x >= 0 && x <= 1;
        }
        if (p.length != SectionLabel.COUNT || !inRange || Math.abs(sum - 1) > StructureState.SUM_TOLERANCE) {
            v.add(SECTION_PROBS, where + ": " + Arrays.toString(p));
        }
        double[] h = out.hazardProbs();
        boolean hazardInRange = h.length == Horizons.COUNT;
        for (double x : h) {
            hazardInRange &= x >= 0 && x <= 1;
        }
        if (!hazardInRange) {
            v.add(HAZARD_PROBS, where + ": " + Arrays.toString(h));
        }
        for (int k = 1; k < h.length; k++) {
            if (h[k] < h[k - 1]) {
                v.add(HAZARD_MONOTONIC, String.format(Locale.ROOT, "%s: hazard[%d]=%.4f < hazard[%d]=%.4f in %s",
                        where, k, h[k], k - 1, h[k - 1], Arrays.toString(h)));
                break;
            }
        }
        double[] e = out.macroEmbedding();
        if (e != null) {
            embeddings++;
            boolean finite = Arrays.stream(e).allMatch(Double::isFinite);
            if (e.length != contract.macroEmbeddingSize() || !finite) {
                v.add(MACRO_EMBEDDING, where + ": " + e.length + " values" + (finite ? "" : " (not all finite)")
                        + ", contract macro_embedding_size is " + contract.macroEmbeddingSize());
            }
        }
    }

    @Override
    String checkForField(String field) {
        return switch (field) {
            case "section_probs" -> SECTION_PROBS;
            case "hazard_probs" -> HAZARD_PROBS;
            case "macro_embedding" -> MACRO_EMBEDDING;
            default -> null;
        };
    }

    @Override
    String passSummary(String check) {
        return check.equals(MACRO_EMBEDDING) ? "; " + (embeddings == 0 ? "no embedding returned" : embeddings + " embeddings") : "";
    }

    /** Replays a signal's frames into fresh frame stores and calls the provider every {@code decimation} hops. */
    private final class WindowFeed implements Feed<StructureProvider, StructureState> {
        private final Signal signal;
        private final FrameStore audio;
        private final FrameStore beat;
        private final FeatureWindow audioWindow;
        private final FeatureWindow beatWindow;
        private final float[] beatRow = new float[BeatFeatures.SIZE];
        private int appended;

        WindowFeed(Signal signal) {
            this.signal = signal;
            this.audio = new FrameStore(contract.tSlow(), contract.audioFeatures().size());
            this.beat = new FrameStore(contract.tSlow(), BeatFeatures.SIZE);
            this.audioWindow = audio.window(contract.tSlow());
            this.beatWindow = beat.window(contract.tSlow());
        }

        @Override
        public String signal() {
            return signal.name();
        }

        @Override
        public int length() {
            return (signal.hops() + decimation - 1) / decimation;
        }

        @Override
        public StructureState step(StructureProvider provider, int step) {
            int hop = step * decimation;
            while (appended <= hop) {
                audio.append(signal.frames()[appended]);
                BeatFeatures.write(signal.beats()[appended], beatRow, 0);
                beat.append(beatRow);
                appended++;
            }
            return provider.process(new StructureInput(hop, tSec(step), audioWindow, beatWindow, signal.beats()[hop]));
        }

        @Override
        public double tSec(int step) {
            return (step * decimation + 1) * contract.hopSeconds();
        }

        @Override
        public String where(int step) {
            return String.format(Locale.ROOT, "%s hop %d (t=%.3f s)", signal.name(), step * decimation, tSec(step));
        }
    }
}
