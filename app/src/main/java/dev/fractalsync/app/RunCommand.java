package dev.fractalsync.app;

import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.audio.AudioFileReader;
import dev.fractalsync.audio.AudioStream;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.AvClock;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.clock.LiveDriver;
import dev.fractalsync.clock.TempoLevel;
import dev.fractalsync.control.ControlAddress;
import dev.fractalsync.control.ControlServer;
import dev.fractalsync.engine.FractalSyncEngine;
import dev.fractalsync.engine.FrameComposer;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.render.AvOffset;
import dev.fractalsync.render.TempoLevelKey;
import dev.fractalsync.render.FrameSource;
import dev.fractalsync.render.FrameStats;
import dev.fractalsync.render.Preset;
import dev.fractalsync.render.SwingVisualizer;
import dev.fractalsync.render.VisualizerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", description = "Play FILE (or 'demo', the bundled demo song) or listen to the microphone and show the "
        + "music-driven Julia set in a window; with --headless (or without a display) render PNG frames instead "
        + "(a whole-song overview unless --frames or --seconds is given), with --video an MP4 with the song's audio.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync run demo",
                "  fractalsync run song.wav --fullscreen --preset ember",
                "  fractalsync run --mic --list-devices",
                "  fractalsync run --mic --device 1",
                "  fractalsync run song.wav --headless --start 60 --seconds 10 --out out/frames",
                "  fractalsync run song.wav --video song.mp4"})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** Per-frame budget of the controller in live mode; over it, the last controls are held. */
    private static final long CONTROLLER_BUDGET_NANOS = 8_000_000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Audio file, a named pipe or '-' for standard input (not for the overview or "
                    + "--video, which read it twice), or 'demo' for the bundled demo song (none with --mic).")
    String file;

    @Option(names = "--mic", description = "Listen to a microphone (see --device) instead of a file (window mode).")
    boolean mic;

    @Option(names = "--headless", description = "No window: render PNG frames (automatic when there is no display).")
    boolean headless;

    @Option(names = "--frames", description = "Headless: render this many consecutive frames from --start "
            + "(default: a whole-song overview of --tiles frames, or --seconds of frames).")
    Integer frames;

    @Option(names = "--start", description = "Headless/video: song time of the first frame in seconds (default: ${DEFAULT-VALUE}).",
            defaultValue = "0", paramLabel = "SEC")
    double start;

    @Option(names = "--seconds", description = "Headless/video: render N seconds of frames from --start (video default: "
            + "to the end of the song). Window: stop after N seconds.", paramLabel = "N")
    Double seconds;

    @Option(names = "--tiles", description = "Headless overview: frames spread over the whole song (default: ${DEFAULT-VALUE}).",
            defaultValue = "48")
    int tiles;

    @Option(names = "--video", description = "Write an H.264 MP4 with the song's audio instead of PNGs (needs ffmpeg).",
            paramLabel = "OUT.mp4")
    Path video;

    @Option(names = "--ffmpeg", description = "The ffmpeg program for --video (default: ${DEFAULT-VALUE}, found on PATH).",
            defaultValue = "ffmpeg", paramLabel = "PATH")
    String ffmpeg;

    @Option(names = "--out", description = "Headless: output directory for frames and the contact sheet (default: ${DEFAULT-VALUE}).",
            defaultValue = "out/frames")
    Path out;

    @Option(names = "--fps", description = "Frame rate (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    double fps;

    @Option(names = "--width", description = "Frame/window width (default: ${DEFAULT-VALUE}).", defaultValue = "960")
    int width;

    @Option(names = "--height", description = "Frame/window height (default: ${DEFAULT-VALUE}).", defaultValue = "540")
    int height;

    @Option(names = "--iterations", description = "Base iteration budget (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int iterations;

    @Mixin
    LookOptions lookOptions;

    @Option(names = "--aa", description = "Headless/video anti-aliasing: N x N samples per pixel, 1-4 (default: ${DEFAULT-VALUE}).",
            defaultValue = "2", paramLabel = "N")
    int supersample;

    @Option(names = "--hud", description = "Headless/video: draw the HUD into the frames (it shows wall-clock timing, "
            + "so frames are then no longer reproducible).")
    boolean hud;

    @Option(names = "--no-hud", description = "Window: hide the HUD (toggle with H).")
    boolean noHud;

    @Option(names = "--no-playback", description = "Window: do not play the file through the sound card (wall-clock pacing).")
    boolean noPlayback;

    @Option(names = "--fullscreen", description = "Window: start in full screen (toggle with F).")
    boolean fullscreen;

    @Option(names = "--av-offset", description = "Window: shift the visuals by MS milliseconds against the sound, "
            + "positive = later (default: ${DEFAULT-VALUE}); '[' and ']' nudge it by 5 ms while running.",
            defaultValue = "0", paramLabel = "MS")
    double avOffsetMs;

    @Option(names = "--control", paramLabel = "[HOST:]PORT", description = "Window: serve the control page (live "
            + "status, presets, blackout, tempo level, ...) at http://HOST:PORT/; HOST 127.0.0.1 when omitted, 0 picks "
            + "a free port. Any other address than loopback needs the token printed with the URL.")
    String control;

    @Option(names = "--osc-in", paramLabel = "[HOST:]PORT", description = "Window: take the control page's controls as "
            + "OSC messages over UDP (/fractalsync/preset, /blackout, /tap, /cue, ...; see the user guide); HOST "
            + "127.0.0.1 when omitted, 0.0.0.0 to listen on the network (OSC has no authentication).")
    String oscIn;

    @Option(names = "--midi-in", paramLabel = "DEVICE", description = "Window: take controls from the MIDI input whose "
            + "name contains DEVICE (see --list-midi), as mapped by --midi-map; M (or the page) starts MIDI learn.")
    String midiIn;

    @Option(names = "--midi-map", paramLabel = "FILE", description = "Window: the MIDI mappings to load, and where MIDI "
            + "learn saves them (default: ${DEFAULT-VALUE} in the current directory).",
            defaultValue = "fractalsync-midi-map.json")
    Path midiMap;

    @Option(names = "--stream", paramLabel = "URL", description = "Window: send the picture live, H.264 with the song's "
            + "audio, through ffmpeg to udp://HOST:PORT or srt://HOST:PORT (MPEG-TS) or rtmp://SERVER/APP/KEY, at the "
            + "window's size and --stream-fps.")
    String stream;

    @Option(names = "--stream-fps", paramLabel = "FPS", description = "Window: frame rate of --stream (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    double streamFps;

    @Mixin
    EngineOptions engineOptions;

    @Mixin
    LiveOutputOptions liveOutputs;

    @Mixin
    CaptureOptions capture;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws Exception {
        OutputFile.refuseStdout(out, "--out", "the directory of the headless PNG frames");
        if (liveOutputs.listedMidi() || capture.listedDevices()) {
            return 0;
        }
        capture.check(mic);
        if (!mic) {
            AudioArgument.require(file, "run");
        } else if (file != null) {
            throw new UsageException("run --mic listens to the microphone: drop FILE (" + file + "), or drop --mic to play it");
        }
        if (!(fps > 0 && fps <= 240)) {
            throw new UsageException("--fps must be in (0, 240], got " + fps);
        }
        if (!(Math.abs(avOffsetMs) <= AvClock.MAX_OFFSET_MS)) {
            throw new UsageException("--av-offset must be within ±" + (int) AvClock.MAX_OFFSET_MS
                    + " ms, got " + avOffsetMs);
        }
        Preset look = lookOptions.look();
        ControlAddress controlAddress = null;
        ControlAddress oscInAddress = null;
        try {
            controlAddress = control == null ? null : ControlAddress.parse(control, "--control");
            oscInAddress = oscIn == null ? null : ControlAddress.parse(oscIn, "--osc-in");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (stream != null) {
            try {
                LiveStream.format(stream);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!(streamFps > 0 && streamFps <= 60)) {
                throw new UsageException("--stream-fps must be in (0, 60], got " + streamFps);
            }
        }
        MidiMap midiMappings = null;
        if (midiIn != null) {
            try {
                midiMappings = MidiMap.read(midiMap);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        if (seconds != null && !(seconds > 0)) {
            throw new UsageException("--seconds must be > 0, got " + seconds);
        }
        if (!(start >= 0)) {
            throw new UsageException("--start must be >= 0, got " + start);
        }
        boolean noDisplay = GraphicsEnvironment.isHeadless();
        boolean offscreen = headless || noDisplay || video != null;
        if (offscreen) {
            if (mic) {
                throw new UsageException("--mic needs a window; headless mode renders files");
            }
            if (control != null || oscIn != null || midiIn != null || stream != null) {
                throw new UsageException((control != null ? "--control" : oscIn != null ? "--osc-in"
                        : midiIn != null ? "--midi-in" : "--stream")
                        + " follows a live run in the window; headless mode and --video render offline");
            }
            if (avOffsetMs != 0) {
                throw new UsageException("--av-offset applies to live playback; headless frame k shows song "
                        + "time k/fps exactly");
            }
            if (liveOutputs.osc != null || liveOutputs.midiClock != null) {
                throw new UsageException("--osc and --midi-clock follow live playback (a window, or analyze-node); "
                        + "headless mode renders offline");
            }
            if (video == null && frames == null && seconds == null && start != 0) {
                throw new UsageException("--start needs --frames or --seconds (the overview covers the whole song)");
            }
            // where the frames or the video go is checked before the song is analyzed
            if (video != null) {
                OutputFile.refuseStdout(video, "--video", "the MP4 file ffmpeg writes");
                OutputFile.refuseInput(video, "--video", AudioArgument.inputPath(file));
                OutputFile.checkWritable(video, "--video");
            } else {
                checkFrameDirectory();
            }
        }
        ProviderWiring engine = engineOptions.wiring();
        if (offscreen) {
            if (!headless && video == null) {
                LOG.info("no display available: rendering PNG frames to {} instead of a window", out);
            }
            return renderHeadless(engine, look);
        }
        return renderWindow(engine, look, controlAddress, oscInAddress, midiMappings);
    }

    /**
     * Offline and deterministic: the slow clock runs exactly up to each frame's time, then the fast clock samples.
     * The audio streams from FILE as the frames need it; the overview and a video to the end of the song first count
     * the song's length (the video writes its audio track in the same pass), so they need a FILE that can be read
     * twice.
     */
    private int renderHeadless(ProviderWiring engine, Preset look) throws Exception {
        HeadlessRun run = new HeadlessRun(width, height, iterations, hud, fps, look, lookOptions.sensitivity, supersample);
        int rate = engine.contract().sampleRate();
        if (video != null) {
            AudioArgument.requireRereadable(file, "--video");
            int[] count = new int[1];
            ProgressBar bar;
            HeadlessRun.Outcome o;
            long from = Math.round(start * rate);
            long limit = seconds == null ? Long.MAX_VALUE : from + Math.round(seconds * rate) + 1;
            Path source = AudioArgument.inputPath(file);
            VideoExport.Audio track;
            if (source != null) {
                // a first pass for the song's length; ffmpeg reads the span from the file itself, with its channels
                // and rate (a 44.1 kHz stereo song stays 44.1 kHz stereo, not the analysis's 48 kHz mono)
                long songSamples;
                int sourceRate;
                try (AudioFileReader first = AudioArgument.open(file)) {
                    sourceRate = first.sampleRate();
                    songSamples = AudioArgument.lengthAt(first, rate, limit);
                }
                count[0] = videoFrames(songSamples, rate);
                track = new VideoExport.Audio.Source(source, start,
                        (double) trackSamples(songSamples, from, count[0], rate) / rate, sourceRate);
            } else {
                // first pass: the audio track from --start (to the end of the song or --seconds) and the song's length
                track = new VideoExport.Audio.Samples(rate, writer -> {
                    long songSamples = writeTrack(engine, from, limit, writer);
                    count[0] = videoFrames(songSamples, rate);
                    return trackSamples(songSamples, from, count[0], rate);
                });
            }
            try (VideoExport export = VideoExport.start(ffmpeg, video, width, height, fps, track);
                 AudioFileReader audio = AudioArgument.open(file)) {
                bar = progress.countBar("video", count[0], "frames");
                o = run.render(engine, audio, start, count[0], null, (i, t, argb, w, h) -> {
                    export.frame(i, t, argb, w, h);
                    if (bar != null) {
                        bar.update(i + 1);
                    }
                });
                export.finish();
            }
            if (bar != null) {
                bar.done();
            }
            System.err.printf(java.util.Locale.ROOT, "%d frames (%.1f s from %.1f s) -> %s; %s; %s%n", o.result().frameCount(),
                    count[0] / fps, start, video, o.result().stats(), o.providers());
            return 0;
        }
        if (frames == null && seconds == null) {
            AudioArgument.requireRereadable(file, "the whole-song overview (no --frames or --seconds)");
            double duration;
            try (AudioFileReader first = AudioArgument.open(file)) { // a first pass: the song's length
                duration = (double) AudioArgument.lengthAt(first, rate, Long.MAX_VALUE) / rate;
            }
            ProgressBar bar = progress.countBar("overview", tiles, "frames");
            HeadlessRun.Outcome o;
            try (AudioFileReader audio = AudioArgument.open(file)) {
                o = run.overview(engine, audio, duration, tiles, out,
                        bar == null ? null : (i, t, argb, w, h) -> bar.update(i + 1));
            }
            if (bar != null) {
                bar.done();
            }
            System.err.printf("whole-song overview: %d frames -> %s (contact sheet %s); %s; %s%n",
                    o.result().frames().size(), out, o.result().contactSheet(), o.result().stats(), o.providers());
            return 0;
        }
        int count = frames != null ? frames : frameCount(seconds);
        ProgressBar bar = progress.countBar("frames", count, "frames");
        HeadlessRun.Outcome o;
        try (AudioFileReader audio = AudioArgument.open(file)) {
            o = run.render(engine, audio, start, count, out,
                    bar == null ? null : (i, t, argb, w, h) -> bar.update(i + 1));
        }
        if (bar != null) {
            bar.done();
        }
        System.err.printf("%d frames -> %s (contact sheet %s); %s; %s%n", o.result().frames().size(), out,
                o.result().contactSheet(), o.result().stats(), o.providers());
        return 0;
    }

    /**
     * Writes the contract-rate samples of FILE from {@code from} up to {@code limit} into {@code track} and returns
     * the song's length in samples (at least what was written when it stopped at {@code limit}).
     */
    private long writeTrack(ProviderWiring engine, long from, long limit, VideoExport.TrackWriter track)
            throws Exception {
        int rate = engine.contract().sampleRate();
        long[] at = {0};
        try (AudioFileReader audio = AudioArgument.open(file)) {
            try {
                AudioStream.readAll(audio, rate, engine.contract().hop(), (buf, index) -> {
                    long first = at[0];
                    if (first >= limit) { // a hop after the limit: everything before it was song, not padding
                        throw new TrackDone();
                    }
                    at[0] += buf.length;
                    int a = (int) Math.max(0, Math.min(buf.length, from - first));
                    int b = (int) Math.max(0, Math.min(buf.length, limit - first));
                    if (b > a) {
                        track.write(buf, a, b - a);
                    }
                });
            } catch (TrackDone done) {
                return at[0]; // the song goes on past the limit: its length is not needed
            }
            return Math.round((double) audio.framesRead() * rate / audio.sampleRate());
        }
    }

    private static final class TrackDone extends RuntimeException {
        TrackDone() {
            super(null, null, false, false);
        }
    }

    /**
     * The --stream sender: the audio comes from FILE itself, or for the demo song from a temporary WAV of it; a
     * microphone run streams the picture alone.
     */
    private LiveStream liveStream(AvClock av) throws java.io.IOException {
        Path audio = mic ? null : AudioArgument.inputPath(file);
        boolean temporary = false;
        if (!mic && audio == null && AudioArgument.DEMO.equals(file)) {
            audio = java.nio.file.Files.createTempFile("fractalsync-stream-", ".wav");
            temporary = true;
            float[] samples = AudioArgument.demoSong().samples();
            try {
                VideoExport.writeWav(w -> {
                    w.write(samples, 0, samples.length);
                    return samples.length;
                }, AudioArgument.demoSong().sampleRate(), audio);
            } catch (Exception e) {
                java.nio.file.Files.deleteIfExists(audio);
                throw new java.io.IOException("--stream: cannot write the demo song's audio to " + audio + " ("
                        + e.getMessage() + ")", e);
            }
        }
        return LiveStream.create(ffmpeg, stream, width, height, streamFps, audio, temporary, av::audibleTime);
    }

    /** The frames directory exists or can be created, and files can be created in it. */
    private void checkFrameDirectory() throws java.io.IOException {
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new java.io.IOException("--out " + out + ": is a file; headless frames go into a directory, give one");
        }
        OutputFile.createDirectories(out.toAbsolutePath().normalize(), "--out");
        OutputFile.checkDirectoryWritable(out.toAbsolutePath().normalize(), out.resolve("frame_00000.png"), "--out");
    }

    /** The video's frames: from --start to the end of a song of {@code songSamples} at {@code rate}, or --seconds. */
    private int videoFrames(long songSamples, int rate) {
        double songLeft = Math.max(0, (double) songSamples / rate - start);
        return frameCount(seconds == null ? songLeft : seconds);
    }

    /** The samples at {@code rate} of the video's audio track: its {@code frames} from {@code from}, within the song. */
    private long trackSamples(long songSamples, long from, int frames, int rate) {
        return Math.min(songSamples, from + Math.round(frames / fps * rate)) - from;
    }

    private int frameCount(double span) {
        int count = (int) Math.floor(span * fps + 1e-9);
        if (count < 1) {
            throw new UsageException(String.format(java.util.Locale.ROOT,
                    "nothing to render: %.2f s at %.0f FPS from --start %.2f s is less than one frame", span, fps, start));
        }
        return count;
    }

    /** Live: audio drives the slow clock on its thread, states cross the Vert.x bus, the window samples at its rate. */
    private int renderWindow(ProviderWiring wiring, Preset look, ControlAddress controlAddress,
                             ControlAddress oscInAddress, MidiMap midiMappings) throws Exception {
        try (FractalSyncEngine clock = FractalSyncEngine.openLive(wiring);
             StateBus bus = StateBus.local(wiring.contract().version());
             GuardedProvider<ControllerProvider> controller = wiring.controller(CONTROLLER_BUDGET_NANOS);
             LiveOutputs outputs = new LiveOutputs(clock, bus, wiring.contract().hopSeconds(), liveOutputs)) {
            // the engine is the slow side; the window's fast clock samples the states the bus carries
            FastClock fast = new FastClock(wiring.contract());
            clock.addStateListener(bus::publish);
            bus.subscribe(fast::accept);
            clock.addGridListener(fast::acceptGrid);
            clock.addGridListener(bus::publishGrid);
            FrameComposer composer = new FrameComposer(fast, controller, clock::status);
            // the file is decoded as it plays (any length in a small, fixed amount of memory); closed after the driver
            AudioFileReader audio = mic ? null : AudioArgument.open(file);
            LiveDriver driver;
            try {
                driver = mic ? clock.listen(capture.device, avOffsetMs) : clock.play(audio, !noPlayback, avOffsetMs);
            } catch (Exception | Error e) {
                if (audio != null) {
                    audio.close();
                }
                throw e;
            }
            AvClock av = driver.avClock();
            outputs.follow(driver);
            try (audio; driver) {
                FrameSource source = new FrameSource() {
                    @Override
                    public VisualFrame frameAt(double tSec) {
                        return frameAt(tSec, 0);
                    }

                    @Override
                    public VisualFrame frameAt(double tSec, double presentInSec) {
                        return composer.compose(av.visualTime(presentInSec));
                    }

                    @Override
                    public boolean finished() {
                        return driver.finished();
                    }
                };
                TempoByHand hand = new TempoByHand(clock, av);
                VisualizerOptions options = VisualizerOptions.defaults().withSize(width, height).withTargetFps(fps)
                        .withHud(!noHud).withFullscreen(fullscreen).withBaseIterations(iterations)
                        .withScreenshotDir(Path.of(".")).withLook(look, lookOptions.sensitivity)
                        .withPresets(lookOptions.looks());
                SwingVisualizer window = new SwingVisualizer(options);
                window.avOffset(new AvOffset() {
                    @Override
                    public double offsetMs() {
                        return av.offsetMs();
                    }

                    @Override
                    public double nudge(double deltaMs) {
                        window.controls().touched("av-offset");
                        return av.nudge(deltaMs);
                    }
                }).tempoLevel(new TempoLevelKey() {
                    @Override
                    public String level() {
                        return hand.level();
                    }

                    @Override
                    public String tap(long whenMillis) {
                        window.controls().touched("tap");
                        return hand.tap(whenMillis / 1000.0);
                    }

                    @Override
                    public String release() {
                        window.controls().touched("release-tempo");
                        return hand.release();
                    }

                    @Override
                    public String cue() {
                        window.controls().touched("cue");
                        return hand.cue();
                    }

                    @Override
                    public String next() {
                        window.controls().touched("tempo-level");
                        TempoLevel next = clock.tempoLevel().next();
                        clock.tempoLevel(next);
                        return next.flag();
                    }
                });
                LiveShowSurface show = new LiveShowSurface(clock, window, av, hand);
                ControlServer page = null;
                OscControlInput osc = null;
                javax.sound.midi.MidiDevice midiDevice = null;
                LiveStream live = null;
                FrameStats.Summary stats;
                try {
                    if (controlAddress != null) {
                        page = ControlServer.start(bus.vertx(), controlAddress, show);
                        System.err.println("control page: " + page.url());
                    }
                    if (midiMappings != null) {
                        MidiControls midi = new MidiControls(show, midiMappings, midiMap);
                        show.midi(midi);
                        window.controls().onTouch(midi);
                        midiDevice = MidiControls.openInput(midiIn, midi);
                        System.err.println("MIDI controls from " + midiDevice.getDeviceInfo().getName() + " ("
                                + midiMappings.mappings().size() + " mappings from " + midiMap + "; M: MIDI learn)");
                    }
                    if (stream != null) {
                        live = liveStream(av);
                        window.frameSink(live);
                    }
                    if (oscInAddress != null) {
                        osc = OscControlInput.open(oscInAddress, show);
                        System.err.println("OSC controls on udp://" + oscInAddress.host() + ":" + oscInAddress.port());
                    }
                    stats = window.run(source, seconds == null ? Double.POSITIVE_INFINITY : seconds);
                } finally {
                    if (page != null) {
                        page.close();
                    }
                    if (osc != null) {
                        osc.close();
                    }
                    if (midiDevice != null) {
                        midiDevice.close();
                    }
                    if (live != null) {
                        live.close();
                    }
                }
                System.err.println("window closed: " + stats);
                if (clock.tempoLevel() != wiring.settings().tempoLevel()) {
                    System.err.println("tempo level now " + clock.tempoLevel().flag() + ": pass --tempo-level "
                            + clock.tempoLevel().flag() + " next time");
                }
                if (av.offsetMs() != avOffsetMs) {
                    System.err.printf(java.util.Locale.ROOT, "A/V offset now %+.0f ms: pass --av-offset %.0f next time%n",
                            av.offsetMs(), av.offsetMs());
                }
            }
            if (driver.failure() != null) {
                throw new IllegalStateException("audio driver failed: " + driver.failure().getMessage());
            }
        }
        return 0;
    }
}
