package dev.fractalsync.clock;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.BeatEventDetector;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;

/**
 * The engine's one section decision: turns the stream of structure probabilities and beat states into the held
 * section label that every slow state carries ({@link dev.fractalsync.api.SlowState#section()}). Section-change
 * events, the {@code .lab} of {@code analyze --sections}, the bus and OSC section messages and the labels on rendered
 * frames all read that label; none decides on its own.
 * <p>
 * The rule, once per hop:
 * <ol>
 *   <li>average the section probabilities over the last {@value #WINDOW_BARS} of a bar (a boxcar over the hops of
 *       one beat in 4/4);</li>
 *   <li>the label with the largest average takes over from the held one when both hold: the held label has been
 *       held for at least one bar, and the newcomer's average exceeds the held label's by at least
 *       {@value #MARGIN}.</li>
 * </ol>
 * A bar is {@code beatsPerBar * spb} of the newest beat state; beats per bar is the meter shown by the tracker's
 * downbeats (beats from one downbeat to the next, {@value #MIN_METER}..{@value #MAX_METER}), {@value #DEFAULT_METER}
 * until the first two downbeats (or without downbeat estimates). The first state takes its most probable label.
 * The change takes effect at the hop that decides it; it is not dated back, so what a live display shows at time
 * {@code t} and what the {@code .lab} says at {@code t} are the same label.
 * <p>
 * Why averaging (over a bar until 2026-12-07, a beat since: see {@link #WINDOW_BARS}) and not a label that must lead
 * without a break: the provider's arg-max flickers between
 * close labels within a section (a pre-chorus whose probability leads most of the time but not for two seconds in a
 * row), and a rule that restarts its clock at every flicker keeps the stale label (the .lab's former 2-second rule
 * never showed the pre-chorus of demo seed 5). On six generated songs (demo seeds 1-6, default providers) this rule
 * labelled far more hops correctly than that one, a little more than the raw per-hop arg-max, and placed boundaries
 * better, with a few more sections than the songs have (measurements: docs/models.md#tuning-record). The price of
 * not dating changes back: a change comes about
 * (1 + {@value #MARGIN}) / 2 of the window after the music changed.
 * Not thread-safe: the slow clock's thread only.
 */
public final class SectionDecision {
    /**
     * Hysteresis: how much more bar-averaged probability a newcomer needs than the held label. A switch commits every
     * consumer to the new label for at least a bar (the lights, the OSC receivers, the .lab), so it must pay for
     * itself within that bar: over the bar the share of hops labelled wrongly is expected to fall from
     * {@code 1 - p_held} to {@code 1 - p_new}, and we count a boundary that was not one as costing a quarter of a bar
     * (one beat of 4/4) of wrong labels, hence switch when {@code p_new - p_held >= 0.25}. The same rule with 0.1
     * gave many more sections than there are on the songs above, 0.3 began to miss short ones.
     */
    public static final double MARGIN = 0.25;
    /**
     * The averaging window, in bars. Chosen on the training side's held-out tracks (40 Billboard renders, ten per
     * band/piano/acoustic/electronic family, never trained on by the shipped model), through {@code eval-structure}:
     * every window shorter than a bar held the right section more often and found more boundaries (more recall for a
     * little less precision); a quarter gave the best accuracy, an eighth no better, and no margin from 0.1 to
     * 0.35 did better at any window. The provider's own arg-max still scores a little higher: the bar-long boxcar
     * cost more than it saved, because the hold of one bar already stops the flicker it was there to stop
     * (measurements: docs/models.md#tuning-record).
     */
    public static final double WINDOW_BARS = 0.25;
    public static final int DEFAULT_METER = 4;
    public static final int MIN_METER = 2;
    public static final int MAX_METER = 12;
    /** Running sums are recomputed from the window this often (hops), so rounding cannot accumulate. */
    private static final int RESUM_HOPS = 4096;

    private final double hopSeconds;
    private final BeatEventDetector beats;
    private final double[] sums = new double[SectionLabel.COUNT];
    // the window: probabilities and times of the hops of the last bar, as a ring
    private double[][] window = new double[256][];
    private double[] times = new double[256];
    private int head;
    private int size;
    private long sinceResum;

    private int meter;
    private int barPosition;
    private SectionLabel held;
    private double heldSince;
    private boolean cued;

    public SectionDecision(double hopSeconds) {
        if (!(hopSeconds > 0)) {
            throw new IllegalArgumentException("hop duration must be > 0, got " + hopSeconds);
        }
        this.hopSeconds = hopSeconds;
        this.beats = new BeatEventDetector(hopSeconds);
        reset();
    }

    /** Takes the next hop's beat and structure states and returns the held label for it. */
    public SectionLabel accept(BeatClockState beat, StructureState structure) {
        double t = beat.tSec();
        beats.accept(beat, this::learnMeter);
        double bar = barSeconds(beat.spb());
        add(t, structure);
        // the hops of the window: (t - window, t]; always at least this hop
        while (size > 1 && times[head] <= t - WINDOW_BARS * bar) {
            evict();
        }
        int best = 0;
        for (int i = 1; i < SectionLabel.COUNT; i++) {
            if (sums[i] > sums[best]) {
                best = i;
            }
        }
        SectionLabel leader = SectionLabel.ofIndex(best);
        if (cued && held != null) {
            cued = false;
            int next = -1;
            for (int i = 0; i < SectionLabel.COUNT; i++) {
                if (i != held.ordinal() && (next < 0 || sums[i] > sums[next])) {
                    next = i;
                }
            }
            held = SectionLabel.ofIndex(next);
            heldSince = t;
            return held;
        }
        cued = false;
        if (held == null) {
            held = leader;
            heldSince = t;
        } else if (leader != held && t - heldSince >= bar - hopSeconds / 2
                && (sums[best] - sums[held.ordinal()]) / size >= MARGIN) {
            held = leader;
            heldSince = t;
        }
        return held;
    }

    /**
     * A manual cue: at the next {@link #accept} the held label gives way to the one with the largest average other
     * than itself, whatever the margin and however long it has been held; the new label then holds for a bar.
     */
    public void cue() {
        cued = true;
    }

    /** The label held now (null before the first state). */
    public SectionLabel held() {
        return held;
    }

    /** Beats per bar in use: the learned meter, or {@value #DEFAULT_METER}. */
    public int beatsPerBar() {
        return meter > 0 ? meter : DEFAULT_METER;
    }

    /** One bar at {@code spb} seconds per beat. */
    public double barSeconds(double spb) {
        return beatsPerBar() * spb;
    }

    private void learnMeter(BeatEvent e) {
        if (e.downbeat() && barPosition >= MIN_METER && barPosition <= MAX_METER) {
            meter = barPosition;
        }
        barPosition = e.barPosition();
    }

    private void add(double t, StructureState s) {
        if (size == window.length) {
            grow();
        }
        int slot = (head + size) % window.length;
        double[] p = window[slot];
        if (p == null) {
            p = window[slot] = new double[SectionLabel.COUNT];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = s.sectionProb(i);
            sums[i] += p[i];
        }
        times[slot] = t;
        size++;
        if (++sinceResum >= RESUM_HOPS) {
            resum();
        }
    }

    private void evict() {
        double[] p = window[head];
        for (int i = 0; i < p.length; i++) {
            sums[i] -= p[i];
        }
        head = (head + 1) % window.length;
        size--;
    }

    private void resum() {
        java.util.Arrays.fill(sums, 0);
        for (int k = 0; k < size; k++) {
            double[] p = window[(head + k) % window.length];
            for (int i = 0; i < p.length; i++) {
                sums[i] += p[i];
            }
        }
        sinceResum = 0;
    }

    private void grow() {
        double[][] w = new double[window.length * 2][];
        double[] t = new double[times.length * 2];
        for (int k = 0; k < size; k++) {
            w[k] = window[(head + k) % window.length];
            t[k] = times[(head + k) % window.length];
        }
        window = w;
        times = t;
        head = 0;
    }

    /** Forgets the stream. */
    public void reset() {
        beats.reset();
        java.util.Arrays.fill(sums, 0);
        head = 0;
        size = 0;
        sinceResum = 0;
        meter = 0;
        barPosition = 0;
        held = null;
        heldSince = 0;
    }
}
