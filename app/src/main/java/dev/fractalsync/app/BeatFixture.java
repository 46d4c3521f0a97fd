package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.evaluation.ClickTrack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The audio argument of the beat-scoring commands resolved once: where its audio comes from (read as a stream by
 * {@link #open()}, never held whole, except the generated demo song and click tracks, which are made in memory), the
 * reference beats and downbeats ({@code --truth}, or the built-in truth of {@code demo} and {@code click:BPM}; null
 * when there is none) and a file on disk that a peer tracker such as aubio can read (a temporary WAV for generated
 * audio, deleted on close; null for standard input or a pipe, which can be read only once).
 *
 * @param file      the FILE argument
 * @param generated the generated samples (demo, click tracks), or null for a file read as it is needed
 */
record BeatFixture(String file, float[] generated, int generatedRate, double[] reference, double[] downbeats, Path path,
                   boolean temporary) implements AutoCloseable {
    static final String CLICK_PREFIX = "click:";

    /**
     * The truth of an audio file given without {@code --truth}: null for the demo and click tracks (they carry their
     * own), else NAME.truth.json or NAME.beats beside it; a missing one is one line naming both.
     */
    static Path truthBeside(String file) {
        if (file.equals(AudioArgument.DEMO) || file.startsWith(CLICK_PREFIX)) {
            return null;
        }
        Path audio = Path.of(file);
        String name = audio.getFileName().toString();
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        for (String suffix : java.util.List.of(".truth.json", ".beats")) {
            Path candidate = audio.resolveSibling(stem + suffix);
            if (java.nio.file.Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no truth for " + file + ": expected " + stem + ".truth.json or " + stem
                + ".beats beside it, or --truth");
    }

    static BeatFixture load(String file, Path truth, ModelContract contract) throws IOException, AudioInputException {
        double[] given = truth != null ? BeatTruth.read(truth) : null;
        double[] givenDownbeats = truth != null ? BeatTruth.readDownbeats(truth) : null;
        if (file.startsWith(CLICK_PREFIX)) {
            double bpm;
            try {
                bpm = Double.parseDouble(file.substring(CLICK_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new UsageException("'" + file + "': expected click:BPM, e.g. click:128");
            }
            ClickTrack.Track track = ClickTrack.generate(bpm, 30, contract.sampleRate(), 4, 1);
            return given != null
                    ? generated(file, track.samples(), track.sampleRate(), given, givenDownbeats, "fractalsync-click")
                    : generated(file, track.samples(), track.sampleRate(), track.beats(), track.downbeats(), "fractalsync-click");
        }
        if (file.equals(AudioArgument.DEMO)) {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return given != null
                    ? generated(file, song.samples(), song.sampleRate(), given, givenDownbeats, "fractalsync-demo")
                    : generated(file, song.samples(), song.sampleRate(), song.truth().beats(), song.truth().downbeats(),
                    "fractalsync-demo");
        }
        return new BeatFixture(file, null, 0, given, givenDownbeats,
                AudioArgument.rereadable(file) ? Path.of(file) : null, false);
    }

    private static BeatFixture generated(String file, float[] samples, int rate, double[] reference, double[] downbeats,
                                         String prefix) throws IOException {
        Path wav = Files.createTempFile(prefix, ".wav");
        AudioFiles.writeWav16(wav, samples, rate);
        return new BeatFixture(file, samples, rate, reference, downbeats, wav, true);
    }

    /** The audio from its start, decoded as it is read (standard input or a pipe: only once). */
    AudioFileReader open() throws AudioInputException {
        return generated != null ? AudioFileReader.ofSamples(generated, generatedRate, file) : AudioArgument.open(file);
    }

    /** Whether {@link #open()} may be called more than once. */
    boolean rereadable() {
        return generated != null || AudioArgument.rereadable(file);
    }

    /**
     * The length in samples at {@code rate}, from a first pass that decodes and counts (up to {@code limit}: a longer
     * song answers a number at least that large without being read to its end).
     */
    long samplesAt(int rate, long limit) throws AudioInputException {
        try (AudioFileReader r = open()) {
            return AudioArgument.lengthAt(r, rate, limit);
        }
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
