package dev.fractalsync.tools.midi;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongTruth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.fractalsync.tools.midi.ArrangementGenerator.PPQ;
import static dev.fractalsync.tools.midi.ArrangementGenerator.TAIL_SEC;

/** Where the song's bars fall: sections placed in ticks, the tempo map with any ramp, and the truth in seconds. */
final class SongTimeline {
    private final Meter meter;
    private final List<SongSection> sections;
    private final TempoMap tempo;
    private final long musicStart;
    private final List<String> ramps = new ArrayList<>();

    /** Places the sections in ticks after a leading silence of 0.5-3 s and sometimes adds a tempo ramp. */
    SongTimeline(SongRandom rng, Meter meter, double bpm, List<SongSection> sections) {
        this.meter = meter;
        this.sections = sections;
        this.tempo = new TempoMap(PPQ, meter.usPerQuarter(bpm));
        double silence = rng.uniform(0.5, 3.0);
        musicStart = Math.round(silence * 1e6 / meter.usPerQuarter(bpm) * PPQ);
        long t = musicStart;
        for (SongSection s : sections) {
            s.startTick = t;
            t += (long) s.bars * meter.ticksPerBar();
        }
        double r = rng.nextDouble();
        if (r < 0.12) {
            // accelerando into the last chorus
            int last = lastIndexOf("chorus");
            if (last > 0 && sections.get(last - 1).silent()) {
                last--; // ramp into the stop instead
            }
            if (last > 0 && !sections.get(last - 1).silent()) {
                SongSection before = sections.get(last - 1);
                int rampBars = Math.min(before.bars, 2 + rng.nextInt(3));
                long from = before.startTick + (long) (before.bars - rampBars) * meter.ticksPerBar();
                ramp(from, sections.get(last).startTick, bpm, bpm * rng.uniform(1.03, 1.08), "accel");
            }
        } else if (r < 0.28) {
            // ritardando at the end
            SongSection out = sections.get(sections.size() - 1);
            int rampBars = Math.min(out.bars, 2 + rng.nextInt(3));
            long end = out.startTick + (long) out.bars * meter.ticksPerBar();
            double at = 60e6 / (tempo.usPerQuarterAt(end - 1) * meter.quartersPerBeat());
            ramp(end - (long) rampBars * meter.ticksPerBar(), end, at, at * rng.uniform(0.75, 0.92), "rit");
        }
    }

    /** Tick of the first bar. */
    long musicStart() {
        return musicStart;
    }

    TempoMap tempo() {
        return tempo;
    }

    /** Descriptions of the tempo ramps, e.g. "accel 120.0->126.0 BPM over bars 40-43". */
    List<String> ramps() {
        return List.copyOf(ramps);
    }

    private int lastIndexOf(String label) {
        for (int i = sections.size() - 1; i >= 0; i--) {
            if (sections.get(i).label.equals(label)) {
                return i;
            }
        }
        return -1;
    }

    private void ramp(long from, long to, double fromBpm, double toBpm, String kind) {
        int step = meter.ticksPerBeat() / 2;
        for (long t = from; t < to; t += step) {
            double f = (t - from + step) / (double) (to - from);
            tempo.set(t, meter.usPerQuarter(fromBpm + (toBpm - fromBpm) * Math.min(1, f)));
        }
        long bar = (from - musicStart) / meter.ticksPerBar() + 1;
        long endBar = (to - musicStart) / meter.ticksPerBar();
        ramps.add(String.format(Locale.ROOT, "%s %.1f->%.1f BPM over bars %d-%d", kind, fromBpm, toBpm, bar, endBar));
    }

    /** Beats, downbeats and sections in seconds, from the same tempo events as the file. */
    SongTruth truth() {
        List<Double> beats = new ArrayList<>();
        List<Double> downbeats = new ArrayList<>();
        List<SectionSpan> spans = new ArrayList<>();
        double musicStartSec = tempo.seconds(musicStart);
        spans.add(new SectionSpan(0, musicStartSec, SectionLabel.SILENCE.contractName()));
        long end = musicStart;
        for (SongSection s : sections) {
            long sEnd = s.startTick + (long) s.bars * meter.ticksPerBar();
            spans.add(new SectionSpan(tempo.seconds(s.startTick), tempo.seconds(sEnd), s.label));
            for (int bar = 0; bar < s.bars; bar++) {
                for (int b = 0; b < meter.beatsPerBar(); b++) {
                    double t = tempo.seconds(s.barTick(meter, bar) + (long) b * meter.ticksPerBeat());
                    beats.add(t);
                    if (b == 0) {
                        downbeats.add(t);
                    }
                }
            }
            end = sEnd;
        }
        double endSec = tempo.seconds(end);
        double duration = endSec + TAIL_SEC;
        spans.add(new SectionSpan(endSec, duration, SectionLabel.SILENCE.contractName()));
        double initialBpm = 60e6 / (tempo.usPerQuarterAt(0) * meter.quartersPerBeat());
        return new SongTruth(initialBpm, meter.beatsPerBar(), beats.stream().mapToDouble(Double::doubleValue).toArray(),
                downbeats.stream().mapToDouble(Double::doubleValue).toArray(), spans, duration);
    }
}
