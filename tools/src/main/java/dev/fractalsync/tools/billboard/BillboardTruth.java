package dev.fractalsync.tools.billboard;

import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;

import java.util.ArrayList;
import java.util.List;

import static dev.fractalsync.tools.billboard.BillboardArranger.TAIL_SEC;

/** The truth of an arranged transcription, in the demo truth format. */
final class BillboardTruth {
    /** Spans shorter than this are merged into the next one (a 70 ms lead-in is not a section). */
    static final double MIN_SPAN_SEC = 0.5;

    private BillboardTruth() {
    }

    /** Beats and downbeats from the grid, sections from the transcription (short spans merged) and the tail. */
    static SongTruth of(Transcription t, BeatGrid grid) {
        List<Double> beats = new ArrayList<>();
        List<Double> downs = new ArrayList<>();
        List<Double> periods = new ArrayList<>();
        for (int b = 0; b < grid.barCount(); b++) {
            double[] bt = grid.beatTimes(b);
            downs.add(bt[0]);
            for (int k = 0; k + 1 < bt.length; k++) {
                beats.add(bt[k]);
                periods.add(bt[k + 1] - bt[k]);
            }
        }
        double[] lastBar = grid.beatTimes(grid.barCount() - 1);
        double lastBarEnd = lastBar[lastBar.length - 1];
        double duration = lastBarEnd + TAIL_SEC;
        List<Double> starts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (t.sections().get(0).start() > 0) {
            starts.add(0.0);
            labels.add("silence");
        }
        for (Transcription.Section s : t.sections()) {
            if (s.start() >= lastBarEnd) {
                break;
            }
            starts.add(Math.max(0, s.start()));
            labels.add(s.label());
        }
        starts.add(lastBarEnd);
        labels.add("silence");
        starts.add(duration);
        List<SectionSpan> spans = new ArrayList<>();
        double spanStart = 0;
        for (int i = 0; i + 1 < starts.size(); i++) {
            double end = starts.get(i + 1);
            boolean last = i + 2 == starts.size();
            if (end - spanStart < MIN_SPAN_SEC && !last) {
                continue; // too short: the next span starts here instead
            }
            String label = labels.get(i);
            if (!spans.isEmpty() && label.equals("silence") && spans.get(spans.size() - 1).label().equals("silence")) {
                spanStart = spans.remove(spans.size() - 1).start();
            }
            if (end > spanStart) {
                spans.add(new SectionSpan(spanStart, end, label));
                spanStart = end;
            }
        }
        double[] sorted = periods.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double bpm = 60.0 / sorted[sorted.length / 2];
        int beatsPerBar = t.bars().get(0).beats();
        return new SongTruth(Math.round(bpm * 1000) / 1000.0, beatsPerBar,
                beats.stream().mapToDouble(Double::doubleValue).toArray(),
                downs.stream().mapToDouble(Double::doubleValue).toArray(), spans, duration);
    }
}
