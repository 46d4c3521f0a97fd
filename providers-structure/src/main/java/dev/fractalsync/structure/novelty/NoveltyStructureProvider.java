package dev.fractalsync.structure.novelty;

import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureInput;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.api.spi.ProviderException;
import dev.fractalsync.api.spi.StructureProvider;
import dev.fractalsync.structure.anticipator.MonotoneHazard;

import java.util.Arrays;

/**
 * Model-free structure baseline.
 * <p>
 * Boundaries: the audio window is cut into blocks of {@value #BLOCK} frames; at the position {@code lag} frames
 * before the newest frame a two-sided novelty is measured — the squared distance between the mean feature vectors of
 * the {@code lag} frames before and after it, divided by their spread (a Foote checkerboard kernel reduced to block
 * means, cheap enough for every step). A local maximum of that novelty over successive steps that clears an
 * adaptive threshold (running mean + {@code k}·std of past novelty) and lies at least {@code min-beats} after the
 * previous one is a detected boundary, found {@code lag} frames late.
 * <p>
 * Hazard: beats since the last detected boundary (from the current seconds-per-beat) against a typical section
 * length in beats — the median of the section lengths detected so far, {@code section-beats} until two are known.
 * The remaining beats {@code r} give {@code hazard[h] = sigmoid((h - r) / spread)}, non-decreasing in {@code h};
 * past the typical length the expectation wraps to the next multiple (sections repeat their length).
 * <p>
 * Labels: energy heuristics on {@code rms_db} and the mel bands relative to the song so far: near-silence, intro
 * before the first boundary, chorus for loud sections, verse for average ones, pre-chorus for rising energy,
 * inst/bridge for quieter late sections, outro for falling energy after many sections.
 * <p>
 * Options: {@code section-beats} (default 32), {@code min-beats} (default 8), {@code threshold-k} (default 1.5).
 */
public final class NoveltyStructureProvider implements StructureProvider {
    public static final String ID = "novelty";
    static final int BLOCK = 8;
    /** Frames on each side of the novelty position (so a boundary is confirmed this many frames late). */
    static final int LAG = 64;
    private static final int RMS = 16;
    private static final int BANDS = 16;
    private static final int HISTORY = 64;

    private double defaultSectionBeats = 32;
    private double minBeats = 8;
    private double thresholdK = 1.5;
    private double hopSeconds;

    private double[] left;
    private double[] right;
    private double prevNovelty;
    private double prevPrevNovelty;
    private long prevHop;
    private double noveltySum;
    private double noveltySumSq;
    private long noveltyCount;
    private long lastBoundaryHop;
    private int boundaries;
    private final double[] sectionLengths = new double[HISTORY];
    private int sectionLengthCount;
    private double energySum;
    private double energySumSq;
    private long energyCount;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String name() {
        return "Novelty baseline (self-similarity boundaries, energy labels)";
    }

    @Override
    public int contractMajor() {
        return 1;
    }

    @Override
    public void open(ProviderContext context) throws ProviderException {
        defaultSectionBeats = context.doubleOption("section-beats", 32);
        minBeats = context.doubleOption("min-beats", 8);
        thresholdK = context.doubleOption("threshold-k", 1.5);
        if (!(defaultSectionBeats >= 2 && defaultSectionBeats <= 512) || !(minBeats >= 0) || !(thresholdK >= 0)) {
            throw new ProviderException("novelty: options need 2 <= section-beats <= 512, min-beats >= 0, threshold-k >= 0");
        }
        hopSeconds = context.contract().hopSeconds();
        int width = context.contract().audioFeatures().size();
        left = new double[width];
        right = new double[width];
        reset();
    }

    @Override
    public void reset() {
        prevNovelty = 0;
        prevPrevNovelty = 0;
        prevHop = -1;
        noveltySum = 0;
        noveltySumSq = 0;
        noveltyCount = 0;
        lastBoundaryHop = 0;
        boundaries = 0;
        sectionLengthCount = 0;
        energySum = 0;
        energySumSq = 0;
        energyCount = 0;
    }

    @Override
    public boolean readsPitch() {
        return false;
    }

    @Override
    public StructureState process(StructureInput input) {
        FeatureWindow audio = input.audioWindow();
        int frames = audio.frames();
        if (left == null) {
            throw new IllegalStateException("novelty: process called before open");
        }
        if (audio.width() != left.length || frames < 2 * LAG) {
            throw new IllegalArgumentException("novelty: audio window is " + frames + "x" + audio.width()
                    + ", needs at least " + 2 * LAG + " frames of " + left.length + " features");
        }
        double spb = input.beat().spb();
        long hop = input.hopIndex();
        double novelty = novelty(audio, frames);
        long candidateHop = prevHop - LAG;
        // the previous step's novelty is a peak if it beats both neighbours and the adaptive threshold
        if (prevHop >= 0 && candidateHop > 0 && hop - LAG > 0) {
            double mean = noveltyCount > 0 ? noveltySum / noveltyCount : 0;
            double std = noveltyCount > 1 ? Math.sqrt(Math.max(0, noveltySumSq / noveltyCount - mean * mean)) : 0;
            double beatsSince = (candidateHop - lastBoundaryHop) * hopSeconds / spb;
            if (prevNovelty > prevPrevNovelty && prevNovelty >= novelty && noveltyCount >= 8
                    && prevNovelty > mean + thresholdK * std && beatsSince >= minBeats) {
                if (boundaries > 0 && sectionLengthCount < HISTORY) {
                    sectionLengths[sectionLengthCount++] = beatsSince;
                }
                lastBoundaryHop = candidateHop;
                boundaries++;
            }
        }
        if (hop - LAG > 0 && hop >= 2L * LAG) { // both halves inside the stream
            noveltySum += novelty;
            noveltySumSq += novelty * novelty;
            noveltyCount++;
        }
        prevPrevNovelty = prevNovelty;
        prevNovelty = novelty;
        prevHop = hop;

        double beatsSince = Math.max(0, (hop - lastBoundaryHop) * hopSeconds / spb);
        double[] hazard = hazard(beatsSince);
        double[] probs = labels(audio, frames, hop);
        return new StructureState(probs, hazard, null);
    }

    /** Two-sided novelty at {@code LAG} frames before the newest frame. */
    private double novelty(FeatureWindow audio, int frames) {
        Arrays.fill(left, 0);
        Arrays.fill(right, 0);
        int centre = frames - LAG;
        double spread = 0;
        for (int t = centre - LAG; t < centre + LAG; t++) {
            double[] side = t < centre ? left : right;
            for (int f = 0; f < side.length; f++) {
                side[f] += audio.get(t, f);
            }
        }
        for (int f = 0; f < left.length; f++) {
            left[f] /= LAG;
            right[f] /= LAG;
        }
        double dist = 0;
        for (int f = 0; f < left.length; f++) {
            double d = left[f] - right[f];
            dist += d * d;
        }
        // spread: mean squared deviation of BLOCK-frame block means from their side's mean
        for (int b = centre - LAG; b < centre + LAG; b += BLOCK) {
            double[] side = b < centre ? left : right;
            for (int f = 0; f < side.length; f++) {
                double m = 0;
                for (int t = b; t < b + BLOCK; t++) {
                    m += audio.get(t, f);
                }
                double d = m / BLOCK - side[f];
                spread += d * d;
            }
        }
        spread /= (2.0 * LAG / BLOCK);
        return dist / (spread + 1e-3);
    }

    private double typicalSectionBeats() {
        if (sectionLengthCount < 2) {
            return defaultSectionBeats;
        }
        double[] s = Arrays.copyOf(sectionLengths, sectionLengthCount);
        Arrays.sort(s);
        double median = s[s.length / 2];
        return Math.max(4, Math.min(128, median));
    }

    private double[] hazard(double beatsSince) {
        double typical = typicalSectionBeats();
        double phase = beatsSince % typical;
        double remaining = typical - phase;
        double spread = Math.max(1.0, 0.1 * typical + 0.05 * beatsSince);
        double[] hazard = new double[5];
        for (int k = 0; k < hazard.length; k++) {
            int h = 1 << k;
            hazard[k] = 1.0 / (1.0 + Math.exp(-(h - remaining + 0.5) / spread));
        }
        MonotoneHazard.enforce(hazard);
        return hazard;
    }

    private double[] labels(FeatureWindow audio, int frames, long hop) {
        // recent energy (last 64 frames) and its trend over the window
        double recent = 0;
        double older = 0;
        double bands = 0;
        for (int t = frames - LAG; t < frames; t++) {
            recent += audio.get(t, RMS);
            for (int f = 0; f < BANDS; f++) {
                bands += audio.get(t, f);
            }
        }
        for (int t = frames - 2 * LAG; t < frames - LAG; t++) {
            older += audio.get(t, RMS);
        }
        recent /= LAG;
        older /= LAG;
        bands /= LAG * BANDS;
        double trend = recent - older;
        if (recent > 0.15) {
            energySum += recent;
            energySumSq += recent * recent;
            energyCount++;
        }
        double mean = energyCount > 0 ? energySum / energyCount : recent;
        double std = energyCount > 1 ? Math.sqrt(Math.max(1e-6, energySumSq / energyCount - mean * mean)) : 0.05;
        double z = (recent - mean) / Math.max(0.02, std);

        double[] logit = new double[SectionLabel.COUNT];
        logit[SectionLabel.SILENCE.ordinal()] = recent < 0.12 ? 4 : -4 - 20 * (recent - 0.12);
        logit[SectionLabel.INTRO.ordinal()] = boundaries == 0 ? 1.5 - 0.3 * z : -1.5;
        logit[SectionLabel.VERSE.ordinal()] = 0.8 - 0.6 * z * z;
        logit[SectionLabel.PRE_CHORUS.ordinal()] = -0.5 + 12 * trend;
        logit[SectionLabel.CHORUS.ordinal()] = -0.2 + 1.5 * z + 2 * (bands - 0.5);
        logit[SectionLabel.BRIDGE.ordinal()] = boundaries >= 3 ? -0.5 - 0.5 * z : -2.5;
        logit[SectionLabel.INST.ordinal()] = -1.0;
        logit[SectionLabel.OUTRO.ordinal()] = boundaries >= 4 ? -1.0 - 12 * trend - 0.5 * z : -3;
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logit) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < logit.length; i++) {
            logit[i] = Math.exp(logit[i] - max);
            sum += logit[i];
        }
        for (int i = 0; i < logit.length; i++) {
            logit[i] /= sum;
        }
        return logit;
    }

    /** Boundaries detected since {@link #reset}. */
    public int detectedBoundaries() {
        return boundaries;
    }

    @Override
    public void close() {
    }
}
