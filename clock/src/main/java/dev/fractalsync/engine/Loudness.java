package dev.fractalsync.engine;

import dev.fractalsync.dsp.InputLevel;

/** Mean power of the hops above {@link InputLevel#GATE_DBFS}, as the input-level stage gates them. */
final class Loudness {
    private final int hop;
    private final double gate = Math.pow(10, InputLevel.GATE_DBFS / 10);
    private double sum;
    private long counted;

    Loudness(int hop) {
        this.hop = hop;
    }

    void accept(float[] buf) {
        double power = 0;
        for (int i = 0; i < hop; i++) {
            power += (double) buf[i] * buf[i];
        }
        power /= hop;
        if (power > gate && Double.isFinite(power)) {
            sum += power;
            counted++;
        }
    }

    double dbfs() {
        return counted == 0 ? Double.NaN : 10 * Math.log10(sum / counted);
    }
}
