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
import java.util.Optional;

/**
 * Structure providers get, every {@code decimation} hops, the [T_slow, F_audio] and [T_slow, F_beat] windows a
 * {@code SlowClock} would give them: real F_audio frames of each signal in frame stores, beat features of the song's
 * true beat grid (a plain clock for the synthetic signals), zero rows before the stream start.
 */
final class StructureRules extends KindRules<StructureProvider, StructureState>
        implements KindRules.BlockRules<StructureProvider, StructureState> {
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
            feeds.add(new WindowFeed(s, 0));
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
    Optional<BlockRules<StructureProvider, StructureState>> blockRules() {
        return Optional.of(this);
    }

    @Override
    public BlockFeed<StructureProvider, StructureState> blockFeed(int maxBlock) {
        return new WindowFeed(signals.get(0), maxBlock);
    }

    @Override
    public String blockExpectation() {
        return String.format(Locale.ROOT, "processBlock in blocks of varying size returns what process returns input by "
                + "input: section, hazard and macro embedding values within %.0e (a null embedding stays null)",
                BLOCK_TOLERANCE);
    }

    @Override
    public String blockDifference(StructureState stream, StructureState block) {
        String d = differs("section_probs", stream.sectionProbs(), block.sectionProbs());
        d = d != null ? d : differs("hazard_probs", stream.hazardProbs(), block.hazardProbs());
        double[] a = stream.macroEmbedding();
        double[] b = block.macroEmbedding();
        if (d != null || (a == null && b == null)) {
            return d;
        }
        if (a == null || b == null) {
            return "macro_embedding: process gave " + (a == null ? "null" : a.length + " values") + ", processBlock gave "
                    + (b == null ? "null" : b.length + " values");
        }
        return differs("macro_embedding", a, b);
    }

    private static String differs(String field, double[] stream, double[] block) {
        if (stream.length != block.length) {
            return field + ": process gave " + stream.length + " values, processBlock gave " + block.length;
        }
        for (int k = 0; k < stream.length; k++) {
            String d = BeatRules.differs(field + "[" + k + "]", stream[k], block[k], BLOCK_TOLERANCE);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    @Override
    String passSummary(String check) {
        return check.equals(MACRO_EMBEDDING) ? "; " + (embeddings == 0 ? "no embedding returned" : embeddings + " embeddings") : "";
    }

    /**
     * Replays a signal's frames into fresh frame stores and calls the provider every {@code decimation} hops. In
     * blocks, each input gets windows fixed at its own newest frame (as offline analysis builds them), which the
     * stores keep valid while the rest of the block is appended.
     */
    private final class WindowFeed implements BlockFeed<StructureProvider, StructureState> {
        private final Signal signal;
        private final FrameStore audio;
        private final FrameStore beat;
        private final FrameStore pitch;
        private final FeatureWindow audioWindow;
        private final FeatureWindow beatWindow;
        private final FeatureWindow pitchWindow;
        private final float[] beatRow = new float[BeatFeatures.SIZE];
        private final int tSlow;
        private final StructureInput[] blockInputs;
        private int appended;

        /** {@code maxBlock}: the largest block of inputs {@link #stepBlock} gets (0: fed step by step only). */
        WindowFeed(Signal signal, int maxBlock) {
            this.signal = signal;
            this.tSlow = contract.tSlow();
            int capacity = tSlow + maxBlock * decimation;
            this.audio = new FrameStore(capacity, contract.audioFeatures().size());
            this.beat = new FrameStore(capacity, BeatFeatures.SIZE);
            int pitchWidth = contract.pitchFeatures().size();
            this.pitch = pitchWidth == 0 ? null : new FrameStore(capacity, pitchWidth);
            this.blockInputs = new StructureInput[maxBlock];
            this.audioWindow = audio.window(contract.tSlow());
            this.beatWindow = beat.window(contract.tSlow());
            this.pitchWindow = pitch == null ? null : pitch.window(contract.tSlow());
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
            int hop = appendThrough(step);
            return provider.process(new StructureInput(hop, tSec(step), audioWindow, beatWindow, signal.beats()[hop],
                    pitchWindow));
        }

        @Override
        public List<StructureState> stepBlock(StructureProvider provider, int first, int count) {
            // the array keeps maxBlock slots whatever the count (the contract's count, not its length, says how many)
            for (int i = 0; i < count; i++) {
                int step = first + i;
                int hop = appendThrough(step);
                blockInputs[i] = new StructureInput(hop, tSec(step), audio.windowEndingAt(audio.count(), tSlow),
                        beat.windowEndingAt(beat.count(), tSlow), signal.beats()[hop],
                        pitch == null ? null : pitch.windowEndingAt(pitch.count(), tSlow));
            }
            StructureState[] out = new StructureState[blockInputs.length];
            provider.processBlock(blockInputs, count, out);
            return Arrays.asList(out).subList(0, count);
        }

        /** Appends the frames up to the newest hop of input {@code step}; returns that hop. */
        private int appendThrough(int step) {
            int hop = step * decimation;
            while (appended <= hop) {
                audio.append(signal.frames()[appended]);
                if (pitch != null) {
                    pitch.append(signal.pitch()[appended]);
                }
                BeatFeatures.write(signal.beats()[appended], beatRow, 0);
                beat.append(beatRow);
                appended++;
            }
            return hop;
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
