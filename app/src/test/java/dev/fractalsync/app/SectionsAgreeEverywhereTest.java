package dev.fractalsync.app;

import dev.fractalsync.api.SectionChange;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.ProviderWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One section decision, everywhere: on a generated song with the default providers, {@code analyze --sections} (the
 * .lab), the {@code section} of every state {@code analyze --out} writes, the engine's {@code onSectionChange} and the
 * labels on the headless overview's contact sheet all say the same section at the same time. Seed 3 is the song on
 * which the contact sheet said one thing and the .lab another (the sheet re-decided from smoothed probabilities, the
 * .lab from a 2-second lead).
 */
class SectionsAgreeEverywhereTest {
    private record Segment(double start, double end, String label) {
    }

    @Test
    void labStatesEngineEventsAndContactSheetAgree(@TempDir Path dir) throws Exception {
        DemoSong song = DemoSong.render(SongSpec.random(3));
        Path wav = song.write(dir, "song-3");
        Path lab = dir.resolve("sections.lab");
        Path states = dir.resolve("states.jsonl");
        CliRun r = CliRun.of("analyze", wav.toString(), "--quiet", "--sections", lab.toString(), "--out", states.toString());
        assertEquals(0, r.code(), r.err());
        List<Segment> segments = Files.readAllLines(lab).stream().map(l -> l.split("\t"))
                .map(f -> new Segment(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2])).toList();
        assertTrue(segments.size() >= 4, "sections " + segments);

        // the engine an embedding program uses: its section changes are the .lab's boundaries and labels
        MonoAudio audio = AudioFiles.readMono(wav, 48_000); // the WAV's samples, as analyze and run read them
        List<SectionChange> changes = new ArrayList<>();
        try (FractalSyncEngine engine = FractalSyncEngine.builder().onSectionChange(changes::add).build()) {
            float[] x = audio.samples();
            for (int i = 0; i < x.length; i += 4410) {
                engine.feed(Arrays.copyOfRange(x, i, Math.min(x.length, i + 4410)), audio.sampleRate(), 1);
            }
            engine.finish();
        }
        assertEquals(segments.size(), changes.size(), "one .lab line per section change: " + segments + " vs " + changes);
        for (int i = 0; i < changes.size(); i++) {
            assertEquals(segments.get(i).label(), changes.get(i).to().contractName(), "section " + i);
            assertEquals(i == 0 ? 0 : changes.get(i).tSec(), segments.get(i).start(), 0.0005, "start of section " + i);
        }

        // every state in the JSON carries the held section, and it changes exactly where the .lab does
        List<Double> jsonChanges = new ArrayList<>();
        SectionLabel previous = null;
        try (BufferedReader in = Files.newBufferedReader(states)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                SlowState s = StateJson.read(line, SlowState.class);
                assertEquals(labelAt(changes, s.beat().tSec()), s.section().contractName(), "state " + s.hopIndex());
                if (s.section() != previous) {
                    jsonChanges.add(s.beat().tSec());
                    previous = s.section();
                }
            }
        }
        assertEquals(changes.stream().map(SectionChange::tSec).toList(), jsonChanges);

        // the whole-song overview (run FILE --headless): each tile says the section in force at its time (the .lab's,
        // compared at full precision through the changes the .lab was just checked against)
        List<Double> tileTimes = new ArrayList<>();
        HeadlessRun run = new HeadlessRun(64, 36, 50, false, 60);
        ProviderWiring wiring = new ProviderWiring(EngineSettings.defaults());
        HeadlessRun.Outcome o;
        try (dev.fractalsync.audio.AudioFileReader reader = dev.fractalsync.audio.AudioFileReader.open(wav)) {
            o = run.overview(wiring, reader, audio.durationSeconds(), 48, dir.resolve("frames"),
                    (k, t, argb, w, h) -> tileTimes.add(t));
        }
        List<String> labels = o.result().tileLabels();
        assertEquals(48, labels.size());
        int disagreements = 0;
        StringBuilder report = new StringBuilder();
        for (int k = 0; k < labels.size(); k++) {
            double t = tileTimes.get(k);
            String expected = String.format(Locale.ROOT, "%d:%04.1f %s", (int) (t / 60), t % 60, labelAt(changes, t));
            if (!expected.equals(labels.get(k))) {
                disagreements++;
                report.append(String.format(Locale.ROOT, "%n  tile %d: sheet '%s', .lab '%s'", k, labels.get(k),
                        labAt(segments, t)));
            }
        }
        assertEquals(0, disagreements, "contact sheet vs .lab:" + report);
    }

    /** The `to` of the last change at or before {@code t}. */
    private static String labelAt(List<SectionChange> changes, double t) {
        String label = null;
        for (SectionChange c : changes) {
            if (c.tSec() <= t) {
                label = c.to().contractName();
            }
        }
        return label;
    }

    private static String labAt(List<Segment> segments, double t) {
        for (Segment s : segments) {
            if (t >= s.start() && t < s.end()) {
                return s.label();
            }
        }
        return segments.get(segments.size() - 1).label();
    }
}
