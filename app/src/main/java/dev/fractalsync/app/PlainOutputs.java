package dev.fractalsync.app;

import dev.fractalsync.api.BeatEvent;
import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.stats.Percentile;
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
 * The plain outputs of {@code analyze} and {@code analyze-library}, in the forms aubio and mir_eval use: beat and
 * downbeat times one per line (seconds), sections as tab-separated {@code start end label} lines (a .lab file, as
 * Audacity and Sonic Visualiser import labels) covering the whole file; and a JSON summary (tempo, metre, the same
 * sections, the engine that made them).
 */
public final class PlainOutputs implements EngineListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<BeatEvent> beats = new ArrayList<>();
    private final List<SectionChange> changes = new ArrayList<>();
    private final java.util.function.Consumer<SlowState> states;

    /** Keeps the beats and section changes. */
    PlainOutputs() {
        this(null);
    }

    /** Keeps the beats and section changes, and hands every state to {@code states} (null: nobody). */
    PlainOutputs(java.util.function.Consumer<SlowState> states) {
        this.states = states;
    }

    @Override
    public void onSlowState(SlowState state) {
        if (states != null) {
            states.accept(state);
        }
    }

    @Override
    public void onBeat(BeatEvent beat) {
        beats.add(beat);
    }

    @Override
    public void onSectionChange(SectionChange change) {
        changes.add(change);
    }

    /** The times of the beats (or only the downbeats), in seconds, in order: what {@link #writeBeats} writes. */
    public double[] beatTimes(boolean downbeatsOnly) {
        return beats.stream().filter(b -> !downbeatsOnly || b.downbeat()).mapToDouble(BeatEvent::tSec).toArray();
    }

    void writeBeats(Path file, String option, boolean downbeatsOnly) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (double t : beatTimes(downbeatsOnly)) {
            sb.append(String.format(Locale.ROOT, "%.4f%n", t));
        }
        OutputFile.write(file, option, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Segments from one section change to the next; the first starts at 0, the last ends at {@code duration}. */
    void writeSections(Path file, String option, double duration) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments(duration)) {
            sb.append(String.format(Locale.ROOT, "%.3f\t%.3f\t%s%n", s.start(), s.end(), s.label()));
        }
        OutputFile.write(file, option, out -> out.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    TempoSummary tempo() {
        return TempoSummary.of(beats);
    }

    /**
     * One JSON object: the input and its SHA-256 (null for the demo song and standard input), its duration, tempo
     * (BPM, null when unknown) and the range it moved in (5th and 95th percentile of the beat-to-beat tempo after the
     * tracker locked), metre ("4/4" or "unknown"), beat and bar counts, the first downbeat and the downbeat phase
     * (beats before the first downbeat, modulo the bar), loudness, the first chorus, the providers, the sections
     * exactly as {@code --sections} writes them, and the engine's fingerprint.
     */
    void writeSummary(Path file, String option, String input, String inputSha256, SongAnalyzer.Song song,
                      EngineFingerprint engine) throws IOException {
        TempoSummary t = tempo();
        double duration = song.run().durationSec();
        ObjectNode root = JSON.createObjectNode();
        root.put("file", input);
        root.put("input_sha256", inputSha256);
        root.put("duration_sec", round3(duration));
        if (Double.isNaN(t.bpm())) {
            root.putNull("tempo_bpm");
        } else {
            root.put("tempo_bpm", Math.round(t.bpm() * 10) / 10.0);
        }
        double[] range = tempoRange();
        if (range == null) {
            root.putNull("tempo_range_bpm");
        } else {
            root.putArray("tempo_range_bpm").add(Math.round(range[0] * 10) / 10.0).add(Math.round(range[1] * 10) / 10.0);
        }
        root.put("metre", t.metre());
        root.put("beats_per_bar", t.beatsPerBar());
        root.put("beats", t.beats());
        root.put("bars", t.bars());
        int firstDownbeat = -1;
        for (int i = 0; i < beats.size() && firstDownbeat < 0; i++) {
            if (beats.get(i).downbeat()) {
                firstDownbeat = i;
            }
        }
        if (firstDownbeat < 0) {
            root.putNull("first_downbeat_sec");
        } else {
            root.put("first_downbeat_sec", round3(beats.get(firstDownbeat).tSec()));
        }
        if (firstDownbeat < 0 || t.beatsPerBar() == 0) {
            root.putNull("downbeat_phase");
        } else {
            root.put("downbeat_phase", firstDownbeat % t.beatsPerBar());
        }
        if (Double.isNaN(song.run().loudnessDbfs())) {
            root.putNull("loudness_dbfs");
        } else {
            root.put("loudness_dbfs", Math.round(song.run().loudnessDbfs() * 10) / 10.0);
        }
        List<Segment> segments = segments(duration);
        Segment chorus = segments.stream().filter(s -> s.label().equals(SectionLabel.CHORUS.contractName())).findFirst()
                .orElse(null);
        if (chorus == null) {
            root.putNull("first_chorus_sec");
        } else {
            root.put("first_chorus_sec", round3(chorus.start()));
        }
        root.put("beat_provider", song.run().beatId());
        root.put("structure_provider", song.run().structureId());
        ArrayNode sections = root.putArray("sections");
        for (Segment s : segments) {
            sections.addObject().put("start", round3(s.start())).put("end", round3(s.end())).put("label", s.label());
        }
        root.set("engine", engine.json());
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        OutputFile.write(file, option, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** The 5th and 95th percentile of 60 / (beat-to-beat interval) after the tracker locked; null with too few beats. */
    private double[] tempoRange() {
        int n = beats.size();
        int from = Math.min(TempoSummary.SKIPPED_BEATS, Math.max(0, n - 1 - TempoSummary.MIN_INTERVALS));
        if (n - 1 - from < TempoSummary.MIN_INTERVALS) {
            return null;
        }
        double[] bpm = java.util.stream.IntStream.range(from, n - 1)
                .mapToDouble(i -> beats.get(i + 1).tSec() - beats.get(i).tSec()).filter(d -> d > 0).map(d -> 60 / d)
                .sorted().toArray();
        if (bpm.length == 0) {
            return null;
        }
        return new double[]{Percentile.ofSorted(bpm, 0.05), Percentile.ofSorted(bpm, 0.95)};
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
