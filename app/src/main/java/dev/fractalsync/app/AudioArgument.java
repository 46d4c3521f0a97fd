package dev.fractalsync.app;

import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioInputException;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves the FILE argument: a path, or {@code demo} for the bundled generated demo song. */
public final class AudioArgument {
    static final String DEMO = "demo";
    private static final Logger LOG = LoggerFactory.getLogger(AudioArgument.class);

    private AudioArgument() {
    }

    /** The FILE argument that reads audio from standard input. */
    static final String STDIN = "-";

    /**
     * Checks the FILE argument of {@code command} before any work: given (the demo song only as the explicit word
     * {@code demo}, never as a fallback for a forgotten or mistyped path), and an existing file, named pipe or
     * {@code -} (standard input).
     *
     * @throws UsageException when FILE is missing
     * @throws IllegalArgumentException when the file does not exist (one line naming it)
     */
    static void require(String file, String command) {
        if (file == null) {
            throw new UsageException(command + " needs FILE: an audio file, '-' for standard input, or 'demo' for the "
                    + "bundled demo song");
        }
        if (file.equals(DEMO) || file.equals(STDIN)) {
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

    /**
     * Whether FILE can be read more than once: the demo song and regular files can, standard input and named pipes
     * cannot (what they carry is read once, as it comes).
     */
    static boolean rereadable(String file) {
        return file.equals(DEMO) || (!file.equals(STDIN) && Files.isRegularFile(Path.of(file)));
    }

    /**
     * Refuses, in one line, a FILE that cannot be read twice when {@code what} needs a first pass (the song's length,
     * an audio track) before the real one.
     */
    static void requireRereadable(String file, String what) {
        if (!rereadable(file)) {
            throw new UsageException(what + " reads FILE more than once, but "
                    + (file.equals(STDIN) ? "standard input" : file + " (a pipe or device)") + " can be read only once: "
                    + "save it to a file first");
        }
    }

    /** The demo song's samples, rendered once per process (a first pass and the real one read the same array). */
    private static volatile DemoSong demo;

    /** The bundled demo song (rendered once per process). */
    static DemoSong demoSong() {
        return demo();
    }

    private static DemoSong demo() {
        DemoSong d = demo;
        if (d == null) {
            synchronized (AudioArgument.class) {
                d = demo;
                if (d == null) {
                    d = DemoSong.render(SongSpec.demo());
                    demo = d;
                }
            }
        }
        return d;
    }

    /** The FILE argument as a stream of mono samples at its own rate (the demo song from memory, '-' standard input). */
    public static AudioFileReader open(String file) throws AudioInputException {
        if (file.equals(DEMO)) {
            DemoSong song = demo();
            return AudioFileReader.ofSamples(song.samples(), song.sampleRate(), DEMO);
        }
        if (file.equals(STDIN)) {
            return AudioFileReader.openStream("standard input", System.in);
        }
        return AudioFileReader.open(Path.of(file));
    }

    /**
     * The length of what {@code reader} holds from where it is, in samples at {@code rate} (what hops at that rate
     * carry before the last one's padding), by decoding and counting, never from a header; stops once it reaches
     * {@code limit} (a longer song then answers a number at least that large). A first pass: the reader is used up.
     */
    public static long lengthAt(AudioFileReader reader, int rate, long limit) throws AudioInputException {
        float[] chunk = new float[1 << 14];
        while (reader.read(chunk) >= 0) {
            if (Math.round((double) reader.framesRead() * rate / reader.sampleRate()) >= limit) {
                break;
            }
        }
        return Math.round((double) reader.framesRead() * rate / reader.sampleRate());
    }

    /** The input file, or null for the demo song and standard input (for refusing outputs that would overwrite it). */
    static Path inputPath(String file) {
        return file.equals(DEMO) || file.equals(STDIN) ? null : Path.of(file);
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
}
