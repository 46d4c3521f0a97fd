package dev.fractalsync.app;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.dsp.HopCutter;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.audio.AudioFiles;
import dev.fractalsync.audio.demo.DemoSong;
import dev.fractalsync.audio.demo.SongSpec;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.SlowClock;
import dev.fractalsync.engine.EngineSettings;
import dev.fractalsync.engine.FrameComposer;
import dev.fractalsync.engine.OfflineTimeline;
import dev.fractalsync.engine.ProviderWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio that streams (issue 36): the headless pipeline reads hops as its frames need them, never the whole file;
 * {@code -} is standard input and a named pipe is read as it comes; a header's length is never the song's.
 */
class StreamingInputTest {
    private static final float[] SONG = Arrays.copyOf(DemoSong.render(SongSpec.demo()).samples(), 48_000 * 6 + 333);

    /** A 16-bit mono 48 kHz WAV whose header claims {@code dataBytes} (0xFFFFFFFF: a stream of unknown length). */
    private static byte[] wav(float[] samples, long dataBytes) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt((int) Math.min(0xFFFFFFFFL, dataBytes + 36)).put("WAVEfmt ".getBytes())
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(48_000).putInt(96_000).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt((int) dataBytes);
        for (float v : samples) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f));
        }
        return b.array();
    }

    private static CliRun withStdin(InputStream in, String... args) {
        InputStream old = System.in;
        System.setIn(in);
        try {
            return CliRun.of(args);
        } finally {
            System.setIn(old);
        }
    }

    private static String[] frames(String input, Path out) {
        return new String[]{"run", input, "--headless", "--start", "2", "--frames", "4", "--fps", "10", "--width", "64",
                "--height", "36", "--aa", "1", "--out", out.toString(), "--quiet"};
    }

    private static void assertSameFrames(Path expected, Path actual) throws IOException {
        for (int i = 0; i < 4; i++) {
            String name = String.format("frame_%05d.png", i);
            assertEquals(-1L, Files.mismatch(expected.resolve(name), actual.resolve(name)), name);
        }
    }

    /**
     * The streaming timeline composes exactly the frames the slow clock gives when it is run hop by hop up to each
     * frame's time (what the timeline did over a whole array before it streamed): times before the first hop's end,
     * on hop boundaries, between frames of several hops and past the end.
     */
    @Test
    void streamedTimelineFramesEqualAHopByHopRun() throws Exception {
        ProviderWiring engine = new ProviderWiring(EngineSettings.defaults());
        double hopSec = engine.contract().hopSeconds();
        double[] times = {0.0, 0.01, hopSec, 2 * hopSec - 1e-9, 0.5, 0.5, 1.0, 1.37, 2.0, 3.3333, 5.9, 6.0, 6.5, 9.0};
        List<VisualFrame> reference = new ArrayList<>();
        try (SlowClock clock = engine.slowClock(0); GuardedProvider<ControllerProvider> controller = engine.controller(0)) {
            FastClock fast = new FastClock(engine.contract());
            clock.addListener(fast::accept);
            clock.addGridListener(fast::acceptGrid);
            FrameComposer composer = new FrameComposer(fast, controller, clock::status);
            int hop = engine.contract().hop();
            long hops = HopCutter.hopCount(SONG.length, hop);
            float[] buf = new float[hop];
            for (double t : times) {
                while (clock.hopsProcessed() < hops && (clock.hopsProcessed() + 1) * hopSec <= t) {
                    HopCutter.copyHop(SONG, clock.hopsProcessed(), hop, buf);
                    clock.processHop(buf);
                }
                reference.add(composer.compose(t));
            }
        }
        List<VisualFrame> streamed = new ArrayList<>();
        try (SlowClock clock = engine.slowClock(0); GuardedProvider<ControllerProvider> controller = engine.controller(0);
             OfflineTimeline timeline = new OfflineTimeline(engine.contract(),
                     sink -> HopCutter.cut(SONG, engine.contract().hop(), sink), clock, controller)) {
            for (double t : times) {
                streamed.add(timeline.frameAt(t));
            }
        }
        assertEquals(reference, streamed);
    }

    /** An endless source: the timeline reads a bounded look-ahead past the last frame asked for, then stops. */
    @Test
    void timelineReadsOnlyAsFarAsItsFramesNeed() throws Exception {
        ProviderWiring engine = new ProviderWiring(EngineSettings.defaults().withProviders("oscillator", null, null));
        int hop = engine.contract().hop();
        AtomicLong produced = new AtomicLong();
        try (SlowClock clock = engine.slowClock(0); GuardedProvider<ControllerProvider> controller = engine.controller(0);
             OfflineTimeline timeline = new OfflineTimeline(engine.contract(), sink -> {
                 float[] h = new float[hop];
                 for (long i = 0; ; i++) {
                     for (int k = 0; k < hop; k++) {
                         h[k] = (float) Math.sin((i * hop + k) * 0.05) * 0.3f;
                     }
                     produced.incrementAndGet();
                     sink.accept(h, i);
                 }
             }, clock, controller)) {
            timeline.frameAt(0.5);
            VisualFrame f = timeline.frameAt(2.0);
            assertEquals(2.0, f.tSec(), 1e-9);
        }
        long needed = (long) Math.ceil(2.0 / engine.contract().hopSeconds());
        assertTrue(produced.get() >= needed && produced.get() < needed + 8 * 64,
                "hops read for frames up to 2 s: " + produced.get() + " (" + needed + " needed)");
    }

    @Test
    void dashReadsStandardInput(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("song.wav");
        AudioFiles.writeWav16(file, SONG, 48_000);
        assertEquals(0, CliRun.of(frames(file.toString(), tmp.resolve("file"))).code());
        CliRun r = withStdin(new ByteArrayInputStream(Files.readAllBytes(file)), frames("-", tmp.resolve("stdin")));
        assertEquals(0, r.code(), r.err());
        assertSameFrames(tmp.resolve("file"), tmp.resolve("stdin"));

        Path beatsFile = tmp.resolve("file.txt");
        Path beatsStdin = tmp.resolve("stdin.txt");
        assertEquals(0, CliRun.of("analyze", file.toString(), "--beats", beatsFile.toString(), "--quiet").code());
        CliRun a = withStdin(new ByteArrayInputStream(Files.readAllBytes(file)), "analyze", "-", "--beats",
                beatsStdin.toString(), "--quiet");
        assertEquals(0, a.code(), a.err());
        assertEquals(Files.readAllLines(beatsFile), Files.readAllLines(beatsStdin));

        // what needs the length before the first frame says so in one line instead of reading stdin twice
        CliRun overview = withStdin(new ByteArrayInputStream(Files.readAllBytes(file)), "run", "-", "--headless",
                "--out", tmp.resolve("o").toString());
        overview.assertUsageError("fractalsync run", "the whole-song overview (no --frames or --seconds) reads FILE "
                + "more than once, but standard input can be read only once: save it to a file first");
        CliRun video = withStdin(new ByteArrayInputStream(Files.readAllBytes(file)), "run", "-", "--video",
                tmp.resolve("v.mp4").toString());
        video.assertUsageError("fractalsync run", "--video reads FILE more than once, but standard input can be "
                + "read only once: save it to a file first");
    }

    @Test
    void aNamedPipeIsReadAsItComes(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("song.wav");
        AudioFiles.writeWav16(file, SONG, 48_000);
        Path fifo = tmp.resolve("song.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no mkfifo: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) { // blocks until the command opens the pipe
                o.write(Files.readAllBytes(file));
            } catch (IOException ignored) {
                // the reader went away: the assertions below say why
            }
        });
        writer.setDaemon(true);
        writer.start();
        assertEquals(0, CliRun.of(frames(file.toString(), tmp.resolve("file"))).code());
        CliRun r = CliRun.of(frames(fifo.toString(), tmp.resolve("fifo")));
        assertEquals(0, r.code(), r.err()); // was "file is empty (0 bytes)"
        assertSameFrames(tmp.resolve("file"), tmp.resolve("fifo"));
        writer.join(10_000);
    }

    /**
     * A header claiming 10 hours over 6 s of audio: the overview spreads its tiles over the 6 s there are (so its
     * length came from reading, not from the header); a streamed WAV (0xFFFFFFFF) reads to its end.
     */
    @Test
    void aHeaderIsNeverTheLength(@TempDir Path tmp) throws Exception {
        Path liar = tmp.resolve("liar.wav");
        Files.write(liar, wav(SONG, 48_000L * 3600 * 10 * 2));
        CliRun r = CliRun.of("run", liar.toString(), "--headless", "--tiles", "4", "--fps", "10", "--width", "32",
                "--height", "18", "--aa", "1", "--beat", "oscillator", "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        List<String> tiles;
        try (Stream<Path> s = Files.list(tmp.resolve("o"))) {
            tiles = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("frame_")).sorted().toList();
        }
        // tile k at (k + 0.5) * 6.007 s / 4: frames 7, 22, 37, 52 at 10 FPS
        assertEquals(List.of("frame_00007.png", "frame_00022.png", "frame_00037.png", "frame_00052.png"), tiles);

        Path streamed = tmp.resolve("streamed.wav");
        Files.write(streamed, wav(SONG, 0xFFFFFFFFL));
        CliRun a = CliRun.of("analyze", streamed.toString(), "--beat", "oscillator", "--out", "/dev/null");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.err().contains("(6.0 s of audio"), a.err());
        CliRun s = withStdin(new ByteArrayInputStream(wav(SONG, 0xFFFFFFFFL)), frames("-", tmp.resolve("s")));
        assertEquals(0, s.code(), s.err());
    }

    /**
     * Standard input that never ends (a streamed WAV header, then a tone forever): {@code run - --headless --frames}
     * renders its frames and stops, having read a bounded look-ahead past them, where a command that loads the whole
     * input would read forever.
     */
    @Test
    void framesFromAnEndlessStreamReadOnlyWhatTheyNeed(@TempDir Path tmp) {
        byte[] header = Arrays.copyOf(wav(new float[0], 0xFFFFFFFFL), 44);
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            private long pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++, pos++) {
                    if (pos < 44) {
                        b[off + i] = header[(int) pos];
                    } else {
                        long sample = (pos - 44) / 2;
                        short v = (short) (8000 * Math.sin(sample * 0.06));
                        b[off + i] = (byte) ((pos - 44) % 2 == 0 ? v : v >> 8);
                    }
                }
                read.addAndGet(len);
                return len;
            }
        };
        CliRun r = withStdin(endless, "run", "-", "--headless", "--frames", "3", "--fps", "10", "--width", "32",
                "--height", "18", "--aa", "1", "--beat", "oscillator", "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        long seconds = read.get() / 2 / 48_000;
        assertTrue(seconds < 30, "read " + seconds + " s of audio for 3 frames in the first 0.3 s");
    }
}
