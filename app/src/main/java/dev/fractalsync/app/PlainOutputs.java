package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.engine.EngineListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain text outputs of {@code analyze}, in the forms aubio and mir_eval use: beat and downbeat times one per
 * line (seconds), sections as {@code start end label} lines (a .lab file) covering the whole file.
 */
final class PlainOutputs implements EngineListener {
    private final List<BeatEvent> beats = new ArrayList<>();
    private final List<SectionChange> changes = new ArrayList<>();

    @Override
    public void onBeat(BeatEvent beat) {
        beats.add(beat);
    }

    @Override
    public void onSectionChange(SectionChange change) {
        changes.add(change);
    }

    void writeBeats(Path file, String option, boolean downbeatsOnly) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (BeatEvent b : beats) {
            if (!downbeatsOnly || b.downbeat()) {
                sb.append(String.format(Locale.ROOT, "%.4f%n", b.tSec()));
            }
        }
        OutputFile.write(file, option, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Segments from one section change to the next; the first starts at 0, the last ends at {@code duration}. */
    void writeSections(Path file, String option, double duration) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < changes.size(); i++) {
            double start = i == 0 ? 0 : Math.min(duration, changes.get(i).tSec());
            double end = i + 1 < changes.size() ? Math.min(duration, changes.get(i + 1).tSec()) : duration;
            if (end > start) {
                sb.append(String.format(Locale.ROOT, "%.3f %.3f %s%n", start, end, changes.get(i).to().contractName()));
            }
        }
        OutputFile.write(file, option, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

}
