package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.features.ChromaExtractor;
import dev.fractalsync.features.FeatureExtractor;
import dev.fractalsync.features.FrameStore;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The audio-hop clock. {@link #processHop} takes one hop of mono 48 kHz PCM and, in this order: computes the F_audio
 * frame (once), appends it to the frame store, brings the hop to the contract's input level ({@link InputLevel})
 * and runs the beat provider on it (providers receive the leveled PCM), appends the beat features, runs the
 * structure provider every {@code decimation} hops on windows of the last T_slow frames (held in between), takes
 * the held section label from the one {@link SectionDecision}, and publishes the resulting {@link SlowState} to its
 * listeners. Same input, same states: no wall-clock time or
 * randomness enters unless a provider budget is set (live mode).
 * <p>
 * The beat provider's clock is held to {@link BeatCoherence} (tempo within the contract's range, count never going
 * back nor rising faster than the fastest tempo allows): an incoherent one is replaced by the fallback at once. The
 * published {@code beatCount} never decreases, and across a switch to the fallback it goes on from where it was.
 */
public final class SlowClock implements AutoCloseable {
    private final int hop;
    private final double hopSeconds;
    private final int decimation;
    private final int tSlow;
    private final HopFrontEnd frontEnd;
    private final HopFrontEnd.PreparedHop prepared;
    private final FrameStore audioFrames;
    private final FrameStore beatFrames;
    private final FrameStore pitchFrames;
    private final FeatureWindow audioWindow;
    private final FeatureWindow beatWindow;
    private final FeatureWindow pitchWindow;
    private final GuardedProvider<BeatClockProvider> beat;
    private final GuardedBeatClock beatClock;
    private final GuardedProvider<StructureProvider> structure;
    private final float[] leveledBuffer;
    private final AudioHop audioHop;
    private final float[] beatRow = new float[BeatFeatures.SIZE];
    private final List<Consumer<SlowState>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BeatGrid>> gridListeners = new CopyOnWriteArrayList<>();
    private final BeatAligner aligner;
    private final SectionDecision sections;

    private long hopIndex;
    /** The hop whose state is the first at a level switched to mid-stream: the grid restarts there. */
    private long gridRestartHop = -1;
    private StructureState lastStructure = StructureState.neutral();
    private SlowState latest;

    public SlowClock(ModelContract contract, GuardedProvider<BeatClockProvider> beat,
                     GuardedProvider<StructureProvider> structure, int decimation) {
        if (!contract.decimations().contains(decimation)) {
            throw new IllegalArgumentException("decimation " + decimation + " is not allowed by the contract "
                    + contract.decimations());
        }
        this.hop = contract.hop();
        this.hopSeconds = contract.hopSeconds();
        this.decimation = decimation;
        this.frontEnd = new HopFrontEnd(contract);
        this.prepared = new HopFrontEnd.PreparedHop(hop);
        this.tSlow = contract.tSlow();
        // room for a block's windows behind the newest frame (processPreparedBlock)
        this.audioFrames = new FrameStore(tSlow + OfflinePipeline.BLOCK_HOPS, FeatureExtractor.FEATURE_COUNT);
        this.beatFrames = new FrameStore(tSlow + OfflinePipeline.BLOCK_HOPS, BeatFeatures.SIZE);
        this.pitchFrames = new FrameStore(tSlow + OfflinePipeline.BLOCK_HOPS, ChromaExtractor.PITCH_CLASSES);
        this.audioWindow = audioFrames.window(contract.tSlow());
        this.beatWindow = beatFrames.window(contract.tSlow());
        this.pitchWindow = pitchFrames.window(contract.tSlow());
        this.beat = beat;
        this.structure = structure;
        frontEnd.computePitch(readsPitch(structure.current()));
        this.leveledBuffer = new float[hop];
        this.audioHop = new AudioHop(leveledBuffer);
        this.aligner = new BeatAligner(contract.sampleRate(), 1.0);
        this.sections = new SectionDecision(hopSeconds);
        this.beatClock = new GuardedBeatClock(beat, contract);
    }

    /** Whether {@code provider} reads the pitch window; a plugin that cannot say gets it. */
    private static boolean readsPitch(StructureProvider provider) {
        try {
            return provider.readsPitch();
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /** Publishes beats at {@code level} (half or double the tracker's tempo, or as tracked); set before the stream. */
    public void setTempoLevel(TempoLevel level) {
        beatClock.setTempoLevel(level);
    }

    /**
     * Switches the published level from the next hop on while the stream runs (any thread; the window's T key): the
     * beat count runs on, the phase takes the new level's, and the onset-aligned grid starts again from the new
     * level's beats (the fast clock predicts from the states until three of them agree).
     */
    public void requestTempoLevel(TempoLevel level) {
        beatClock.requestTempoLevel(level);
    }

    /** The level published now (or requested for the next hop). */
    public TempoLevel tempoLevel() {
        return beatClock.tempoLevel();
    }

    /** Whether half time is published now at {@link TempoLevel#AUTO}, on the beat provider's suggestion. Any thread. */
    public boolean autoHalfTime() {
        return beatClock.autoHalf();
    }

    /** Publishes {@code tempo}'s grid from the next hop on, until released (any thread; see GuardedBeatClock). */
    public void overrideTempo(ManualTempo tempo) {
        beatClock.overrideTempo(tempo);
    }

    /** Back to the tracker's grid from the next hop on (any thread). */
    public void releaseTempo() {
        beatClock.releaseTempo();
    }

    /** The hand-set tempo in effect or requested, or null. */
    public ManualTempo manualTempo() {
        return beatClock.manualTempo();
    }

    /**
     * A manual cue, "next section now" (any thread): at the next hop the held section moves on to the label the
     * provider ranks next, and holds it for a bar like any change; every consumer of the held label follows.
     */
    public void requestCue() {
        cueRequested.set(true);
    }

    private final java.util.concurrent.atomic.AtomicBoolean cueRequested = new java.util.concurrent.atomic.AtomicBoolean();

    public void addListener(Consumer<SlowState> listener) {
        listeners.add(listener);
    }

    /**
     * Called (before the state listeners of the same hop) whenever the onset-aligned beat grid changes; null means
     * no grid (fewer than three consistent beats): predict from the states alone.
     */
    public void addGridListener(Consumer<BeatGrid> listener) {
        gridListeners.add(listener);
    }

    /** Processes one hop of exactly {@code hop} samples and returns (and publishes) the new state. */
    public SlowState processHop(float[] samples) {
        frontEnd.prepare(samples, prepared);
        return processPrepared(prepared);
    }

    /**
     * The clock's front end; {@link #processPrepared} takes what it produced. Offline, {@link OfflinePipeline} runs
     * it on its own thread, ahead of the providers.
     */
    public HopFrontEnd frontEnd() {
        return frontEnd;
    }

    /**
     * Runs the providers on a hop that went through {@link #frontEnd()} (hops in order, none skipped) and returns
     * (and publishes) the new state: the same state {@link #processHop} returns for that hop.
     */
    public SlowState processPrepared(HopFrontEnd.PreparedHop hopData) {
        return processPrepared(hopData, null, 0);
    }

    /**
     * Offline: hands the beat provider {@code count} prepared hops (the next ones after those already handed over or
     * published) in one block on its thread and returns at once, so that it works on them while the caller
     * publishes earlier hops; null when the provider takes hops one at a time now (a budget, or given up on).
     * Publish them with {@link #processPrepared(HopFrontEnd.PreparedHop, GuardedProvider.Block, int)}.
     */
    public GuardedProvider.Block<BeatClockState> startBeats(HopFrontEnd.PreparedHop[] hops, int count) {
        if (!beat.acceptsBlocks()) {
            return null;
        }
        AudioHop[] views = new AudioHop[count];
        for (int i = 0; i < count; i++) {
            views[i] = hops[i].view;
        }
        return beat.submitBlock(count, (p, out) -> p.processBlock(views, count, out), new BeatClockState[count]);
    }

    /**
     * Offline: publishes {@code count} prepared hops (at most {@link OfflinePipeline#BLOCK_HOPS}) with the beat block
     * from {@link #startBeats} (or null), handing the structure provider all of the block's inputs in one call; calls
     * {@code afterHop} with the hop's position in the block after each hop is published. Publishes exactly what
     * {@link #processPrepared(HopFrontEnd.PreparedHop)} publishes for each hop in turn.
     */
    public void processPreparedBlock(HopFrontEnd.PreparedHop[] hops, int count,
                                     GuardedProvider.Block<BeatClockState> beats, java.util.function.IntConsumer afterHop) {
        if (count > OfflinePipeline.BLOCK_HOPS) {
            throw new IllegalArgumentException("a block has at most " + OfflinePipeline.BLOCK_HOPS + " hops, got " + count);
        }
        if (!structure.acceptsBlocks()) {
            for (int i = 0; i < count; i++) {
                processPrepared(hops[i], beats, i);
                afterHop.accept(i);
            }
            return;
        }
        // beats and feature windows of every hop first: the structure provider needs nothing else
        BeatClockState[] beatStates = new BeatClockState[count];
        StructureInput[] inputs = new StructureInput[count];
        int inputCount = 0;
        for (int i = 0; i < count; i++) {
            long index = hopIndex + i;
            double tSec = (index + 1) * hopSeconds;
            audioFrames.append(hops[i].frame);
            pitchFrames.append(hops[i].pitch);
            System.arraycopy(hops[i].leveled, 0, leveledBuffer, 0, hop);
            audioHop.advance(index, tSec);
            BeatClockState b = nextBeat(tSec, beats, i);
            beatStates[i] = b;
            BeatFeatures.write(b, beatRow, 0);
            beatFrames.append(beatRow);
            if (index % decimation == 0) {
                inputs[inputCount++] = new StructureInput(index, tSec,
                        audioFrames.windowEndingAt(audioFrames.count(), tSlow),
                        beatFrames.windowEndingAt(beatFrames.count(), tSlow), b,
                        pitchFrames.windowEndingAt(pitchFrames.count(), tSlow));
            }
        }
        int n = inputCount;
        GuardedProvider.Block<StructureState> estimates = n == 0 ? null
                : structure.submitBlock(n, (p, out) -> p.processBlock(inputs, n, out), new StructureState[n]);
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (hopIndex % decimation == 0) {
                StructureInput input = inputs[j];
                lastStructure = estimates.provider() == structure.current()
                        ? structure.accept(estimates, j, s -> true, lastStructure)
                        : structure.call(p -> p.process(input), s -> true, lastStructure);
                j++;
            }
            publish(state(beatStates[i], hops[i].frame), hops[i].leveled);
            afterHop.accept(i);
        }
    }

    /** Waits for a block from {@link #startBeats} whose hops will not be published (the run stopped). */
    public void abandonBeats(GuardedProvider.Block<BeatClockState> block) {
        if (block != null) {
            beat.await(block);
        }
    }

    /**
     * {@link #processPrepared(HopFrontEnd.PreparedHop)} for hop {@code i} of {@code block} (from {@link #startBeats};
     * null: call the beat provider for this hop now). The published state is the same either way.
     */
    public SlowState processPrepared(HopFrontEnd.PreparedHop hopData, GuardedProvider.Block<BeatClockState> block, int i) {
        float[] frame = hopData.frame;
        System.arraycopy(hopData.leveled, 0, leveledBuffer, 0, hop);
        audioFrames.append(frame);
        pitchFrames.append(hopData.pitch);

        double tSec = (hopIndex + 1) * hopSeconds;
        audioHop.advance(hopIndex, tSec);
        BeatClockState b = nextBeat(tSec, block, i);
        BeatFeatures.write(b, beatRow, 0);
        beatFrames.append(beatRow);

        if (hopIndex % decimation == 0) {
            StructureInput input = new StructureInput(hopIndex, tSec, audioWindow, beatWindow, b, pitchWindow);
            lastStructure = structure.call(p -> p.process(input), s -> true, lastStructure);
        }
        SlowState state = state(b, frame);
        publish(state, leveledBuffer);
        return state;
    }

    /** The state of the current hop: the one place the held section is decided. */
    private SlowState state(BeatClockState b, float[] frame) {
        if (cueRequested.getAndSet(false)) {
            sections.cue();
        }
        return new SlowState(hopIndex, b, lastStructure, sections.accept(b, lastStructure), frame);
    }

    private void publish(SlowState state, float[] leveled) {
        latest = state;
        hopIndex++;
        if (state.hopIndex() == gridRestartHop) {
            // the old grid's beats are at the old level's spacing and numbering
            aligner.restartGrid();
            for (Consumer<BeatGrid> l : gridListeners) {
                l.accept(null);
            }
        }
        if (aligner.accept(leveled, state.beat())) {
            BeatGrid g = aligner.grid();
            for (Consumer<BeatGrid> l : gridListeners) {
                l.accept(g);
            }
        }
        for (Consumer<SlowState> l : listeners) {
            l.accept(state);
        }
    }

    private BeatClockState nextBeat(double tSec, GuardedProvider.Block<BeatClockState> block, int i) {
        long switches = beatClock.levelSwitches();
        BeatClockState b = beatClock.next(tSec, audioHop, block, i);
        if (beatClock.levelSwitches() != switches) {
            gridRestartHop = audioHop.index();
        }
        return b;
    }

    /**
     * Runs {@code hops} hops of quiet noise through features and providers without deadlines and without
     * publishing, then resets everything: the JIT compiles the hot paths before a live stream starts, so the first
     * real hops do not overrun their budget.
     */
    public void warmUp(int hops) {
        List<Consumer<SlowState>> saved = List.copyOf(listeners);
        List<Consumer<BeatGrid>> savedGrid = List.copyOf(gridListeners);
        listeners.clear();
        gridListeners.clear();
        long beatBudget = beat.budgetNanos();
        long structureBudget = structure.budgetNanos();
        beat.setBudgetNanos(0);
        structure.setBudgetNanos(0);
        java.util.SplittableRandom noise = new java.util.SplittableRandom(1);
        float[] h = new float[hop];
        try {
            for (int i = 0; i < hops; i++) {
                for (int k = 0; k < hop; k++) {
                    h[k] = (float) (0.1 * (noise.nextDouble() * 2 - 1));
                }
                processHop(h);
            }
        } finally {
            reset();
            beat.clearFailures();
            structure.clearFailures();
            beat.setBudgetNanos(beatBudget);
            structure.setBudgetNanos(structureBudget);
            listeners.addAll(saved);
            gridListeners.addAll(savedGrid);
        }
    }

    /** The most recent state, or null before the first hop. */
    public SlowState latest() {
        return latest;
    }

    public long hopsProcessed() {
        return hopIndex;
    }

    /** Samples that were NaN/Inf and replaced by 0. */
    public long sanitizedSamples() {
        return frontEnd.sanitizedSamples();
    }

    public GuardedProvider<BeatClockProvider> beatGuard() {
        return beat;
    }

    public GuardedProvider<StructureProvider> structureGuard() {
        return structure;
    }

    /** A status line for HUDs: empty while every provider is healthy. */
    public String status() {
        String b = beat.status();
        String s = structure.status();
        return b.isEmpty() ? s : s.isEmpty() ? b : b + "; " + s;
    }

    /** Back to the start of a new stream (providers reset too). */
    public void reset() {
        frontEnd.reset();
        audioFrames.reset();
        beatFrames.reset();
        pitchFrames.reset();
        beatClock.reset(); // resets the beat provider
        structure.reset();
        hopIndex = 0;
        aligner.reset();
        gridRestartHop = -1;
        sections.reset();
        lastStructure = StructureState.neutral();
        latest = null;
    }

    @Override
    public void close() {
        beat.close();
        structure.close();
    }
}
