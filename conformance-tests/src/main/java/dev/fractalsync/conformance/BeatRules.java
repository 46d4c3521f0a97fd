package dev.fractalsync.conformance;

import dev.fractalsync.api.AudioHop;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.BeatClockProvider;
import dev.fractalsync.api.spi.ProviderKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Beat clock providers get every hop of every signal as an {@link AudioHop} stamped with the hop's end time. */
final class BeatRules extends KindRules<BeatClockProvider, BeatClockState>
        implements KindRules.BlockRules<BeatClockProvider, BeatClockState> {
    static final String STATE_RANGES = "beat-state-ranges";
    static final String TEMPO_RANGE = "tempo-range";
    static final String BEAT_COUNT = "beat-count-monotonic";
    static final String TIME_STAMP = "time-stamp";
    static final String COHERENT = "beat-clock-coherent";
    /** A hop's clock may deviate this many beats from what the previous tempo predicts (a tracker re-locking). */
    static final double JUMP_BEATS = 0.5;
    /** ... in at most this share of the hops; */
    static final double MAX_JUMP_SHARE = 0.05;
    /** ... and never by more than this many beats in one hop. */
    static final double MAX_JUMP_BEATS = 2.0;
    /** A block output's t_sec may differ from the per-hop one by this much (both are the hop's end time). */
    static final double BLOCK_TIME_TOLERANCE = 1e-9;

    private final ModelContract contract;
    private final List<Signal> signals;
    private double minSeenBpm = Double.POSITIVE_INFINITY;
    private double maxSeenBpm = Double.NEGATIVE_INFINITY;
    private BeatClockState lastOut;
    private double lastT;
    private long pairs;
    private long jumps;
    private double worstJump;
    private String worstWhere;

    BeatRules(ModelContract contract, List<Signal> signals) {
        this.contract = contract;
        this.signals = signals;
    }

    @Override
    ProviderKind kind() {
        return ProviderKind.BEAT;
    }

    @Override
    Class<BeatClockProvider> type() {
        return BeatClockProvider.class;
    }

    @Override
    List<Feed<BeatClockProvider, BeatClockState>> feeds() {
        List<Feed<BeatClockProvider, BeatClockState>> feeds = new ArrayList<>();
        for (Signal s : signals) {
            feeds.add(new HopFeed(s, contract.hop(), contract.hopSeconds(), 0));
        }
        return feeds;
    }

    @Override
    List<OutputCheck> outputChecks() {
        return List.of(
                new OutputCheck(STATE_RANGES, "phase in [0,1), spb finite and > 0, conf in [0,1], downbeat_prob null or in [0,1]",
                        "wrap the phase with BeatClockState.wrapPhase and clamp confidences", Verdict.FAIL),
                new OutputCheck(TEMPO_RANGE, String.format(Locale.ROOT, "tempo 60/spb within the contract range [%.0f, %.0f] BPM",
                        contract.minBpm(), contract.maxBpm()),
                        "clamp the tempo estimate into tempo_range_bpm, also on silence and noise", Verdict.FAIL),
                new OutputCheck(BEAT_COUNT, "beat_count never decreases within a stream",
                        "keep a running count and only ever add to it until reset()", Verdict.FAIL),
                new OutputCheck(COHERENT, String.format(Locale.ROOT, "phase, tempo and beat_count agree from hop to hop: the "
                        + "clock advances by elapsed/spb beats (count up by one at each phase wrap), off by more than %.1f "
                        + "beat in at most %.0f%% of the hops and never by more than %.0f beats", JUMP_BEATS,
                        MAX_JUMP_SHARE * 100, MAX_JUMP_BEATS),
                        "derive the phase from the same beat grid as the count: increment beat_count exactly when the "
                                + "phase wraps, and advance the phase by elapsed/spb between beats", Verdict.FAIL),
                new OutputCheck(TIME_STAMP, "t_sec equals the hop's end time (hop.tSec())",
                        "return the clock at hop.tSec(); the host re-stamps it, but other tools read it", Verdict.WARN));
    }

    @Override
    void inspect(BeatClockState out, BeatClockState previous, double tSec, String where, Violations v) {
        if (!(out.phase() >= 0 && out.phase() < 1) || !(Double.isFinite(out.spb()) && out.spb() > 0)
                || !(out.conf() >= 0 && out.conf() <= 1)
                || (out.downbeatProb() != null && !(out.downbeatProb() >= 0 && out.downbeatProb() <= 1))) {
            v.add(STATE_RANGES, where + ": " + out);
        }
        double bpm = 60.0 / out.spb();
        minSeenBpm = Math.min(minSeenBpm, bpm);
        maxSeenBpm = Math.max(maxSeenBpm, bpm);
        if (!(bpm >= contract.minBpm() && bpm <= contract.maxBpm())) {
            v.add(TEMPO_RANGE, String.format(Locale.ROOT, "%s: tempo %.2f BPM (spb %.4f s)", where, bpm, out.spb()));
        }
        if (previous != null && out.beatCount() < previous.beatCount()) {
            v.add(BEAT_COUNT, where + ": beat_count " + out.beatCount() + " after " + previous.beatCount());
        }
        if (Math.abs(out.tSec() - tSec) > 1e-6) {
            v.add(TIME_STAMP, String.format(Locale.ROOT, "%s: t_sec %.6f", where, out.tSec()));
        }
        if (previous != null && previous == lastOut) {
            coherence(previous, out, tSec - lastT, where, v);
        }
        lastOut = out;
        lastT = tSec;
    }

    /**
     * Between two outputs {@code dt} seconds apart the clock (count + phase, in beats) must advance by about dt/spb;
     * a count that jumps, or a phase that moves at random, cannot.
     */
    private void coherence(BeatClockState before, BeatClockState after, double dt, String where, Violations v) {
        if (!(before.spb() > 0 && after.spb() > 0) || !Double.isFinite(before.phase()) || !Double.isFinite(after.phase())) {
            return; // beat-state-ranges reports these
        }
        double expected = dt * 0.5 * (1 / before.spb() + 1 / after.spb());
        double observed = (after.beatCount() - before.beatCount()) + (after.phase() - before.phase());
        double deviation = Math.abs(observed - expected);
        pairs++;
        if (deviation > JUMP_BEATS) {
            jumps++;
        }
        if (deviation > worstJump) {
            worstJump = deviation;
            worstWhere = String.format(Locale.ROOT, "%s: count %d→%d, phase %.3f→%.3f at %.1f BPM advance %.3f beats, "
                            + "expected %.3f", where, before.beatCount(), after.beatCount(), before.phase(), after.phase(),
                    60 / before.spb(), observed, expected);
        }
        if (deviation > MAX_JUMP_BEATS) {
            v.add(COHERENT, worstWhere.equals("") ? where : String.format(Locale.ROOT, "%s: count %d→%d, phase %.3f→%.3f "
                            + "advances %.3f beats where the tempo predicts %.3f", where, before.beatCount(),
                    after.beatCount(), before.phase(), after.phase(), observed, expected));
        }
    }

    @Override
    String finish(String check) {
        if (check.equals(COHERENT) && pairs > 0 && jumps > MAX_JUMP_SHARE * pairs) {
            return String.format(Locale.ROOT, "%d of %d hops (%.1f%%) deviate by more than %.1f beat; worst %s", jumps,
                    pairs, 100.0 * jumps / pairs, JUMP_BEATS, worstWhere);
        }
        return null;
    }

    @Override
    String checkForField(String field) {
        return switch (field) {
            case "phase", "spb", "conf", "downbeat_prob", "t_sec" -> STATE_RANGES;
            case "beat_count" -> BEAT_COUNT;
            default -> null;
        };
    }

    @Override
    Optional<BlockRules<BeatClockProvider, BeatClockState>> blockRules() {
        return Optional.of(this);
    }

    @Override
    public BlockFeed<BeatClockProvider, BeatClockState> blockFeed(int maxBlock) {
        return new HopFeed(signals.get(0), contract.hop(), contract.hopSeconds(), maxBlock);
    }

    @Override
    public String blockExpectation() {
        return String.format(Locale.ROOT, "processBlock in blocks of varying size returns what process returns hop by hop: "
                + "the same beat_count, t_sec within %.0e, spb, phase, conf and downbeat_prob within %.0e (null stays null)",
                BLOCK_TIME_TOLERANCE, BLOCK_TOLERANCE);
    }

    @Override
    public String blockDifference(BeatClockState stream, BeatClockState block) {
        if (stream.beatCount() != block.beatCount()) {
            return "beat_count: process gave " + stream.beatCount() + ", processBlock gave " + block.beatCount();
        }
        String d = differs("t_sec", stream.tSec(), block.tSec(), BLOCK_TIME_TOLERANCE);
        d = d != null ? d : differs("spb", stream.spb(), block.spb(), BLOCK_TOLERANCE);
        d = d != null ? d : differs("phase", stream.phase(), block.phase(), BLOCK_TOLERANCE);
        d = d != null ? d : differs("conf", stream.conf(), block.conf(), BLOCK_TOLERANCE);
        if (d != null) {
            return d;
        }
        Double a = stream.downbeatProb();
        Double b = block.downbeatProb();
        if (a == null || b == null) {
            return a == b ? null : "downbeat_prob: process gave " + a + ", processBlock gave " + b;
        }
        return differs("downbeat_prob", a, b, BLOCK_TOLERANCE);
    }

    /** {@code field: process gave X, processBlock gave Y} when X and Y are further apart than {@code tolerance}. */
    static String differs(String field, double stream, double block, double tolerance) {
        return Math.abs(stream - block) <= tolerance ? null : String.format(Locale.ROOT,
                "%s: process gave %.9g, processBlock gave %.9g", field, stream, block);
    }

    @Override
    String passSummary(String check) {
        if (check.equals(TEMPO_RANGE) && minSeenBpm <= maxSeenBpm) {
            return String.format(Locale.ROOT, "; tempo seen %.1f–%.1f BPM", minSeenBpm, maxSeenBpm);
        }
        if (check.equals(COHERENT) && pairs > 0) {
            return String.format(Locale.ROOT, "; %d of %d hops (%.2f%%) off by more than %.1f beat, worst %.3f beats",
                    jumps, pairs, 100.0 * jumps / pairs, JUMP_BEATS, worstJump);
        }
        return "";
    }

    /**
     * Hops of one signal, through one reused buffer as the host does it (zero-padded last hop); in blocks, one buffer
     * per hop of the block, reused from block to block.
     */
    private final class HopFeed implements BlockFeed<BeatClockProvider, BeatClockState> {
        private final Signal signal;
        private final int hop;
        private final double hopSeconds;
        private final float[] buffer;
        private final AudioHop audioHop;
        private final float[][] blockBuffers;
        private final AudioHop[] blockHops;

        /** {@code maxBlock}: the largest block {@link #stepBlock} gets (0: fed hop by hop only). */
        HopFeed(Signal signal, int hop, double hopSeconds, int maxBlock) {
            this.signal = signal;
            this.hop = hop;
            this.hopSeconds = hopSeconds;
            this.buffer = new float[hop];
            this.audioHop = new AudioHop(buffer);
            this.blockBuffers = new float[maxBlock][hop];
            this.blockHops = new AudioHop[maxBlock];
            for (int i = 0; i < maxBlock; i++) {
                blockHops[i] = new AudioHop(blockBuffers[i]);
            }
        }

        @Override
        public String signal() {
            return signal.name();
        }

        @Override
        public int length() {
            return signal.hops();
        }

        @Override
        public BeatClockState step(BeatClockProvider provider, int step) {
            HopCutter.copyHop(signal.samples(), step, hop, buffer);
            double end = (step + 1) * hopSeconds;
            audioHop.advance(step, end);
            return provider.process(audioHop);
        }

        @Override
        public List<BeatClockState> stepBlock(BeatClockProvider provider, int first, int count) {
            // the arrays keep maxBlock slots whatever the count (the contract's count, not their length, says how many)
            for (int i = 0; i < count; i++) {
                int step = first + i;
                HopCutter.copyHop(signal.samples(), step, hop, blockBuffers[i]);
                blockHops[i].advance(step, tSec(step));
            }
            BeatClockState[] out = new BeatClockState[blockHops.length];
            provider.processBlock(blockHops, count, out);
            return Arrays.asList(out).subList(0, count);
        }

        @Override
        public double tSec(int step) {
            return (step + 1) * hopSeconds;
        }

        @Override
        public String where(int step) {
            return String.format(Locale.ROOT, "%s hop %d (t=%.3f s)", signal.name(), step, (step + 1) * hopSeconds);
        }
    }
}
