package dev.fractalsync.render;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.VisualFrame;

/**
 * A deterministic frame source for renderer tests and benchmarks: a 120 BPM beat, c circling near the main
 * cardioid, beat-pulsed zoom, sections changing every 8 beats. Needs no provider.
 */
public final class SyntheticFrames implements FrameSource {
    private final double bpm;
    private final double durationSec;

    public SyntheticFrames(double bpm, double durationSec) {
        this.bpm = bpm;
        this.durationSec = durationSec;
    }

    @Override
    public VisualFrame frameAt(double tSec) {
        double spb = 60.0 / bpm;
        double beats = tSec / spb;
        long count = (long) Math.floor(beats);
        double phase = BeatClockState.wrapPhase(beats - count);
        BeatClockState beat = new BeatClockState(tSec, spb, phase, count, 0.9, count % 4 == 0 ? 0.9 : 0.1);
        // Points on the circle |c| = 0.7885 pass through classic Julia parameters; the arc stays at Re c <= 0.22.
        double angle = 2.2 + 0.9 * Math.sin(0.35 * tSec);
        double cRe = 0.7885 * Math.cos(angle);
        double cIm = 0.7885 * Math.sin(angle);
        ControlVector control = new ControlVector(cRe - ControlVector.C_ANCHOR_RE, cIm, (0.05 * tSec) % 1.0, 0.85,
                0.6, 0.5, 0.35, 0.1 * Math.sin(0.2 * tSec), 1.0);
        SectionLabel label = SectionLabel.ofIndex((int) ((count / 8) % SectionLabel.COUNT));
        double[] hazard = new double[Horizons.COUNT];
        for (int k = 0; k < hazard.length; k++) {
            hazard[k] = Math.min(1.0, (count % 8 + phase) / 8.0 * Horizons.beats(k) / 8.0);
        }
        double[] probs = new double[SectionLabel.COUNT];
        java.util.Arrays.fill(probs, 0.3 / (SectionLabel.COUNT - 1));
        probs[label.ordinal()] = 0.7;
        StructureState structure = new StructureState(probs, hazard, null);
        return new VisualFrame(tSec, control, beat, structure, structure.topSection(), "synthetic");
    }

    @Override
    public boolean finished() {
        return false;
    }

    /** Stops after {@code durationSec} seconds of renderer time were requested. */
    public FrameSource bounded() {
        SyntheticFrames self = this;
        return new FrameSource() {
            private double last;

            @Override
            public VisualFrame frameAt(double tSec) {
                last = tSec;
                return self.frameAt(tSec);
            }

            @Override
            public boolean finished() {
                return last > durationSec;
            }
        };
    }
}
