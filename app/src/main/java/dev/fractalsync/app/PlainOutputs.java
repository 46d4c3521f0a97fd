package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.engine.EngineListener;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain outputs of {@code analyze}, in the forms aubio and mir_eval use: beat and downbeat times one per line
 * (seconds), sections as {@code start end label} lines (a .lab file) covering the whole file; and a JSON summary
 * (tempo, metre, the same sections).
 */
final class PlainOutputs implements EngineListener {
    private static final ObjectMapper JSON = new ObjectMapper();
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
        for (Segment s : segments(duration)) {
            sb.append(String.format(Locale.ROOT, "%.3f %.3f %s%n", s.start(), s.end(), s.label()));
        }
        OutputFile.write(file, option, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    TempoSummary tempo() {
        return TempoSummary.of(beats);
    }

    /**
     * One JSON object: the input, its duration, tempo (BPM, null when unknown), metre ("4/4" or "unknown"), beat and
     * bar counts, the providers, and the sections exactly as {@code --sections} writes them.
     */
    void writeSummary(Path file, String option, String input, double duration, String beatId, String structureId)
            throws IOException {
        TempoSummary t = tempo();
        ObjectNode root = JSON.createObjectNode();
        root.put("file", input);
        root.put("duration_sec", round3(duration));
        if (Double.isNaN(t.bpm())) {
            root.putNull("tempo_bpm");
        } else {
            root.put("tempo_bpm", Math.round(t.bpm() * 10) / 10.0);
        }
        root.put("metre", t.metre());
        root.put("beats_per_bar", t.beatsPerBar());
        root.put("beats", t.beats());
        root.put("bars", t.bars());
        root.put("beat_provider", beatId);
        root.put("structure_provider", structureId);
        ArrayNode sections = root.putArray("sections");
        for (Segment s : segments(duration)) {
            sections.addObject().put("start", round3(s.start())).put("end", round3(s.end())).put("label", s.label());
        }
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        OutputFile.write(file, option, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    private record Segment(double start, double end, String label) {
    }

    private List<Segment> segments(double duration) {
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            double start = i == 0 ? 0 : Math.min(duration, changes.get(i).tSec());
            double end = i + 1 < changes.size() ? Math.min(duration, changes.get(i + 1).tSec()) : duration;
            if (end > start) {
                out.add(new Segment(start, end, changes.get(i).to().contractName()));
            }
        }
        return out;
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

}
