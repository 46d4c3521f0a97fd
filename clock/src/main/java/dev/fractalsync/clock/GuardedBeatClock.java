package dev.fractalsync.clock;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderContext;

/**
 * The beat clock the host publishes: the beat provider behind its {@link GuardedProvider}, held to {@link
 * BeatCoherence}, one state per hop. A hop whose call fails carries the last state forward at its tempo; an
 * incoherent clock is replaced by the fallback at once, and beats a flurry declared faster than the fastest tempo are
 * held back ({@link BeatCoherence#heldBack()}). The published {@code beatCount} never decreases, and when the
 * fallback takes over mid-stream it goes on from where it was (no jump back, no jump by the fallback's own count).
 * The slow clock uses it, and so do the commands that run a beat provider alone ({@link #asProvider()}).
 */
public final class GuardedBeatClock implements AutoCloseable {
    private final GuardedProvider<BeatClockProvider> guard;
    private final BeatCoherence coherence;
    private BeatClockProvider countedProvider;
    private boolean anchorPending;
    private long countOffset;
    private long publishedCount;
    private long states;
    private BeatClockState lastBeat;
    private TempoLevel level = TempoLevel.AUTO;
    private TempoLevel.Map levelMap = level.map();
    /** At {@link TempoLevel#AUTO}: whether half time is published now, on the provider's suggestion. */
    private volatile boolean autoHalf;
    private final java.util.concurrent.atomic.AtomicReference<TempoLevel> requestedLevel =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Whole beats added to the level map's count so that a switch mid-stream continues the published count. */
    private long levelCountOffset;
    private boolean levelAnchorPending;
    private long levelSwitches;
    private BeatClockState lastPublished;

    /** Release of a {@link ManualTempo}: a request that holds no tempo. */
    private static final Object RELEASE = new Object();
    private final java.util.concurrent.atomic.AtomicReference<Object> manualRequest =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile ManualTempo manual;
    /** Published position under the manual tempo: {@code manualBase + (t - anchor) / spb}; beat manualBase is a downbeat. */
    private long manualBase;
    private double manualAnchor;
    /** After a release, whole beats added to the tracker's count so the published count runs on. */
    private long releaseOffset;
    private boolean releasePending;
    private BeatClockState lastOut;
    private double lastDownbeatSec = Double.NaN;

    public GuardedBeatClock(GuardedProvider<BeatClockProvider> guard, ModelContract contract) {
        this.guard = guard;
        this.coherence = new BeatCoherence(contract);
    }

    /** Publishes the states at {@code level} from the next stream start (or now, before the first state). */
    public void setTempoLevel(TempoLevel level) {
        requestedLevel.set(null);
        this.level = level;
        this.levelMap = level.map();
        this.levelCountOffset = 0;
        this.levelAnchorPending = false;
        this.autoHalf = false;
    }

    /**
     * Switches to {@code level} from the next state on, mid-stream (any thread: the window's key). The published count
     * runs on from where it is (no beat fired by the switch itself, unless the new level's beat fell in that hop) and
     * the phase takes the new level's, so its beats land where that level puts them; the next stream keeps the level.
     */
    public void requestTempoLevel(TempoLevel level) {
        requestedLevel.set(level);
    }

    /** The level published now, or the one requested for the next state. */
    public TempoLevel tempoLevel() {
        TempoLevel r = requestedLevel.get();
        return r != null ? r : level;
    }

    /** Whether half time is published on the provider's suggestion (at {@link TempoLevel#AUTO}); any thread. */
    public boolean autoHalf() {
        return autoHalf;
    }

    /** The provider's suggestion; a provider that throws suggests nothing. */
    private static boolean suggestsHalfTime(BeatClockProvider provider, double tSec) {
        try {
            return provider.suggestsHalfTime(tSec);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** How many mid-stream switches have been applied (the slow clock restarts the beat grid on each). */
    public long levelSwitches() {
        return levelSwitches + manualSwitches;
    }

    private long manualSwitches;

    /**
     * From the next state on, publishes {@code tempo}'s grid instead of the tracker's (any thread: a tap, the page,
     * a key) until {@link #releaseTempo()}: beats at its tempo from its anchor, every fourth a downbeat, confidence 1.
     * The published count runs on from where it is, never back.
     */
    public void overrideTempo(ManualTempo tempo) {
        manualRequest.set(java.util.Objects.requireNonNull(tempo));
    }

    /** Back to the tracker's grid (at the tempo level) from the next state on; the count runs on. */
    public void releaseTempo() {
        manualRequest.set(RELEASE);
    }

    /** The tempo set by hand in effect or requested, or null when the tracker's grid is published. */
    public ManualTempo manualTempo() {
        Object r = manualRequest.get();
        return r == RELEASE ? null : r instanceof ManualTempo m ? m : manual;
    }

    public GuardedProvider<BeatClockProvider> guard() {
        return guard;
    }

    /**
     * The state of the hop ending at {@code tSec} (hops in stream order): hop {@code i} of {@code block} when it is
     * not null (from {@link GuardedProvider#submitBlock}), else a call with {@code hop}.
     */
    public BeatClockState next(double tSec, AudioHop hop, GuardedProvider.Block<BeatClockState> block, int i) {
        TempoLevel requested = requestedLevel.getAndSet(null);
        if (requested != null && requested != level) {
            level = requested;
            levelMap = requested.map();
            autoHalf = false;
            levelAnchorPending = lastPublished != null;
            levelSwitches++;
        }
        BeatClockProvider before = guard.current();
        if (before != countedProvider) {
            takeOver(before);
        }
        BeatClockState held = held(tSec);
        coherence.at(tSec);
        BeatClockState out = block != null && block.provider() == before
                ? guard.acceptCoherent(block, i, coherence, null)
                : guard.callCoherent(p -> p.process(hop), coherence, null);
        if (guard.current() != countedProvider) { // switched to the fallback during this call
            takeOver(guard.current());
        }
        BeatClockState result;
        if (out == null) {
            result = held;
        } else {
            if (anchorPending) { // a provider that took over mid-stream: its count continues the published one
                countOffset = publishedCount - out.beatCount();
                anchorPending = false;
            }
            long count = Math.max(publishedCount, countOffset + out.beatCount() - coherence.heldBack());
            result = new BeatClockState(tSec, out.spb(), out.phase(), count, out.conf(), out.downbeatProb());
        }
        publishedCount = result.beatCount();
        lastBeat = result;
        states++;
        if (level == TempoLevel.AUTO) {
            boolean half = suggestsHalfTime(guard.current(), tSec);
            if (half != autoHalf) {
                autoHalf = half;
                levelMap = (half ? TempoLevel.HALF : TempoLevel.AUTO).map();
                levelAnchorPending = lastPublished != null;
                levelSwitches++;
            }
        }
        return manualOrTracked(publish(levelMap.apply(result)));
    }

    /** The tracker's state at the tempo level, or the hand-set grid in its place. */
    private BeatClockState manualOrTracked(BeatClockState levelled) {
        double t = levelled.tSec();
        Object request = manualRequest.getAndSet(null);
        if (request instanceof ManualTempo m) {
            double anchor = m.anchorSec();
            if (Double.isNaN(anchor)) {
                anchor = !Double.isNaN(lastDownbeatSec) ? lastDownbeatSec
                        : lastOut != null ? lastOut.tSec() - lastOut.phase() * lastOut.spb() : t;
            }
            double position = lastOut == null ? 0 : lastOut.beatCount() + lastOut.phase();
            // the whole number of beats that puts the new grid at or just past the published position
            manualBase = (long) Math.ceil(position - (t - anchor) / m.spb() - 1e-9);
            manualAnchor = anchor;
            manual = m;
            manualSwitches++;
        } else if (request == RELEASE && manual != null) {
            manual = null;
            releasePending = true;
            manualSwitches++;
        }
        BeatClockState out;
        ManualTempo m = manual;
        if (m != null) {
            double position = manualBase + (t - manualAnchor) / m.spb();
            long count = (long) Math.floor(position);
            double phase = BeatClockState.wrapPhase(position - count);
            if (lastOut != null && count < lastOut.beatCount()) {
                count = lastOut.beatCount();
            }
            count = Math.max(0, count);
            double downbeat = Math.floorMod(count - manualBase, ManualTempo.BEATS_PER_BAR) == 0 ? 1.0 : 0.0;
            out = new BeatClockState(t, m.spb(), phase, count, 1.0, downbeat);
        } else {
            if (releasePending) {
                releasePending = false;
                releaseOffset = lastOut.beatCount() - levelled.beatCount();
                if (levelled.phase() < lastOut.phase()
                        && levelled.phase() * levelled.spb() < levelled.tSec() - lastOut.tSec()) {
                    releaseOffset++; // the tracker's beat fell in this hop
                }
            }
            out = levelled;
            if (releaseOffset != 0) {
                long count = levelled.beatCount() + releaseOffset;
                if (lastOut != null) {
                    count = Math.max(count, lastOut.beatCount());
                }
                out = new BeatClockState(t, levelled.spb(), levelled.phase(), Math.max(0, count), levelled.conf(),
                        levelled.downbeatProb());
            }
        }
        if ((lastOut == null || out.beatCount() != lastOut.beatCount()) && levelled.downbeatProb() != null
                && levelled.downbeatProb() >= 0.5 && m == null) {
            lastDownbeatSec = t - out.phase() * out.spb();
        }
        lastOut = out;
        return out;
    }

    private BeatClockState publish(BeatClockState mapped) {
        if (levelAnchorPending) {
            levelAnchorPending = false;
            levelCountOffset = lastPublished.beatCount() - mapped.beatCount();
            boolean newLevelBeatInThisHop = mapped.phase() < lastPublished.phase()
                    && mapped.phase() * mapped.spb() < mapped.tSec() - lastPublished.tSec();
            if (newLevelBeatInThisHop) {
                levelCountOffset++;
            }
        }
        BeatClockState out = mapped;
        if (levelCountOffset != 0) {
            long count = mapped.beatCount() + levelCountOffset;
            if (lastPublished != null) {
                count = Math.max(count, lastPublished.beatCount());
            }
            out = new BeatClockState(mapped.tSec(), mapped.spb(), mapped.phase(), count, mapped.conf(),
                    mapped.downbeatProb());
        }
        lastPublished = out;
        return out;
    }

    /**
     * {@code provider} answers from now on: from the stream's start its count is published as it is; mid-stream (the
     * fallback) its first state is the anchor, so the published count goes on from where it was, without a jump.
     */
    private void takeOver(BeatClockProvider provider) {
        countedProvider = provider;
        if (states == 0 && publishedCount == 0) {
            countOffset = 0;
            anchorPending = false;
            coherence.startStream();
        } else {
            anchorPending = true;
            coherence.startProvider();
        }
    }

    /** The last beat state carried forward to {@code tSec} at its tempo (or a neutral clock before any state). */
    private BeatClockState held(double tSec) {
        if (lastBeat == null) {
            return new BeatClockState(tSec, 0.5, BeatClockState.wrapPhase(tSec / 0.5), 0, 0.0, null);
        }
        double beats = lastBeat.phase() + (tSec - lastBeat.tSec()) / lastBeat.spb();
        long count = lastBeat.beatCount() + (long) Math.floor(beats);
        return new BeatClockState(tSec, lastBeat.spb(), BeatClockState.wrapPhase(beats), count, lastBeat.conf(),
                lastBeat.downbeatProb());
    }

    /** Back to the start of a stream: the provider is reset too (guarded). */
    public void reset() {
        guard.reset();
        countedProvider = null;
        anchorPending = false;
        countOffset = 0;
        publishedCount = 0;
        states = 0;
        lastBeat = null;
        lastPublished = null;
        TempoLevel requested = requestedLevel.getAndSet(null);
        if (requested != null) {
            level = requested;
        }
        levelMap = level.map();
        autoHalf = false;
        levelCountOffset = 0;
        levelAnchorPending = false;
        manualRequest.set(null);
        manual = null;
        releaseOffset = 0;
        releasePending = false;
        lastOut = null;
        lastDownbeatSec = Double.NaN;
    }

    @Override
    public void close() {
        guard.close();
    }

    /**
     * This clock as a provider, for the commands that drive a beat provider hop by hop themselves ({@code eval-beats},
     * {@code bench-beat}): its id and name are those of the provider answering now (the fallback's after a switch).
     */
    public BeatClockProvider asProvider() {
        return new BeatClockProvider() {
            @Override
            public String id() {
                return guard.current().id();
            }

            @Override
            public String name() {
                return guard.current().name();
            }

            @Override
            public int contractMajor() {
                return guard.current().contractMajor();
            }

            @Override
            public void open(ProviderContext context) {
                // opened already, under the watchdog
            }

            @Override
            public BeatClockState process(AudioHop hop) {
                return next(hop.tSec(), hop, null, 0);
            }

            @Override
            public void reset() {
                GuardedBeatClock.this.reset();
            }

            @Override
            public void close() {
                GuardedBeatClock.this.close();
            }
        };
    }
}
