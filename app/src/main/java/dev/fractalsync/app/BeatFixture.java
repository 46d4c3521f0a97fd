package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.beat.eval.ClickTrack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The audio argument of the beat-scoring commands resolved once: the samples at the contract rate, the reference
 * beats and downbeats ({@code --truth}, or the built-in truth of {@code demo} and {@code click:BPM}; null when there
 * is none) and
 * a file on disk that a peer tracker such as aubio can read (a temporary WAV for generated audio, deleted on close).
 */
record BeatFixture(MonoAudio audio, double[] reference, double[] downbeats, Path path, boolean temporary)
        implements AutoCloseable {
    static final String CLICK_PREFIX = "click:";

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
                    ? generated(track.samples(), track.sampleRate(), given, givenDownbeats, "fractalsync-click")
                    : generated(track.samples(), track.sampleRate(), track.beats(), track.downbeats(), "fractalsync-click");
        }
        if (file.equals(AudioArgument.DEMO)) {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return given != null
                    ? generated(song.samples(), song.sampleRate(), given, givenDownbeats, "fractalsync-demo")
                    : generated(song.samples(), song.sampleRate(), song.truth().beats(), song.truth().downbeats(),
                    "fractalsync-demo");
        }
        return new BeatFixture(AudioArgument.load(file, contract), given, givenDownbeats, Path.of(file), false);
    }

    private static BeatFixture generated(float[] samples, int rate, double[] reference, double[] downbeats, String prefix)
            throws IOException {
        Path wav = Files.createTempFile(prefix, ".wav");
        AudioFiles.writeWav16(wav, samples, rate);
        return new BeatFixture(new MonoAudio(samples, rate, 0), reference, downbeats, wav, true);
    }

    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(path);
        }
    }
}
