package dev.fractalsync.app;

import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.MonoAudio;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** Resolves the FILE argument: a path, or {@code demo} for the bundled generated demo song. */
final class AudioArgument {
    static final String DEMO = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(AudioArgument.class);

    private AudioArgument() {
    }

    static MonoAudio load(String file, ModelContract contract) throws AudioInputException {
        if (file == null || file.equals(DEMO)) {
            DemoSong song = DemoSong.render(SongSpec.demo());
            return new MonoAudio(song.samples(), song.sampleRate(), 0);
        }
        MonoAudio audio = AudioFiles.readMono(Path.of(file), contract.sampleRate());
        if (audio.sanitizedCount() > 0) {
            LOG.warn("{}: {} NaN/Inf samples were replaced by silence", file, audio.sanitizedCount());
        }
        return audio;
    }
}
