package dev.fractalsync.tools.cli;

import dev.fractalsync.app.OutputFile;
import dev.fractalsync.app.ProgressOptions;
import dev.fractalsync.app.UsageException;
import dev.fractalsync.json.StateJson;
import dev.fractalsync.tools.billboard.ArrangerFamily;
import dev.fractalsync.tools.billboard.BillboardCorpus;
import dev.fractalsync.tools.midi.AudioAugmenter;
import dev.fractalsync.tools.midi.FluidsynthRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "billboard-corpus", mixinStandardHelpOptions = true, description = {
        "Render real song forms: McGill Billboard transcriptions (corpusmusic/billboardcorpus, MIT) realized as "
                + "multi-track arrangements that follow each song's own bar times, metre, chords, form and lead "
                + "passages, in arranger families (band, piano, acoustic, electronic), rendered with SoundFonts.",
        "Songs are split by artist before anything else (20 % of artists on the validation side, a fixed function "
                + "of the artist's name). Writes OUT/FAMILY/NAME.{mid,wav,lab,beats,truth.json} "
                + "(NAME = bbID-FAMILY-SOUNDFONT) and OUT/corpus.json. Sections map onto the contract's labels as "
                + "documented in SectionMapping (solo/interlude -> inst, fadeout/coda -> outro, short trans -> the "
                + "section it leads into, longer -> bridge).",
        "FluidR3 SoundFonts are refused: they are reserved for held-out evaluation."},
        footerHeading = "%nExample:%n",
        footer = {"  fractalsync-tools billboard-corpus --transcriptions billboard/McGill-Billboard --split train "
                + "--songs 40 --soundfonts /usr/share/sounds/sf2/TimGM6mb.sf2 --out data/bb-train"})
final class BillboardCorpusCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--transcriptions", required = true, paramLabel = "DIR",
            description = "The McGill-Billboard folder (NNNN/salami_chords.txt) of corpusmusic/billboardcorpus.")
    Path transcriptions;

    @Option(names = "--split", required = true, description = "Which artists: train or validation.")
    String split;

    @Option(names = "--songs", required = true, description = "Number of songs (of the chosen split).")
    int songs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the song choice, arrangement and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--families", split = ",", defaultValue = "band,piano,acoustic,electronic",
            description = "Arranger families (default: ${DEFAULT-VALUE}).")
    List<String> families;

    @Option(names = "--renders-per-song", defaultValue = "1",
            description = "Families each song is rendered in, chosen per song (default: ${DEFAULT-VALUE}).")
    int rendersPerSong;

    @Option(names = "--soundfonts", required = true, split = ",",
            description = "Comma-separated .sf2 files; rendering i uses soundfont i mod count.")
    List<Path> soundfonts;

    @Option(names = "--out", required = true, description = "Output directory (one folder per family inside).")
    Path out;

    @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Augment audio (seeded random subset per song; some stay clean) (default: ${DEFAULT-VALUE}).")
    boolean augment;

    @Option(names = "--augmentation", defaultValue = "" + AudioAugmenter.LATEST_VERSION, paramLabel = "VERSION",
            description = "Augmentation distributions (see midi-corpus) (default: ${DEFAULT-VALUE}).")
    int augmentation;

    @Option(names = "--exclude", paramLabel = "CORPUS_JSON",
            description = "corpus.json of an earlier billboard-corpus run (repeatable): its songs are left out, so a "
                    + "corpus can grow with songs it does not have yet.")
    List<Path> exclude = List.of();

    @Option(names = "--threads", defaultValue = "2", description = "Songs rendered in parallel (default: ${DEFAULT-VALUE}).")
    int threads;

    @picocli.CommandLine.Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the corpus directory");
        BillboardCorpus.Split side = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> BillboardCorpus.Split.TRAIN;
            case "validation", "val" -> BillboardCorpus.Split.VALIDATION;
            default -> throw new UsageException("--split must be train or validation, got '" + split + "'");
        };
        if (songs < 1) {
            throw new UsageException("--songs must be at least 1");
        }
        List<ArrangerFamily> fams = families.stream().map(ArrangerFamily::of).distinct().toList();
        if (rendersPerSong < 1 || rendersPerSong > fams.size()) {
            throw new UsageException("--renders-per-song must be 1.." + fams.size());
        }
        if (threads < 1) {
            throw new UsageException("--threads must be at least 1");
        }
        AudioAugmenter.requireVersion(augmentation);
        for (Path sf : soundfonts) {
            FluidsynthRenderer.checkSoundfont(sf);
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        List<BillboardCorpus.Entry> all = BillboardCorpus.read(transcriptions, skipped);
        Set<String> excluded = new HashSet<>();
        for (Path c : exclude) {
            excluded.addAll(BillboardCorpus.songIds(c));
        }
        List<BillboardCorpus.Entry> candidates = all.stream()
                .filter(e -> !excluded.contains(e.transcription().id())).toList();
        List<BillboardCorpus.Entry> chosen = BillboardCorpus.choose(candidates, side, songs, seed);
        long artists = all.stream().map(e -> BillboardCorpus.artistKey(e.transcription().artist())).distinct().count();
        long sideArtists = all.stream().filter(e -> e.split() == side)
                .map(e -> BillboardCorpus.artistKey(e.transcription().artist())).distinct().count();
        System.err.printf(Locale.ROOT, "%d transcriptions usable (%d skipped), %d artists, %d on the %s side; %d songs chosen%n",
                all.size(), skipped.size(), artists, sideArtists, split, chosen.size());
        record Job(BillboardCorpus.Entry entry, ArrangerFamily family, Path soundfont, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        int r = 0;
        for (int i = 0; i < chosen.size(); i++) {
            for (int k = 0; k < rendersPerSong; k++) {
                ArrangerFamily f = fams.get(Math.floorMod(i + k + (int) seed, fams.size()));
                jobs.add(new Job(chosen.get(i), f, soundfonts.get(r % soundfonts.size()), seed * 100_003L + r));
                r++;
            }
        }
        Files.createDirectories(out);
        BillboardCorpus corpus = new BillboardCorpus();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<BillboardCorpus.Rendered>> futures = new ArrayList<>();
        for (Job j : jobs) {
            futures.add(pool.submit(() -> corpus.make(out.resolve(j.family().id()), j.entry(), j.family(), j.soundfont(),
                    j.seed(), augment ? augmentation : 0)));
        }
        pool.shutdown();
        List<Map<String, Object>> listed = new ArrayList<>();
        double audioSec = 0;
        long started = System.nanoTime();
        for (int i = 0; i < futures.size(); i++) {
            BillboardCorpus.Rendered song;
            try {
                song = futures.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                skipped.put(jobs.get(i).entry().file().toString(), c.getMessage());
                System.err.println("skipped " + jobs.get(i).entry().file() + ": " + c.getMessage());
                continue;
            }
            listed.add(song.metadata());
            double dur = song.arrangement().truth().duration();
            audioSec += dur;
            if (!progress.quiet()) {
                System.err.printf(Locale.ROOT, "%s  %s - %s  %s %.0f BPM  %.1f s%n", song.name(),
                        song.entry().transcription().artist(), song.entry().transcription().title(),
                        song.arrangement().meter(), song.arrangement().truth().bpm(), dur);
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "fractalsync-billboard-corpus");
        root.put("version", 1);
        root.put("command", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        root.put("split", side.name().toLowerCase(Locale.ROOT));
        root.put("validation_share_of_artists", BillboardCorpus.VALIDATION_SHARE);
        root.put("seed", seed);
        root.put("augmentation_version", augment ? augmentation : 0);
        root.put("sample_rate", FluidsynthRenderer.SAMPLE_RATE);
        root.put("soundfonts", soundfonts.stream().map(p -> p.getFileName().toString()).toList());
        root.put("source", "McGill Billboard transcriptions, corpusmusic/billboardcorpus (MIT licence)");
        root.put("songs", listed);
        root.put("skipped", skipped);
        StateJson.mapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("corpus.json").toFile(), root);
        System.err.printf(Locale.ROOT, "%d renderings, %.1f min of audio in %.0f s -> %s%n", listed.size(), audioSec / 60,
                (System.nanoTime() - started) / 1e9, out.resolve("corpus.json"));
        return 0;
    }
}
