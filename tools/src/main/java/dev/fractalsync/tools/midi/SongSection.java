package dev.fractalsync.tools.midi;

/** A section of the song and the decisions that shape its parts. */
final class SongSection {
    final String label;
    int bars;
    long startTick;
    int[] prog;
    int keyShift;
    boolean minorArea;
    double energy;
    int chordsProgram;
    int leadProgram;
    int padProgram;
    int bassProgram;
    boolean melody;
    boolean pad;
    boolean bass = true;
    boolean drums = true;
    boolean fillAtEnd;
    boolean fade;
    int register;
    int comp;

    SongSection(String label, int bars) {
        this.label = label;
        this.bars = bars;
    }

    boolean silent() {
        return label.equals("silence");
    }

    long barTick(Meter meter, int bar) {
        return startTick + (long) bar * meter.ticksPerBar();
    }

    /** Velocity scale for bar {@code bar}: section energy, pre-chorus build-up, outro fade. */
    double level(int bar) {
        double v = 0.55 + 0.5 * energy;
        if (label.equals("pre-chorus")) {
            v *= 0.9 + 0.2 * bar / Math.max(1, bars - 1);
        }
        if (fade) {
            v *= 1.0 - 0.6 * bar / Math.max(1, bars);
        }
        return v;
    }
}
