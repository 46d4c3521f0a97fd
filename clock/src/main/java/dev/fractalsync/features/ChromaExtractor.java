package dev.fractalsync.features;

import dev.fractalsync.api.contract.ModelContract;
import org.jtransforms.fft.DoubleFFT_1D;

import java.util.Arrays;

/**
 * Computes the contract's F_pitch frame (see {@code pitch_features} in model_contracts/v1.json) once per hop: a
 * 12-bin chroma vector, C first. Each spectral peak (a bin above both neighbours) of a Hann-windowed STFT of the last
 * {@value #SIZE} samples between {@value #FMIN_HZ} and {@value #FMAX_HZ} Hz adds its magnitude to the pitch class of
 * the equal-tempered semitone (A4 = 440 Hz) nearest its frequency, refined by a parabola through the log magnitudes
 * of the peak and its neighbours. The classes are divided by their sum plus a floor, so a frame shows which notes
 * sound whatever the level, and near silence gives near zeros rather than amplified noise.
 * <p>
 * Peaks rather than every bin: a Hann main lobe is four bins wide, 47 Hz here, which is more than a semitone below
 * 800 Hz, so summing bins smears every note over its neighbours (a C major triad read as C, C#, E, F, G). The F_audio
 * front end's 2048-sample transform would be coarser still.
 * <p>
 * Stateless apart from its sample history: {@link #process} must be called once per hop, in order. No allocation per hop.
 */
public final class ChromaExtractor {
    public static final int PITCH_CLASSES = 12;
    public static final int SIZE = 4096;
    public static final double FMIN_HZ = 100;
    public static final double FMAX_HZ = 4000;
    /** Added to the class sum: a full-scale sine has magnitude 1, so this is a tone at −54 dBFS. */
    static final double FLOOR = 0.002;
    static final double SCALE = 4;
    private static final double LN2 = Math.log(2);

    private final int hop;
    private final DoubleFFT_1D fft = new DoubleFFT_1D(SIZE);
    private final double[] window = new double[SIZE];
    private final double magnitudeScale;
    private final float[] samples = new float[SIZE];
    private final double[] spectrum = new double[SIZE];
    private final int firstBin;
    private final int lastBin;
    private final double binHz;
    private final double[] magnitude = new double[SIZE / 2 + 1];
    private final double[] classSum = new double[PITCH_CLASSES];
    private final float[] frame = new float[PITCH_CLASSES];

    public ChromaExtractor(ModelContract contract) {
        this(contract.sampleRate(), contract.hop());
        if (contract.pitchFeatures().size() != PITCH_CLASSES) {
            throw new IllegalArgumentException(contract.source() + ": pitch_features lists " + contract.pitchFeatures().size()
                    + " features but this extractor computes " + PITCH_CLASSES);
        }
    }

    public ChromaExtractor(int sampleRate, int hop) {
        if (hop <= 0 || hop > SIZE) {
            throw new IllegalArgumentException("hop must be in 1.." + SIZE + ", got " + hop);
        }
        this.hop = hop;
        double windowSum = 0;
        for (int i = 0; i < SIZE; i++) {
            window[i] = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * i / SIZE);
            windowSum += window[i];
        }
        magnitudeScale = 2.0 / windowSum;
        binHz = (double) sampleRate / SIZE;
        firstBin = Math.max(2, (int) Math.ceil(FMIN_HZ / binHz));
        lastBin = Math.min(SIZE / 2 - 2, (int) Math.floor(FMAX_HZ / binHz));
    }

    /** Consumes one hop and returns the internal frame (valid until the next call; copy it to keep it). */
    public float[] process(float[] hopSamples) {
        if (hopSamples.length != hop) {
            throw new IllegalArgumentException("hop must have " + hop + " samples, got " + hopSamples.length);
        }
        System.arraycopy(samples, hop, samples, 0, SIZE - hop);
        System.arraycopy(hopSamples, 0, samples, SIZE - hop, hop);
        for (int i = 0; i < SIZE; i++) {
            spectrum[i] = samples[i] * window[i];
        }
        fft.realForward(spectrum);
        Arrays.fill(classSum, 0);
        for (int k = firstBin - 1; k <= lastBin + 1; k++) {
            double re = spectrum[2 * k];
            double im = spectrum[2 * k + 1];
            double m = Math.sqrt(re * re + im * im) * magnitudeScale;
            magnitude[k] = Double.isFinite(m) ? m : 0;
        }
        double total = 0;
        for (int k = firstBin; k <= lastBin; k++) {
            double m = magnitude[k];
            if (m <= magnitude[k - 1] || m < magnitude[k + 1] || m <= 0) {
                continue;
            }
            double left = Math.log(magnitude[k - 1] + 1e-12);
            double mid = Math.log(m + 1e-12);
            double right = Math.log(magnitude[k + 1] + 1e-12);
            double curvature = left - 2 * mid + right;
            double offset = curvature < 0 ? 0.5 * (left - right) / curvature : 0;
            double hz = (k + Math.max(-0.5, Math.min(0.5, offset))) * binHz;
            double midi = 69 + 12 * Math.log(hz / 440.0) / LN2;
            classSum[Math.floorMod((int) Math.round(midi), PITCH_CLASSES)] += m;
            total += m;
        }
        double norm = SCALE / (total + FLOOR);
        for (int c = 0; c < PITCH_CLASSES; c++) {
            frame[c] = (float) (classSum[c] * norm);
        }
        return frame;
    }

    public void reset() {
        Arrays.fill(samples, 0f);
        Arrays.fill(frame, 0f);
    }
}
