package dev.fractalsync.engine;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.ControlVector;
import dev.fractalsync.api.ControllerInput;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.api.VisualFrame;

import java.util.function.Supplier;

/**
 * The fast-clock step of a render frame: sample the fast clock, run the controller on it (guarded: a failing
 * controller holds its last output and falls back to the rule-based one), and package the result for the renderer.
 * Called from the render thread only.
 */
public final class FrameComposer {
    private final FastClock fast;
    private final GuardedProvider<ControllerProvider> controller;
    private final Supplier<String> slowStatus;
    private ControlVector previous = ControlVector.neutral();
    private VisualFrame last;

    public FrameComposer(FastClock fast, GuardedProvider<ControllerProvider> controller, Supplier<String> slowStatus) {
        this.fast = fast;
        this.controller = controller;
        this.slowStatus = slowStatus;
    }

    /** The frame at stream time {@code tSec}; before the first slow state, a calm neutral frame. */
    public VisualFrame compose(double tSec) {
        FastFrame f = fast.sample(tSec);
        if (f == null) {
            return last != null ? last : new VisualFrame(tSec, previous,
                    new BeatClockState(Math.max(0, tSec), 0.5, 0, 0, 0, null), StructureState.neutral(),
                    SectionLabel.SILENCE, "waiting for audio");
        }
        ControllerInput input = new ControllerInput(f.tSec(), f.dtSec(), f.fastFeatures(), f.beat(), f.structure(), previous);
        ControlVector out = controller.call(p -> p.process(input), v -> true, previous);
        previous = out;
        String s = slowStatus.get();
        String c = controller.status();
        String status = s.isEmpty() ? c : c.isEmpty() ? s : s + "; " + c;
        last = new VisualFrame(f.tSec(), out, f.beat(), f.structure(), f.section(), status);
        return last;
    }

    public GuardedProvider<ControllerProvider> controller() {
        return controller;
    }
}
