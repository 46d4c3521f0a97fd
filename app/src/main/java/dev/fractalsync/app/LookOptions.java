package dev.fractalsync.app;

import dev.fractalsync.render.FramePainter;
import dev.fractalsync.render.Preset;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Iterator;

/** {@code --preset} and {@code --sensitivity} of the commands that render (run, render-node). */
final class LookOptions {
    @Option(names = "--preset", description = "The look: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); keys 1-4 "
            + "or P switch it in the window.", defaultValue = "neon", completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--sensitivity", description = "How strongly beats, downbeats and coming section changes move the "
            + "picture, 0-3 (default: ${DEFAULT-VALUE}); ',' and '.' change it in the window.", defaultValue = "1.0")
    double sensitivity;

    /** The chosen preset; an unknown name or a sensitivity outside [0, 3] is a one-line error. */
    Preset look() {
        Preset look;
        try {
            look = Preset.named(preset);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!(sensitivity >= 0 && sensitivity <= FramePainter.MAX_SENSITIVITY)) {
            throw new UsageException("--sensitivity must be in [0, " + FramePainter.MAX_SENSITIVITY + "], got "
                    + sensitivity);
        }
        return look;
    }

    /** The preset names for the help text and completion. */
    static final class PresetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Preset.all()).map(Preset::name).iterator();
        }
    }
}
