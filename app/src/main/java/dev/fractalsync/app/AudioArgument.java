package dev.fractalsync.app;

import dev.fractalsync.api.audio.Resampler;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.AudioStream;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.clock.OfflinePipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves the FILE argument: a path, or {@code demo} for the bundled generated demo song. */
final class AudioArgument {
    static final String DEMO = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(AudioArgument.class);

    private AudioArgument() {
    }

    /**
     * Checks the FILE argument of {@code command} before any work: given (the demo song only as the explicit word
     * {@code demo}, never as a fallback for a forgotten or mistyped path), and an existing file.
     *
     * @throws UsageException when FILE is missing
     * @throws IllegalArgumentException when the file does not exist (one line naming it)
     */
    static void require(String file, String command) {
        if (file == null) {
            throw new UsageException(command + " needs FILE: an audio file, or 'demo' for the bundled demo song");
        }
        if (file.equals(DEMO)) {
            return;
        }
        Path p = Path.of(file);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(file + ": no such file; give an existing audio file, or 'demo' for the "
                    + "bundled demo song");
        }
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(file + ": is a directory; give an audio file, or 'demo' for the bundled "
                    + "demo song");
        }
    }

    /** The FILE argument as a stream of mono samples at its own rate (the demo song from memory). */
    static AudioFileReader open(String file) throws AudioInputException {
        if (file.equals(DEMO)) {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return AudioFileReader.ofSamples(song.samples(), song.sampleRate(), DEMO);
        }
        return AudioFileReader.open(Path.of(file));
    }

    /**
     * The hops of {@code reader} at the contract rate ({@code rate}, {@code hop}), decoded and resampled as
     * {@link OfflinePipeline} asks for them on its reader thread.
     */
    static OfflinePipeline.HopSource hops(AudioFileReader reader, int rate, int hop) {
        return sink -> {
            AudioStream stream = new AudioStream(rate, hop, sink);
            float[] chunk = new float[1 << 14];
            int n;
            while ((n = reader.read(chunk)) >= 0) {
                stream.feed(chunk, 0, n, reader.sampleRate(), 1);
            }
            stream.finish();
        };
    }

    /** The input file, or null for the demo song (for refusing outputs that would overwrite it). */
    static Path inputPath(String file) {
        return file.equals(DEMO) ? null : Path.of(file);
    }

    /** Logs what reading sanitized or found suspicious, once the whole file has been read. */
    static void warnAboutSamples(AudioFileReader r) {
        if (r.sanitizedCount() > 0) {
            LOG.warn("{}: {} NaN/Inf samples were replaced by silence", r.name(), r.sanitizedCount());
        }
        if (r.outOfRangeCount() > 0) {
            LOG.warn("{}: {} float samples are beyond ±{} (full scale is ±1): the file is scaled wrongly, expect "
                    + "saturated features", r.name(), r.outOfRangeCount(), (int) AudioFileReader.OUT_OF_RANGE);
        }
    }

    static MonoAudio load(String file, ModelContract contract) throws AudioInputException {
        if (file.equals(DEMO)) {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return new MonoAudio(song.samples(), song.sampleRate(), 0);
        }
        MonoAudio audio;
        try (AudioFileReader r = open(file)) {
            audio = AudioFiles.readAll(r);
            warnAboutSamples(r);
        }
        if (audio.sampleRate() == contract.sampleRate()) {
            return audio;
        }
        return new MonoAudio(Resampler.convert(audio.samples(), audio.sampleRate(), contract.sampleRate()),
                contract.sampleRate(), audio.sanitizedCount());
    }
}
