package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.tools.midi.AudioAugmenter;
import dev.fractalsync.tools.midi.FluidsynthRenderer;
import dev.fractalsync.tools.midi.MidiCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "midi-corpus", mixinStandardHelpOptions = true, description = {
        "Generate a training corpus of multi-instrument songs: seeded MIDI arrangements with exact beat, downbeat and "
                + "section truth, rendered with SoundFonts by the fluidsynth command line, optionally augmented with "
                + "sox/ffmpeg (EQ, reverb, band limits, MP3, noise, gain).",
        "Writes per song NAME.mid, NAME.wav (48 kHz mono), NAME.lab, NAME.beats, NAME.truth.json (NAME = sSEED-SOUNDFONT), "
                + "plus corpus.json. Use with: dataset --audio DIR --labels DIR --beats DIR [--heldout-match REGEX].",
        "FluidR3 SoundFonts are refused: they are reserved for held-out evaluation."},
        footerHeading = "%nExample:%n",
        footer = {"  fractalsync-tools midi-corpus --songs 20 --seed 1 --soundfonts /usr/share/sounds/sf2/TimGM6mb.sf2 --out corpus"})
final class MidiCorpusCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--songs", required = true, description = "Number of songs.")
    int songs;

    @Option(names = "--seed", description = "Seed of the first song; song i uses seed+i (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--soundfonts", required = true, split = ",",
            description = "Comma-separated .sf2 files; song with seed s uses soundfont s mod count.")
    List<Path> soundfonts;

    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Augment audio (seeded random subset per song; some stay clean). --no-augment renders clean "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean augment;

    @Option(names = "--augmentation", defaultValue = "" + AudioAugmenter.LATEST_VERSION, paramLabel = "VERSION",
            description = "Augmentation distributions: 2 = band limits down to telephone-like 400 Hz-3 kHz, "
                    + "1 = the milder ones the first training corpora were made with (default: ${DEFAULT-VALUE}).")
    int augmentation;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the corpus directory");
        if (songs < 1) {
            throw new UsageException("--songs must be at least 1");
        }
        AudioAugmenter.requireVersion(augmentation); // before the first song is rendered
        for (Path sf : soundfonts) {
            FluidsynthRenderer.checkSoundfont(sf);
        }
        Files.createDirectories(out);
        MidiCorpus corpus = new MidiCorpus();
        List<Map<String, Object>> listed = new ArrayList<>();
        double audioSec = 0;
        double renderSec = 0;
        long started = System.nanoTime();
        for (int i = 0; i < songs; i++) {
            long s = seed + i;
            Path sf = soundfonts.get((int) Math.floorMod(s, (long) soundfonts.size()));
            MidiCorpus.Song song = corpus.make(out, s, sf, augment ? augmentation : 0);
            listed.add(song.metadata());
            double dur = song.arrangement().truth().duration();
            audioSec += dur;
            renderSec += song.renderSeconds();
            if (!progress.quiet()) {
                System.err.printf(Locale.ROOT, "%s  %s %s %.0f BPM  %.1f s audio  rendered in %.1f s (%.0fx real time)%s%n",
                        song.name(), song.arrangement().style(), song.arrangement().meter(), song.arrangement().truth().bpm(),
                        dur, song.renderSeconds(), dur / song.renderSeconds(),
                        augment ? "  aug: " + String.join("; ", song.augmentation()) : "");
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "fractalsync-midi-corpus");
        root.put("version", 1);
        root.put("command", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        root.put("seed", seed);
        root.put("augment", augment);
        root.put("augmentation_version", augment ? augmentation : 0);
        root.put("sample_rate", FluidsynthRenderer.SAMPLE_RATE);
        root.put("soundfonts", soundfonts.stream().map(p -> p.getFileName().toString()).toList());
        root.put("beat_note", "6/8 songs: beats are dotted quarters, 2 per bar; 4/4 and 3/4: quarter-note beats");
        root.put("songs", listed);
        StateJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("corpus.json").toFile(), root);
        System.err.printf(Locale.ROOT, "%d songs, %.1f min of audio, rendered in %.0f s (%.0fx real time), total %.0f s -> %s%n",
                songs, audioSec / 60, renderSec, audioSec / Math.max(1e-9, renderSec), (System.nanoTime() - started) / 1e9,
                out.resolve("corpus.json"));
        return 0;
    }
}
