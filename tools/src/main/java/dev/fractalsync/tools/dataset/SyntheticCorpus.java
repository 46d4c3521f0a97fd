package dev.fractalsync.tools.dataset;

import dev.fractalsync.dsp.Resampler;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SectionSpan;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.audio.demo.SongTruth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training corpus from the deterministic demo-song generator: song {@code i} uses seed {@code firstSeed + i}
 * ({@link SongSpec#random}: 70–180 BPM, varied section orders and lengths, pre-chorus in about 60 % of songs),
 * labelled with the generator's ground truth. Held-out split by seed: every song whose seed is divisible by
 * {@code heldoutEvery} is held out, so the split does not depend on the corpus size. Songs whose seed is 3 mod 4
 * have their downbeat feature zeroed, so the model also works with beat providers that do not estimate downbeats.
 * Three songs in four are band-limited the way real files are (a 44.1 kHz master, a 16 kHz MP3 low-pass, a
 * 22.05 kHz file) so the model does not learn from content that only the generator's 48 kHz output has.
 */
public final class SyntheticCorpus {
    private final DatasetBuilder builder;
    private final int heldoutEvery;

    /** Intermediate sample rates a song is band-limited through, by seed mod 4 (0 = full band). */
    private static final int[] BAND_LIMIT_RATES = {0, 44_100, 32_000, 22_050};

    public SyntheticCorpus(DatasetBuilder builder, int heldoutEvery) {
        if (heldoutEvery < 2) {
            throw new IllegalArgumentException("heldout-every must be >= 2, got " + heldoutEvery);
        }
        this.builder = builder;
        this.heldoutEvery = heldoutEvery;
    }

    public String split(long seed) {
        return Math.floorMod(seed, heldoutEvery) == 0 ? Track.HELDOUT : Track.TRAIN;
    }

    public static boolean withDownbeats(long seed) {
        return Math.floorMod(seed, 4) != 3;
    }

    /** The song of one seed, rendered and turned into a track with beats from the generator's annotation. */
    public Generated song(long seed) {
        return song(seed, null);
    }

    /**
     * The song of one seed. With an engine, beat features and the beat events behind the hazard targets come from
     * running the rendered audio through it (runtime parity); without one, from the generator's beat annotation.
     */
    public Generated song(long seed, dev.fractalsync.engine.FractalSyncEngine engine) {
        SongSpec spec = SongSpec.random(seed);
        DemoSong song = DemoSong.render(spec);
        SongTruth truth = song.truth();
        List<LabelSegment> sections = new ArrayList<>();
        for (SectionSpan s : truth.sections()) {
            sections.add(new LabelSegment(s.start(), s.end(), s.sectionLabel()));
        }
        BeatEvents annotated = BeatEvents.withDownbeats(truth.beats(), truth.downbeats());
        boolean db = engine != null || withDownbeats(seed);
        int bandRate = BAND_LIMIT_RATES[Math.floorMod(seed, BAND_LIMIT_RATES.length)];
        float[] samples = bandLimited(song.samples(), song.sampleRate(), bandRate);
        Track track = engine != null
                ? builder.fromEngine("synth-" + seed, split(seed), samples, sections, engine, null)
                : builder.fromAnnotation("synth-" + seed, split(seed), samples, sections, annotated, db);
        Map<String, Object> extra = Map.of("seed", seed, "bpm", spec.bpm(), "beats_per_bar", spec.beatsPerBar(),
                "sections", truth.sections().size(), "downbeats", db, "duration", truth.duration(),
                "beats", engine != null ? "provider:" + engine.beatProvider().id() : "annotation", "band_limit_rate", bandRate);
        return new Generated(track, extra);
    }

    /** The signal passed down to {@code throughRate} and back (same length); {@code throughRate} 0 leaves it as is. */
    static float[] bandLimited(float[] x, int rate, int throughRate) {
        if (throughRate == 0 || throughRate >= rate) {
            return x;
        }
        float[] back = Resampler.convert(Resampler.convert(x, rate, throughRate), throughRate, rate);
        return java.util.Arrays.copyOf(back, x.length);
    }

    public record Generated(Track track, Map<String, Object> extra) {
    }
}
