package dev.fractalsync.tools.dataset;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.BeatFeatures;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ProviderContext;
import dev.fractalsync.beat.oscillator.PlaceholderOscillator;
import dev.fractalsync.clock.NeutralStructureProvider;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.json.ContractFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetBuilderTest {
    private static final ModelContract CONTRACT = ContractFiles.v1();

    /** 10 s of clicks at 120 BPM, verse for 4 s then chorus. */
    private static float[] clicks() {
        float[] mono = new float[10 * 48000 + 300]; // a partial last hop
        for (int b = 0; b < 20; b++) {
            int start = b * 24000;
            for (int i = 0; i < 400 && start + i < mono.length; i++) {
                mono[start + i] = (float) (0.8 * Math.sin(i * 0.3) * (1 - i / 400.0));
            }
        }
        return mono;
    }

    private static final List<LabelSegment> SECTIONS = List.of(new LabelSegment(0, 4, SectionLabel.VERSE),
            new LabelSegment(4, 10.01, SectionLabel.CHORUS));

    @Test
    void enginePathUsesThePublishedBeatsForTargetsAndThePublishedStatesForFeatures() throws Exception {
        PlaceholderOscillator osc = new PlaceholderOscillator();
        osc.open(new ProviderContext(CONTRACT, 1, 0, Map.of("bpm", "120")));
        DatasetBuilder builder = new DatasetBuilder(CONTRACT, 0.1);
        float[] mono = clicks();
        Track t;
        try (FractalSyncEngine engine = FractalSyncEngine.builder().beat("oscillator").beatOption("bpm", "120")
                .structure(NeutralStructureProvider.ID).build()) {
            t = builder.fromEngine("clicks", Track.TRAIN, mono, SECTIONS, engine, null);
        }
        int hops = (mono.length + 1023) / 1024;
        assertEquals(hops, t.hops());
        assertEquals(hops * 22, t.audioFeatures().length);
        // beat features are exactly the provider's states at each hop end
        float[] expected = new float[5];
        BeatFeatures.write(osc.at(builder.stateTime(100)), expected, 0);
        float[] actual = new float[5];
        System.arraycopy(t.beatFeatures(), 500, actual, 0, 5);
        assertArrayEquals(expected, actual, 1e-6f);
        // hop 46 ends at 1.0027 s: beats 1.5, 2.0, ..., 4.0 lie in (now, 4.0] -> 6 beats
        assertEquals(6f, t.deltaBeatsNext()[46], 1e-6f);
        assertEquals(SectionLabel.CHORUS.ordinal(), t.ySection()[200]);
    }

    @Test
    void beatEventsFromClockStatesRecoverTheGrid() {
        PlaceholderOscillator osc = new PlaceholderOscillator();
        List<BeatClockState> states = new ArrayList<>();
        for (int h = 0; h < 500; h++) {
            states.add(osc.at((h + 1) * CONTRACT.hopSeconds()));
        }
        BeatEvents events = BeatEvents.fromClockStates(states, CONTRACT.hopSeconds());
        // beat 0 at t = 0 is counted in the first hop; then every 0.5 s
        assertEquals(0.0, events.time(0), 1e-9);
        for (int i = 1; i < events.size(); i++) {
            assertEquals(i * 0.5, events.time(i), 1e-6, "beat " + i);
        }
        assertEquals(states.get(499).beatCount(), events.size());
    }

    @Test
    void annotationPathAndBeatFileReader(@TempDir Path dir) throws Exception {
        Path beats = Files.writeString(dir.resolve("c.beats"), "# time beat\n0.0 1\n0.5 2\n1.0 3\n1.5 4\n2.0 1\n2.5 2\n");
        BeatEvents events = BeatEvents.read(beats);
        assertEquals(6, events.size());
        assertTrue(events.downbeat(0) && events.downbeat(4) && !events.downbeat(1));
        AnnotatedBeatClock clock = new AnnotatedBeatClock(events);
        float[] f = new float[5];
        clock.write(2.125, true, f, 0); // a quarter into the beat at 2.0, a downbeat
        assertEquals(1.0, f[0], 1e-6); // sin(pi/2)
        assertEquals(Math.log(0.5), f[2], 1e-6);
        assertEquals(1f, f[3]);
        assertEquals(1f, f[4]);
        clock.write(9.0, true, f, 0); // long after the last beat: extrapolated phase, no confidence
        assertEquals(0f, f[3]);
        Track t = new DatasetBuilder(CONTRACT, 0.1).fromAnnotation("c", Track.TRAIN, clicks(), SECTIONS, events, false);
        assertEquals(0f, t.beatFeatures()[4 + 5 * 93], "downbeats off");
    }
}
