package dev.fractalsync.controller.rules;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.FeatureWindow;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A pop-song-shaped timeline at 60 FPS for controller tests: sections with soft, smoothed probabilities, hazard that
 * ramps up before every boundary, beat-synchronous onsets in the micro features.
 */
final class SyntheticSong {
    static final double FPS = 60.0;
    private final double bpm;
    private final List<SectionLabel> labels = new ArrayList<>();
    private final List<Integer> beats = new ArrayList<>();

    SyntheticSong(double bpm) {
        this.bpm = bpm;
    }

    SyntheticSong section(SectionLabel label, int lengthBeats) {
        labels.add(label);
        beats.add(lengthBeats);
        return this;
    }

    static SyntheticSong pop(double bpm) {
        return new SyntheticSong(bpm)
                .section(SectionLabel.INTRO, 16).section(SectionLabel.VERSE, 32).section(SectionLabel.PRE_CHORUS, 8)
                .section(SectionLabel.CHORUS, 32).section(SectionLabel.VERSE, 32).section(SectionLabel.PRE_CHORUS, 8)
                .section(SectionLabel.CHORUS, 32).section(SectionLabel.BRIDGE, 16).section(SectionLabel.CHORUS, 32)
                .section(SectionLabel.OUTRO, 16);
    }

    int totalBeats() {
        return beats.stream().mapToInt(Integer::intValue).sum();
    }

    /** Runs {@code controller} in closed loop over the song, handing each input and output to {@code sink}. */
    void play(RuleController controller, BiConsumer<ControllerInput, ControlVector> sink) {
        double spb = 60.0 / bpm;
        int frames = (int) (totalBeats() * spb * FPS);
        double[] probs = new double[SectionLabel.COUNT];
        probs[labels.get(0).ordinal()] = 1;
        double[] hazard = new double[Horizons.COUNT];
        float[] window = new float[8 * 22];
        ControlVector prev = ControlVector.neutral();
        double dt = 1.0 / FPS;
        double smooth = 1 - Math.exp(-dt / spb);
        for (int f = 0; f < frames; f++) {
            double t = f * dt;
            double beatPos = t / spb;
            long count = (long) Math.floor(beatPos);
            double phase = BeatClockState.wrapPhase(beatPos - count);
            int section = 0;
            int end = beats.get(0);
            while (beatPos >= end && section < labels.size() - 1) {
                section++;
                end += beats.get(section);
            }
            double toBoundary = end - beatPos;
            double sum = 0;
            for (int i = 0; i < probs.length; i++) {
                double target = i == labels.get(section).ordinal() ? 0.9 : 0.1 / 7;
                probs[i] += (target - probs[i]) * smooth;
                sum += probs[i];
            }
            for (int i = 0; i < probs.length; i++) {
                probs[i] /= sum;
            }
            for (int k = 0; k < hazard.length; k++) {
                double target = toBoundary <= Horizons.beats(k) ? 0.9 : 0.05;
                hazard[k] += (target - hazard[k]) * smooth;
            }
            System.arraycopy(window, 22, window, 0, 7 * 22);
            for (int b = 0; b < 16; b++) {
                window[7 * 22 + b] = (float) (1.2 - 0.04 * b + 0.2 * Math.exp(-8 * phase));
            }
            window[7 * 22 + RuleController.RMS_DB] = (float) (0.55 + 0.2 * Math.exp(-6 * phase));
            window[7 * 22 + RuleController.SPECTRAL_FLUX] = (float) (0.3 + Math.exp(-10 * phase));
            window[7 * 22 + RuleController.SPECTRAL_CENTROID] = 0.25f;
            window[7 * 22 + 19] = 0.5f;
            window[7 * 22 + RuleController.SPECTRAL_FLATNESS] = 0.1f;
            window[7 * 22 + RuleController.ONSET_STRENGTH] = (float) (phase < 0.05 ? 1.5 : 0.1);
            BeatClockState beat = new BeatClockState(t, spb, phase, count, 0.9, count % 4 == 0 ? 0.8 : 0.1);
            ControllerInput in = new ControllerInput(t, dt, FeatureWindow.of(window.clone(), 8, 22), beat,
                    new StructureState(probs, hazard, null), prev);
            ControlVector out = controller.process(in);
            sink.accept(in, out);
            prev = out;
        }
    }
}
