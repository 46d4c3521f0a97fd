package dev.fractalsync.structure.context;

import java.util.Arrays;
import java.util.List;

/**
 * Song-level context for structure anticipation (contract 1.1 {@code song_context}): what a listener knows about the
 * song so far that a 5.5 s window cannot show. Fed one hop at a time (its F_audio frame and F_beat frame), it keeps
 * running statistics since the music started and writes {@link #SIZE} features:
 * <ul>
 *   <li>the song's running mean F_audio frame ({@value #AUDIO} values), which the anticipator subtracts from its
 *   audio window so that it sees timbre and level <em>relative to this song</em>, not the absolute sound of a
 *   synthesizer or a mastering level;</li>
 *   <li>loudness, density and brightness of the last seconds relative to the song so far, its place in the song's
 *   dynamic range, timbre distance from the song average, local novelty, repetition of an earlier part and
 *   similarity to the loudest part so far;</li>
 *   <li>position in 12/16/24/32-beat cycles counted from the music onset and from the last detected change (beats
 *   integrated as dt/spb from the beat features, so a missed beat does not shift the count by one), time since the
 *   onset, length of the current silence.</li>
 * </ul>
 * Deterministic and causal: the features after hop t depend only on frames 0..t, so pushing frames one by one
 * (training) or in decimated batches (runtime) gives identical values. After {@link #RESET_SILENCE_SECONDS} of
 * silence the context starts over (a new song).
 */
public final class SongContext {
    /** F_audio width this context expects. */
    public static final int AUDIO = 22;
    /** F_beat width this context expects (sin, cos, log spb, conf, downbeat). */
    public static final int BEAT = 5;
    /** F_pitch width this context expects (chroma, C first; since contract 1.5). */
    public static final int PITCH = 12;
    /** The song-mean values at the front of the features: F_audio, then F_pitch. */
    public static final int MEANS = AUDIO + PITCH;
    private static final int BANDS = 16;
    private static final int RMS = 16;
    private static final int FLUX = 17;
    private static final int CENTROID = 18;
    private static final int FLATNESS = 20;
    private static final int ONSET = 21;

    public static final double HOP_SECONDS = 1024.0 / 48000.0;
    /** A hop is silent below this level (rms_db feature, −55 dBFS). */
    public static final double SILENT_RMS_FEATURE = (-55.0 + 60.0) / 60.0;
    public static final double RESET_SILENCE_SECONDS = 8.0;
    private static final double SHORT_TAU = 1.5;
    private static final double LONG_TAU = 8.0;
    private static final int SNAPSHOT_HOPS = 47;
    private static final int MAX_SNAPSHOTS = 1800;
    private static final double REPEAT_MIN_AGE_SECONDS = 12.0;
    private static final double CHANGE_REFRACTORY_BEATS = 8.0;
    private static final double RATE_TAU = 4.0;
    /** The chroma average whose movement {@code harmonic_rate} measures: short enough to follow two chords a second. */
    private static final double FAST_PITCH_TAU = 0.3;
    private static final int REPEAT_MIN_AGE_SNAPSHOTS = (int) Math.ceil(REPEAT_MIN_AGE_SECONDS / (SNAPSHOT_HOPS * HOP_SECONDS));

    /** Names of the features in order, as in the contract's {@code song_context.features}. */
    public static final List<String> NAMES;
    public static final int SIZE;

    static {
        String[] audioNames = {"band_00", "band_01", "band_02", "band_03", "band_04", "band_05", "band_06", "band_07",
                "band_08", "band_09", "band_10", "band_11", "band_12", "band_13", "band_14", "band_15", "rms_db",
                "spectral_flux", "spectral_centroid", "spectral_rolloff", "spectral_flatness", "onset_strength"};
        String[] rest = {"music", "silence_run", "time_since_onset", "loudness_rel", "loudness_range", "onset_rel",
                "flux_rel", "centroid_rel", "flatness_rel", "timbre_distance", "novelty", "repetition", "loudest_similarity",
                "beats_since_change", "change_sin16", "change_cos16", "change_sin32", "change_cos32",
                "onset_sin16", "onset_cos16", "onset_sin32", "onset_cos32", "onset_sin12", "onset_cos12",
                "onset_sin24", "onset_cos24", "beats_since_onset",
                "bars_since_change", "bar_sin4", "bar_cos4", "bar_sin8", "bar_cos8", "bar_sin16", "bar_cos16",
                "harmonic_novelty", "harmonic_distance", "harmonic_repetition", "harmonic_loudest_similarity",
                "harmonic_rate", "key_clarity",
                "key_chroma_00", "key_chroma_01", "key_chroma_02", "key_chroma_03", "key_chroma_04", "key_chroma_05",
                "key_chroma_06", "key_chroma_07", "key_chroma_08", "key_chroma_09", "key_chroma_10", "key_chroma_11"};
        String[] all = new String[MEANS + rest.length];
        for (int i = 0; i < audioNames.length; i++) {
            all[i] = "song_mean_" + audioNames[i];
        }
        for (int i = 0; i < PITCH; i++) {
            all[AUDIO + i] = String.format("song_mean_chroma_%02d", i);
        }
        System.arraycopy(rest, 0, all, MEANS, rest.length);
        NAMES = List.of(all);
        SIZE = all.length;
    }

    /**
     * The song context of contract 1.4 (56 values: the mean audio frame, then the features from {@code music} to
     * {@code bar_cos16}), which a model built for 1.4 takes; see {@link #writeContract14}.
     */
    public static final int SIZE_1_4 = AUDIO + 34;

    private final double shortAlpha = 1 - Math.exp(-HOP_SECONDS / SHORT_TAU);
    private final double longAlpha = 1 - Math.exp(-HOP_SECONDS / LONG_TAU);

    private boolean music;
    private long silentHops;
    private long musicHops;
    private final double[] sum = new double[AUDIO];
    private long sumCount;
    private final double[] allSum = new double[AUDIO];
    private long allCount;
    private final double[] shortEma = new double[AUDIO];
    private final double[] longEma = new double[AUDIO];
    private double rmsMin;
    private double rmsMax;
    private double noveltySum;
    private long noveltyCount;
    private double previousNovelty;
    private double beatsSinceOnset;
    private double beatsSinceChange;
    /** The bar grid: bars counted at beats whose downbeat_prob exceeds 0.5 (every 4 beats when none is seen). */
    private final BarGrid bars = new BarGrid();
    private final float[][] snapshots = new float[MAX_SNAPSHOTS][];
    private final double[] snapshotRms = new double[MAX_SNAPSHOTS];
    private int snapshotCount;
    private int loudest = -1;
    private double repetition;
    private double loudestSimilarity;
    private final float[] out = new float[SIZE];
    private final double[] centered = new double[BANDS];
    private final float[] meanFrame = new float[AUDIO];
    private final double[] pitchSum = new double[PITCH];
    private final double[] pitchAllSum = new double[PITCH];
    private final double[] pitchShort = new double[PITCH];
    private final double[] pitchLong = new double[PITCH];
    private final double[] previousPitch = new double[PITCH];
    private final double[] pitchFast = new double[PITCH];
    /** Krumhansl-Kessler key profiles (C major, A minor's relative C major is found as A minor), C first. */
    private static final double[] MAJOR_PROFILE = {6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88};
    private static final double[] MINOR_PROFILE = {6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17};
    private final double fastAlpha = 1 - Math.exp(-HOP_SECONDS / FAST_PITCH_TAU);
    private final float[] pitchMean = new float[PITCH];
    private final double[] pitchCentered = new double[PITCH];
    private final float[][] pitchSnapshots = new float[MAX_SNAPSHOTS][];
    private final double rateAlpha = 1 - Math.exp(-HOP_SECONDS / RATE_TAU);
    private double pitchRate;
    private double harmonicRepetition;
    private double harmonicLoudestSimilarity;

    public SongContext() {
        reset();
    }

    public void reset() {
        music = false;
        silentHops = 0;
        musicHops = 0;
        Arrays.fill(sum, 0);
        sumCount = 0;
        Arrays.fill(allSum, 0);
        allCount = 0;
        Arrays.fill(shortEma, 0);
        Arrays.fill(longEma, 0);
        rmsMin = Double.POSITIVE_INFINITY;
        rmsMax = Double.NEGATIVE_INFINITY;
        noveltySum = 0;
        noveltyCount = 0;
        previousNovelty = 0;
        beatsSinceOnset = 0;
        beatsSinceChange = 0;
        bars.reset();
        Arrays.fill(snapshots, null);
        snapshotCount = 0;
        loudest = -1;
        repetition = 0;
        loudestSimilarity = 0;
        Arrays.fill(pitchSum, 0);
        Arrays.fill(pitchAllSum, 0);
        Arrays.fill(pitchShort, 0);
        Arrays.fill(pitchLong, 0);
        Arrays.fill(previousPitch, 0);
        Arrays.fill(pitchFast, 0);
        Arrays.fill(pitchSnapshots, null);
        pitchRate = 0;
        harmonicRepetition = 0;
        harmonicLoudestSimilarity = 0;
        Arrays.fill(out, 0);
    }

    /** Silent hops in a row up to now. */
    public double silenceSeconds() {
        return silentHops * HOP_SECONDS;
    }

    /** As {@link #push(float[], int, float[], int, float[], int)} for a host without pitch frames (all zero). */
    public void push(float[] audio, int audioOffset, float[] beat, int beatOffset) {
        push(audio, audioOffset, beat, beatOffset, null, 0);
    }

    /**
     * Adds the frames of one hop. {@code audio}/{@code beat}/{@code pitch} are read from their offsets; a null
     * {@code pitch} counts as zeros; non-finite values count as 0.
     */
    public void push(float[] audio, int audioOffset, float[] beat, int beatOffset, float[] pitch, int pitchOffset) {
        double rms = finite(audio[audioOffset + RMS]);
        boolean silent = rms < SILENT_RMS_FEATURE;
        if (silent) {
            silentHops++;
            if (silentHops * HOP_SECONDS >= RESET_SILENCE_SECONDS && music) {
                long keep = silentHops;
                reset();
                silentHops = keep;
            }
        } else {
            silentHops = 0;
        }
        allCount++;
        for (int f = 0; f < AUDIO; f++) {
            allSum[f] += finite(audio[audioOffset + f]);
        }
        for (int c = 0; c < PITCH; c++) {
            pitchAllSum[c] += pitch(pitch, pitchOffset, c);
        }
        if (!music && !silent) {
            music = true;
            for (int f = 0; f < AUDIO; f++) {
                shortEma[f] = finite(audio[audioOffset + f]);
                longEma[f] = shortEma[f];
            }
            for (int c = 0; c < PITCH; c++) {
                pitchShort[c] = pitch(pitch, pitchOffset, c);
                pitchLong[c] = pitchShort[c];
                pitchFast[c] = pitchShort[c];
                previousPitch[c] = pitchShort[c];
            }
        }
        if (!music) {
            write();
            return;
        }
        musicHops++;
        double spb = Math.exp(finite(beat[beatOffset + 2]));
        spb = Math.max(0.25, Math.min(1.5, spb));
        beatsSinceOnset += HOP_SECONDS / spb;
        beatsSinceChange += HOP_SECONDS / spb;
        bars.push(finite(beat[beatOffset]), finite(beat[beatOffset + 1]), finite(beat[beatOffset + 4]));
        for (int f = 0; f < AUDIO; f++) {
            double x = finite(audio[audioOffset + f]);
            shortEma[f] += shortAlpha * (x - shortEma[f]);
            longEma[f] += longAlpha * (x - longEma[f]);
            if (!silent) {
                sum[f] += x;
            }
        }
        double step = 0;
        for (int c = 0; c < PITCH; c++) {
            double x = pitch(pitch, pitchOffset, c);
            pitchShort[c] += shortAlpha * (x - pitchShort[c]);
            pitchLong[c] += longAlpha * (x - pitchLong[c]);
            pitchFast[c] += fastAlpha * (x - pitchFast[c]);
            step += Math.abs(pitchFast[c] - previousPitch[c]);
            previousPitch[c] = pitchFast[c];
            if (!silent) {
                pitchSum[c] += x;
            }
        }
        pitchRate += rateAlpha * (step - pitchRate);
        if (!silent) {
            sumCount++;
        }
        if (musicHops * HOP_SECONDS >= 2.0) {
            rmsMin = Math.min(rmsMin, shortEma[RMS]);
            rmsMax = Math.max(rmsMax, shortEma[RMS]);
        }
        double novelty = novelty();
        noveltySum += novelty;
        noveltyCount++;
        double meanNovelty = noveltySum / noveltyCount;
        if (novelty > Math.max(0.08, 2.0 * meanNovelty) && previousNovelty <= Math.max(0.08, 2.0 * meanNovelty)
                && beatsSinceChange >= CHANGE_REFRACTORY_BEATS) {
            beatsSinceChange = 0;
            bars.markChange();
        }
        previousNovelty = novelty;
        if (musicHops % SNAPSHOT_HOPS == 0) {
            snapshot();
        }
        write();
    }

    private double novelty() {
        double d = 0;
        for (int b = 0; b < BANDS; b++) {
            double x = shortEma[b] - longEma[b];
            d += x * x;
        }
        double r = 2 * (shortEma[RMS] - longEma[RMS]);
        return Math.sqrt(d + r * r);
    }

    private void snapshot() {
        float[] mean = songMean();
        float[] bands = new float[BANDS];
        for (int b = 0; b < BANDS; b++) {
            bands[b] = (float) shortEma[b];
        }
        for (int b = 0; b < BANDS; b++) {
            centered[b] = bands[b] - mean[b];
        }
        repetition = bestEarlier(centered, snapshots, mean, BANDS);
        loudestSimilarity = loudest >= 0 ? cosine(centered, snapshots[loudest], mean, BANDS) : 0;
        float[] pitchMeanNow = songPitchMean();
        float[] chroma = new float[PITCH];
        for (int c = 0; c < PITCH; c++) {
            chroma[c] = (float) pitchShort[c];
            pitchCentered[c] = chroma[c] - pitchMeanNow[c];
        }
        harmonicRepetition = bestEarlier(pitchCentered, pitchSnapshots, pitchMeanNow, PITCH);
        harmonicLoudestSimilarity = loudest >= 0 ? cosine(pitchCentered, pitchSnapshots[loudest], pitchMeanNow, PITCH) : 0;
        if (snapshotCount < MAX_SNAPSHOTS) {
            pitchSnapshots[snapshotCount] = chroma;
            snapshots[snapshotCount] = bands;
            snapshotRms[snapshotCount] = shortEma[RMS];
            if (loudest < 0 || shortEma[RMS] > snapshotRms[loudest]) {
                loudest = snapshotCount;
            }
            snapshotCount++;
        }
    }

    /** The largest similarity of {@code centered} to a snapshot old enough to be an earlier part of the song. */
    private double bestEarlier(double[] centered, float[][] earlier, float[] mean, int width) {
        double best = 0;
        for (int i = 0; i + REPEAT_MIN_AGE_SNAPSHOTS < snapshotCount; i++) {
            best = Math.max(best, cosine(centered, earlier[i], mean, width));
        }
        return best;
    }

    private static double cosine(double[] a, float[] snapshot, float[] mean, int width) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int b = 0; b < width; b++) {
            double y = snapshot[b] - mean[b];
            dot += a[b] * y;
            na += a[b] * a[b];
            nb += y * y;
        }
        return na < 1e-12 || nb < 1e-12 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** The song's running mean frame, written into a reused array (valid until the next call). */
    private float[] songMean() {
        return runningMean(sum, allSum, meanFrame);
    }

    /** The song's running mean pitch frame, as {@link #songMean()}. */
    private float[] songPitchMean() {
        return runningMean(pitchSum, pitchAllSum, pitchMean);
    }

    /** The mean over the non-silent hops, or over all hops before the first non-silent one, into {@code mean}. */
    private float[] runningMean(double[] nonSilentSum, double[] everySum, float[] mean) {
        Arrays.fill(mean, 0f);
        if (sumCount > 0) {
            for (int f = 0; f < mean.length; f++) {
                mean[f] = (float) (nonSilentSum[f] / sumCount);
            }
        } else if (allCount > 0) {
            for (int f = 0; f < mean.length; f++) {
                mean[f] = (float) (everySum[f] / allCount);
            }
        }
        return mean;
    }

    private void write() {
        float[] mean = songMean();
        System.arraycopy(mean, 0, out, 0, AUDIO);
        float[] pitchMeanNow = songPitchMean();
        System.arraycopy(pitchMeanNow, 0, out, AUDIO, PITCH);
        int o = MEANS;
        double onsetSeconds = musicHops * HOP_SECONDS;
        out[o++] = music ? 1 : 0;
        out[o++] = (float) Math.min(1.0, silenceSeconds() / 4.0);
        out[o++] = (float) (Math.log1p(onsetSeconds) / Math.log1p(600));
        if (!music) {
            Arrays.fill(out, o, SIZE, 0f);
            return;
        }
        out[o++] = (float) (4 * (shortEma[RMS] - mean[RMS]));
        out[o++] = rmsMax > rmsMin ? (float) ((shortEma[RMS] - rmsMin) / (rmsMax - rmsMin + 0.05)) : 0.5f;
        out[o++] = (float) (2 * (shortEma[ONSET] - mean[ONSET]));
        out[o++] = (float) (shortEma[FLUX] - mean[FLUX]);
        out[o++] = (float) (5 * (shortEma[CENTROID] - mean[CENTROID]));
        out[o++] = (float) (5 * (shortEma[FLATNESS] - mean[FLATNESS]));
        double d = 0;
        for (int b = 0; b < BANDS; b++) {
            double x = shortEma[b] - mean[b];
            d += x * x;
        }
        out[o++] = (float) (2 * Math.sqrt(d));
        out[o++] = (float) (2 * previousNovelty);
        out[o++] = (float) repetition;
        out[o++] = (float) loudestSimilarity;
        out[o++] = (float) Math.min(1.0, beatsSinceChange / 64.0);
        o = cycle(beatsSinceChange, 16, o);
        o = cycle(beatsSinceChange, 32, o);
        o = cycle(beatsSinceOnset, 16, o);
        o = cycle(beatsSinceOnset, 32, o);
        o = cycle(beatsSinceOnset, 12, o);
        o = cycle(beatsSinceOnset, 24, o);
        out[o++] = (float) Math.min(1.0, beatsSinceOnset / 256.0);
        double barPosition = bars.barsSinceChange();
        out[o++] = (float) Math.min(1.0, barPosition / 32.0);
        o = barCycle(barPosition, 4, o);
        o = barCycle(barPosition, 8, o);
        o = barCycle(barPosition, 16, o);
        double novelty = 0;
        double distance = 0;
        for (int c = 0; c < PITCH; c++) {
            double x = pitchShort[c] - pitchLong[c];
            novelty += x * x;
            double y = pitchShort[c] - pitchMeanNow[c];
            distance += y * y;
        }
        out[o++] = (float) (2 * Math.sqrt(novelty));
        out[o++] = (float) (2 * Math.sqrt(distance));
        out[o++] = (float) harmonicRepetition;
        out[o++] = (float) harmonicLoudestSimilarity;
        out[o++] = (float) (5 * pitchRate);
        // the short chroma in the song's key: rotated so that the tonic of the key (of a minor key, its relative
        // major's) is class 0, minus the song's mean chroma rotated the same way, so that a chord reads as its
        // function in the key (the IV of a chorus) whatever the key the song is in
        double clarity = 0;
        int tonic = 0;
        double meanSum = 0;
        for (int c = 0; c < PITCH; c++) {
            meanSum += pitchMeanNow[c];
        }
        if (meanSum > 1e-6) {
            for (int k = 0; k < PITCH; k++) {
                double major = correlation(pitchMeanNow, MAJOR_PROFILE, k);
                double minor = correlation(pitchMeanNow, MINOR_PROFILE, k);
                if (major > clarity) {
                    clarity = major;
                    tonic = k;
                }
                if (minor > clarity) {
                    clarity = minor;
                    tonic = (k + 3) % PITCH;
                }
            }
        }
        out[o++] = (float) clarity;
        for (int c = 0; c < PITCH; c++) {
            int from = (c + tonic) % PITCH;
            out[o++] = clarity > 0 ? (float) (pitchShort[from] - pitchMeanNow[from]) : 0f;
        }
    }

    /** Pearson correlation of {@code chroma} with {@code profile} transposed to tonic {@code k}. */
    private static double correlation(float[] chroma, double[] profile, int k) {
        double mx = 0;
        double my = 0;
        for (int c = 0; c < PITCH; c++) {
            mx += chroma[c];
            my += profile[Math.floorMod(c - k, PITCH)];
        }
        mx /= PITCH;
        my /= PITCH;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int c = 0; c < PITCH; c++) {
            double x = chroma[c] - mx;
            double y = profile[Math.floorMod(c - k, PITCH)] - my;
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        return sxx < 1e-12 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static double pitch(float[] pitch, int offset, int c) {
        return pitch == null ? 0 : finite(pitch[offset + c]);
    }

    private int barCycle(double barPosition, int period, int o) {
        double a = 2 * Math.PI * (barPosition % period) / period;
        out[o] = (float) Math.sin(a);
        out[o + 1] = (float) Math.cos(a);
        return o + 2;
    }

    private int cycle(double beats, int period, int o) {
        double a = 2 * Math.PI * (beats % period) / period;
        out[o] = (float) Math.sin(a);
        out[o + 1] = (float) Math.cos(a);
        return o + 2;
    }

    /**
     * The features of a contract-1.4 song context, which are those of this one without the chroma means and the
     * harmonic features (fed without pitch frames, they are the same numbers): {@link #SIZE_1_4} values into
     * {@code dst}.
     */
    public void writeContract14(float[] dst) {
        System.arraycopy(out, 0, dst, 0, AUDIO);
        System.arraycopy(out, MEANS, dst, AUDIO, SIZE_1_4 - AUDIO);
    }

    /** The features after the last pushed hop (a view: copy before the next push). */
    public float[] features() {
        return out;
    }

    private static double finite(float x) {
        return Float.isFinite(x) ? x : 0;
    }
}
