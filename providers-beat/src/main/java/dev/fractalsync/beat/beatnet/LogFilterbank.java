package dev.fractalsync.beat.beatnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Logarithmically spaced triangular filterbank over STFT magnitude bins, built the way madmom's
 * {@code LogarithmicFilterbank} builds it (bands per octave referenced to A4 = 440 Hz, centre frequencies snapped to
 * the nearest FFT bin, duplicate bins removed, overlapping triangles spanning neighbouring centres, each triangle
 * normalised to unit area). Bands are stored sparsely: a start bin and weights.
 */
public final class LogFilterbank {
    private static final double REFERENCE_HZ = 440.0;

    private final int[] start;
    private final float[][] weights;
    private final int numBins;
    private final double[] centreHz;

    private LogFilterbank(int[] start, float[][] weights, int numBins, double[] centreHz) {
        this.start = start;
        this.weights = weights;
        this.numBins = numBins;
        this.centreHz = centreHz;
    }

    /**
     * @param numBins       number of magnitude bins (fft size / 2, Nyquist excluded)
     * @param sampleRate    sample rate of the analysed signal
     * @param bandsPerOctave bands per octave (BeatNet: 24)
     * @param fmin          lowest centre frequency in Hz
     * @param fmax          highest centre frequency in Hz
     */
    public static LogFilterbank create(int numBins, double sampleRate, int bandsPerOctave, double fmin, double fmax) {
        // madmom's bin frequencies: k * sr / (2 * numBins)
        double[] binHz = new double[numBins];
        for (int k = 0; k < numBins; k++) {
            binHz[k] = k * sampleRate / (2.0 * numBins);
        }
        double left = Math.floor(log2(fmin / REFERENCE_HZ) * bandsPerOctave);
        double right = Math.ceil(log2(fmax / REFERENCE_HZ) * bandsPerOctave);
        List<Double> centres = new ArrayList<>();
        for (double e = left; e < right; e++) {
            double f = REFERENCE_HZ * Math.pow(2.0, e / bandsPerOctave);
            if (f >= fmin && f <= fmax) {
                centres.add(f);
            }
        }
        TreeSet<Integer> uniqueBins = new TreeSet<>();
        for (double f : centres) {
            int idx = Arrays.binarySearch(binHz, f);
            if (idx < 0) {
                idx = -idx - 1; // first bin with frequency >= f
            }
            idx = Math.max(1, Math.min(numBins - 1, idx));
            double below = binHz[idx - 1];
            double above = binHz[idx];
            if (f - below < above - f) {
                idx--;
            }
            uniqueBins.add(idx);
        }
        int[] bins = uniqueBins.stream().mapToInt(Integer::intValue).toArray();
        int bands = bins.length - 2;
        if (bands < 1) {
            throw new IllegalArgumentException("filterbank has no bands for " + fmin + ".." + fmax + " Hz");
        }
        int[] start = new int[bands];
        float[][] weights = new float[bands][];
        for (int b = 0; b < bands; b++) {
            int lo = bins[b];
            int centre = bins[b + 1];
            int hi = bins[b + 2];
            if (hi - lo < 2) {
                centre = lo;
                hi = lo + 1;
            }
            int rise = centre - lo;
            int len = hi - lo;
            double[] tri = new double[len];
            for (int i = 0; i < rise; i++) {
                tri[i] = (double) i / rise;
            }
            int fall = len - rise;
            for (int i = 0; i < fall; i++) {
                tri[rise + i] = 1.0 - (double) i / fall;
            }
            double sum = 0;
            for (double v : tri) {
                sum += v;
            }
            float[] w = new float[len];
            for (int i = 0; i < len; i++) {
                w[i] = (float) (tri[i] / sum);
            }
            start[b] = lo;
            weights[b] = w;
        }
        double[] centreHz = new double[bands];
        for (int b = 0; b < bands; b++) {
            centreHz[b] = binHz[bins[b + 1]];
        }
        return new LogFilterbank(start, weights, numBins, centreHz);
    }

    /**
     * The same bands over the magnitude bins of a longer transform of the same frame, zero-padded: bin {@code j} of
     * the {@code fftSize}-point transform lies at bin {@code j * frameLength / fftSize} of this one. Each band's
     * weights, joined by straight lines (zero one bin beyond either end), are sampled there and normalised to unit
     * sum again; the band still averages the magnitude over the same frequencies. The finer grid samples the same
     * spectrum between this grid's bins, so bands agree closely but not to the bit.
     */
    public LogFilterbank onFinerGrid(int frameLength, int fftSize) {
        if (fftSize < frameLength || fftSize / 2 * (double) frameLength / fftSize < numBins - 1) {
            throw new IllegalArgumentException("a " + fftSize + "-point transform cannot carry the bands of a "
                    + frameLength + "-sample frame");
        }
        double scale = (double) frameLength / fftSize;
        int bins = fftSize / 2;
        int[] newStart = new int[start.length];
        float[][] newWeights = new float[start.length][];
        for (int b = 0; b < start.length; b++) {
            float[] w = weights[b];
            double from = start[b] - 1;
            double to = start[b] + w.length;
            int first = Math.max(0, (int) Math.floor(from / scale) + 1);
            int last = Math.min(bins - 1, (int) Math.ceil(to / scale) - 1);
            double[] sampled = new double[Math.max(0, last - first + 1)];
            double sum = 0;
            for (int j = first; j <= last; j++) {
                double u = j * scale - start[b];
                int i = (int) Math.floor(u);
                double frac = u - i;
                double left = i >= 0 && i < w.length ? w[i] : 0;
                double right = i + 1 >= 0 && i + 1 < w.length ? w[i + 1] : 0;
                double v = left + frac * (right - left);
                sampled[j - first] = v;
                sum += v;
            }
            if (!(sum > 0)) {
                throw new IllegalStateException("band " + b + " has no bin on the finer grid");
            }
            float[] nw = new float[sampled.length];
            for (int k = 0; k < nw.length; k++) {
                nw[k] = (float) (sampled[k] / sum);
            }
            newStart[b] = first;
            newWeights[b] = nw;
        }
        return new LogFilterbank(newStart, newWeights, bins, centreHz.clone());
    }

    /** Centre frequency of a band in Hz (the FFT bin its triangle peaks at). */
    public double centreHz(int band) {
        return centreHz[band];
    }

    public int bands() {
        return start.length;
    }

    public int bins() {
        return numBins;
    }

    /** Band energies of one magnitude spectrum: {@code out[b] = sum_k magnitude[k] * filter_b[k]}. */
    public void apply(float[] magnitude, float[] out) {
        for (int b = 0; b < start.length; b++) {
            float[] w = weights[b];
            int s = start[b];
            float acc = 0f;
            for (int i = 0; i < w.length; i++) {
                acc += w[i] * magnitude[s + i];
            }
            out[b] = acc;
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }
}
