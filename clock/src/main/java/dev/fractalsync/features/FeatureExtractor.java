package dev.fractalsync.features;

import dev.fractalsync.api.contract.ModelContract;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Computes the contract's F_audio frame (see {@code audio_features} in model_contracts/v1.json) once per hop:
 * Hann-windowed STFT of the last {@code stft.size} samples, 16 mel bands, RMS, spectral flux, centroid, roll-off,
 * flatness and onset strength, all with fixed normalization.
 * <p>
 * Stateful (flux and onset compare with the previous frame): {@link #process} must be called exactly once per hop,
 * in order; reading {@link #latest()} never changes the state. No allocation per hop.
 */
public final class FeatureExtractor {
    public static final int MEL_BANDS = 16;
    public static final int FEATURE_COUNT = MEL_BANDS + 6;
    private static final double MEL_FMIN = 30;
    private static final double MEL_FMAX = 16_000;
    private static final int RMS = MEL_BANDS;
    private static final int FLUX = MEL_BANDS + 1;
    private static final int CENTROID = MEL_BANDS + 2;
    private static final int ROLLOFF = MEL_BANDS + 3;
    private static final int FLATNESS = MEL_BANDS + 4;
    private static final int ONSET = MEL_BANDS + 5;
    private static final int LOG_GROUP = 16;
    /** Products inside this range are exact enough and far from overflow and underflow. */
    private static final double SAFE_MIN = 1e-280;
    private static final double SAFE_MAX = 1e280;

    private final int sampleRate;
    private final int hop;
    private final int size;
    private final int bins;
    private final DoubleFFT_1D fft;
    private final double[] window;
    private final double magnitudeScale;
    private final float[] samples;          // the last `size` input samples
    private final double[] spectrum;        // FFT work buffer
    private final double[] power;
    /** 1 + 10·|X| per bin, this hop's and the previous hop's (the flux compares their logarithms). */
    private final double[] magnitude;
    private final double[] previousMagnitude;
    private final int[] bandFirstBin;
    private final double[][] bandWeights;
    private final double[] logBand;
    private final double[] previousLogBand;
    private final float[] frame = new float[FEATURE_COUNT];
    private long frames;

    public FeatureExtractor(ModelContract contract) {
        this(contract.sampleRate(), contract.hop(), contract.stftSize());
        if (contract.audioFeatures().size() != FEATURE_COUNT) {
            throw new IllegalArgumentException(contract.source() + ": audio_features lists " + contract.audioFeatures().size()
                    + " features but this extractor computes " + FEATURE_COUNT);
        }
    }

    public FeatureExtractor(int sampleRate, int hop, int size) {
        if (size < hop || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("STFT size must be a power of two >= hop, got " + size);
        }
        this.sampleRate = sampleRate;
        this.hop = hop;
        this.size = size;
        this.bins = size / 2 + 1;
        this.fft = new DoubleFFT_1D(size);
        this.window = new double[size];
        double windowSum = 0;
        for (int i = 0; i < size; i++) {
            window[i] = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * i / size);
            windowSum += window[i];
        }
        this.magnitudeScale = 2.0 / windowSum; // a full-scale sine has magnitude 1 at its bin
        this.samples = new float[size];
        this.spectrum = new double[size];
        this.power = new double[bins];
        this.magnitude = new double[bins];
        this.previousMagnitude = new double[bins];
        java.util.Arrays.fill(previousMagnitude, 1);
        this.bandFirstBin = new int[MEL_BANDS];
        this.bandWeights = new double[MEL_BANDS][];
        this.logBand = new double[MEL_BANDS];
        this.previousLogBand = new double[MEL_BANDS];
        buildMelBands();
        java.util.Arrays.fill(previousLogBand, Math.log(1e-6));
    }

    private static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    private void buildMelBands() {
        double lo = hzToMel(MEL_FMIN);
        double hi = hzToMel(Math.min(MEL_FMAX, sampleRate / 2.0));
        double[] edges = new double[MEL_BANDS + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(lo + (hi - lo) * i / (MEL_BANDS + 1));
        }
        double binHz = (double) sampleRate / size;
        for (int b = 0; b < MEL_BANDS; b++) {
            double left = edges[b];
            double center = edges[b + 1];
            double right = edges[b + 2];
            int first = Math.max(1, (int) Math.floor(left / binHz));
            int last = Math.min(bins - 1, (int) Math.ceil(right / binHz));
            double[] w = new double[last - first + 1];
            double sum = 0;
            for (int k = first; k <= last; k++) {
                double f = k * binHz;
                double v = f <= center ? (f - left) / (center - left) : (right - f) / (right - center);
                w[k - first] = Math.max(0, v);
                sum += w[k - first];
            }
            if (sum <= 0) { // a band narrower than a bin: take the nearest bin
                w = new double[]{1.0};
                first = Math.max(1, (int) Math.round(center / binHz));
                sum = 1;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
            bandFirstBin[b] = first;
            bandWeights[b] = w;
        }
    }

    /**
     * Consumes one hop of {@code hop} samples and computes its frame. Returns the internal frame array (valid until
     * the next call; copy it to keep it).
     */
    public float[] process(float[] hopSamples) {
        if (hopSamples.length != hop) {
            throw new IllegalArgumentException("hop must have " + hop + " samples, got " + hopSamples.length);
        }
        System.arraycopy(samples, hop, samples, 0, size - hop);
        System.arraycopy(hopSamples, 0, samples, size - hop, hop);

        double sumSq = 0;
        for (int i = size - hop; i < size; i++) {
            sumSq += (double) samples[i] * samples[i];
        }
        double rms = Math.sqrt(sumSq / hop);

        for (int i = 0; i < size; i++) {
            spectrum[i] = samples[i] * window[i];
        }
        fft.realForward(spectrum);
        power[0] = sq(spectrum[0] * magnitudeScale);
        power[bins - 1] = sq(spectrum[1] * magnitudeScale);
        for (int k = 1; k < bins - 1; k++) {
            double re = spectrum[2 * k] * magnitudeScale;
            double im = spectrum[2 * k + 1] * magnitudeScale;
            power[k] = re * re + im * im;
        }

        double total = 0;
        double weighted = 0;
        double logSum = 0;
        double flux = 0;
        double binHz = (double) sampleRate / size;
        // Two sums of logarithms over the bins: log(p + 1e-12) for the flatness, and the rises of log(1 + 10·|X|)
        // for the flux. Each is taken as the logarithm of a product over LOG_GROUP bins, 128 logarithms per hop instead
        // of 2048 (they were most of the front end's time); a product leaving the safe range (absurd input levels)
        // takes its bins one by one. The sums differ from bin-by-bin ones by about 1e-15 relative.
        double product = 1;
        double rise = 1;
        int groupStart = 1;
        for (int k = 1; k < bins; k++) {
            double p = power[k];
            total += p;
            weighted += p * k * binHz;
            product *= p + 1e-12;
            double m = 1 + 10 * Math.sqrt(p);
            magnitude[k] = m;
            if (m > previousMagnitude[k]) {
                rise *= m / previousMagnitude[k];
            }
            if (k - groupStart == LOG_GROUP - 1 || k == bins - 1) {
                if (product > SAFE_MIN && product < SAFE_MAX && rise < SAFE_MAX) {
                    logSum += Math.log(product);
                    flux += Math.log(rise);
                } else {
                    for (int j = groupStart; j <= k; j++) {
                        logSum += Math.log(power[j] + 1e-12);
                        if (magnitude[j] > previousMagnitude[j]) {
                            flux += Math.log(magnitude[j]) - Math.log(previousMagnitude[j]);
                        }
                    }
                }
                product = 1;
                rise = 1;
                groupStart = k + 1;
            }
        }
        System.arraycopy(magnitude, 0, previousMagnitude, 0, bins); // once per hop: the flux parity rule
        int counted = bins - 1;
        double nyquist = sampleRate / 2.0;
        double centroid = total > 1e-12 ? weighted / total / nyquist : 0;
        double rolloff = 0;
        if (total > 1e-12) {
            double target = 0.85 * total;
            double acc = 0;
            for (int k = 1; k < bins; k++) {
                acc += power[k];
                if (acc >= target) {
                    rolloff = k * binHz / nyquist;
                    break;
                }
            }
        }
        double flatness = total > 1e-12 ? Math.exp(logSum / counted) / (total / counted) : 0;

        double onset = 0;
        for (int b = 0; b < MEL_BANDS; b++) {
            double e = 0;
            double[] w = bandWeights[b];
            int first = bandFirstBin[b];
            for (int i = 0; i < w.length; i++) {
                e += w[i] * power[first + i];
            }
            logBand[b] = Math.log(1e-6 + e);
            double d = logBand[b] - previousLogBand[b];
            if (d > 0) {
                onset += d;
            }
            frame[b] = (float) ((logBand[b] + 8) / 4);
        }
        System.arraycopy(logBand, 0, previousLogBand, 0, MEL_BANDS);

        frame[RMS] = (float) ((20 * Math.log10(rms + 1e-9) + 60) / 60);
        frame[FLUX] = (float) (flux / counted * 10);
        frame[CENTROID] = (float) clamp01(centroid);
        frame[ROLLOFF] = (float) clamp01(rolloff);
        frame[FLATNESS] = (float) clamp01(flatness);
        frame[ONSET] = (float) (onset / 4);
        frames++;
        return frame;
    }

    /** The most recent frame (zeros before the first hop). Reading does not advance anything. */
    public float[] latest() {
        return frame;
    }

    /** Hops processed so far. */
    public long frameCount() {
        return frames;
    }

    /** Back to the state of a new stream. */
    public void reset() {
        java.util.Arrays.fill(samples, 0f);
        java.util.Arrays.fill(previousMagnitude, 1);
        java.util.Arrays.fill(previousLogBand, Math.log(1e-6));
        java.util.Arrays.fill(frame, 0f);
        frames = 0;
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }
}
