package dev.fractalsync.app;

import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.VisualFrame;
import dev.fractalsync.api.contract.ModelContract;
import dev.fractalsync.api.spi.ControllerProvider;
import dev.fractalsync.bus.StateBus;
import dev.fractalsync.clock.FastClock;
import dev.fractalsync.clock.FastFrame;
import dev.fractalsync.clock.GuardedProvider;
import dev.fractalsync.engine.FrameComposer;
import dev.fractalsync.engine.ProviderWiring;
import dev.fractalsync.render.FrameSource;
import dev.fractalsync.render.FrameStats;
import dev.fractalsync.render.HeadlessRenderer;
import dev.fractalsync.render.Preset;
import dev.fractalsync.render.SwingVisualizer;
import dev.fractalsync.render.VisualizerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.GraphicsEnvironment;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "render-node", description = "Join the cluster, receive SlowStates from an analysis node and render "
        + "them: in a window when a display exists, otherwise (or with --headless) as PNG frames, or as an MP4 with "
        + "--video; --text prints one line per quarter second instead. Keeps going on the last state when the analysis "
        + "node goes away.",
        footerHeading = "%nExamples:%n",
        footer = {"  fractalsync render-node --members 10.0.0.1",
                "  fractalsync render-node --members 10.0.0.1 --headless --seconds 30 --out out/node"})
final class RenderNodeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RenderNodeCommand.class);
    private static final long CONTROLLER_BUDGET_NANOS = 8_000_000;
    private static final double NO_GRID_SEC = 20;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until killed; required "
            + "with --headless and --video).")
    Double seconds;

    @Option(names = "--headless", description = "Render PNG frames into --out instead of a window (automatic without a display).")
    boolean headless;

    @Option(names = "--text", description = "Print the followed state as text lines instead of rendering.")
    boolean text;

    @Option(names = "--video", description = "Write the rendered stream as an H.264 MP4 (no audio: the node has none).",
            paramLabel = "OUT.mp4")
    java.nio.file.Path video;

    @Option(names = "--ffmpeg", description = "The ffmpeg program for --video (default: ${DEFAULT-VALUE}).",
            defaultValue = "ffmpeg", paramLabel = "PATH")
    String ffmpeg;

    @Option(names = "--out", description = "Headless: directory for frames and the contact sheet (default: ${DEFAULT-VALUE}).",
            defaultValue = "out/render-node")
    java.nio.file.Path out;

    @Option(names = "--fps", description = "Frame rate (default: ${DEFAULT-VALUE}; headless frames are taken in real time).",
            defaultValue = "60")
    double fps;

    @Option(names = "--width", description = "Frame/window width (default: ${DEFAULT-VALUE}).", defaultValue = "960")
    int width;

    @Option(names = "--height", description = "Frame/window height (default: ${DEFAULT-VALUE}).", defaultValue = "540")
    int height;

    @Option(names = "--iterations", description = "Base iteration budget (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int iterations;

    @Mixin
    LookOptions lookOptions;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws Exception {
        Preset look = lookOptions.look();
        if (!(fps > 0 && fps <= 240)) {
            throw new UsageException("--fps must be in (0, 240], got " + fps);
        }
        if (seconds != null && !(seconds > 0)) {
            throw new UsageException("--seconds must be > 0, got " + seconds);
        }
        boolean offscreen = !text && (headless || video != null || GraphicsEnvironment.isHeadless());
        if (offscreen && seconds == null) {
            throw new UsageException("render-node without a window needs --seconds (how much to render)");
        }
        cluster.check();
        if (offscreen) { // where the frames or the video go is checked before joining the cluster
            if (video != null) {
                OutputFile.refuseStdout(video, "--video", "the MP4 file ffmpeg writes");
                OutputFile.checkWritable(video, "--video");
            } else {
                OutputFile.createDirectories(out.toAbsolutePath().normalize(), "--out");
                OutputFile.checkDirectoryWritable(out.toAbsolutePath().normalize(), out.resolve("frame_00000.png"), "--out");
            }
        }
        ProviderWiring engine = engineOptions.wiring();
        ModelContract contract = engine.contract();
        ClusterOptions.Node node = cluster.start();
        LOG.info("render node joined cluster {}", cluster);
        FastClock fast = new FastClock(contract);
        RemoteStreamClock time = new RemoteStreamClock();
        try (StateBus bus = node.bus(contract.version());
             GuardedProvider<ControllerProvider> controller = engine.controller(CONTROLLER_BUDGET_NANOS)) {
            follow(bus, fast, time);
            FrameComposer composer = new FrameComposer(fast, controller, () -> time.age() > 1.0
                    ? String.format(java.util.Locale.ROOT, "no state for %.0f s", time.age()) : "");
            if (text) {
                printStates(fast, time);
            } else if (offscreen) {
                renderOffscreen(composer, time, look);
            } else {
                renderWindow(composer, time, look);
            }
        } finally {
            node.close();
        }
        return 0;
    }

    /**
     * Feeds {@code fast} from the bus as the local window's fast clock is fed: the states, and the onset-aligned beat
     * grid the analysis node's accents are fired from, so this node's accents land where the local window's do. An
     * analysis node that sends no grid (older than this one) leaves the prediction to the states, said once.
     */
    static void follow(StateBus bus, FastClock fast, RemoteStreamClock time) {
        AtomicBoolean gridSeen = new AtomicBoolean();
        double[] firstStateSec = {Double.NaN}; // the state consumer's own
        AtomicBoolean noGridSaid = new AtomicBoolean();
        bus.subscribeGrid(g -> {
            gridSeen.set(true);
            fast.acceptGrid(g);
        });
        bus.subscribe(s -> {
            if (time.received(s)) {
                fast.reset();
            }
            fast.accept(s);
            if (Double.isNaN(firstStateSec[0])) {
                firstStateSec[0] = s.beat().tSec();
            }
            if (!gridSeen.get() && s.beat().tSec() - firstStateSec[0] > NO_GRID_SEC
                    && noGridSaid.compareAndSet(false, true)) {
                LOG.info("no aligned beat grid from the analysis node in {} s (music without a clear beat, or an "
                        + "analysis node older than this render node): accents follow the tracker's beat instants",
                        (int) NO_GRID_SEC);
            }
        });
    }

    private void printStates(FastClock fast, RemoteStreamClock time) throws InterruptedException {
        long start = System.nanoTime();
        while (seconds == null || (System.nanoTime() - start) / 1e9 < seconds) {
            FastFrame f = fast.sample(time.now());
            if (f != null) {
                System.out.printf("t=%7.2fs  %6.1f BPM  phase %.2f  beat %4d  %-10s hop %d  age %.2fs%n", f.tSec(),
                        f.beat().bpm(), f.beat().phase(), f.beat().beatCount(), f.section().contractName(),
                        f.source().hopIndex(), time.age());
                System.out.flush();
            }
            Thread.sleep(250);
        }
    }

    private void renderWindow(FrameComposer composer, RemoteStreamClock time, Preset look) {
        VisualizerOptions options = VisualizerOptions.defaults().withSize(width, height).withTargetFps(fps)
                .withBaseIterations(iterations).withLook(look, lookOptions.sensitivity)
                .withPresets(lookOptions.looks());
        FrameStats.Summary stats = new SwingVisualizer(options).run(new RemoteFrames(composer, time, 0),
                seconds == null ? Double.POSITIVE_INFINITY : seconds);
        System.err.println("window closed: " + stats);
    }

    /** Frames of the stream as it arrives, one every 1/fps of wall-clock time, into PNGs or an MP4. */
    private void renderOffscreen(FrameComposer composer, RemoteStreamClock time, Preset look) throws Exception {
        int frames = (int) Math.max(1, Math.floor(seconds * fps));
        HeadlessRenderer renderer = new HeadlessRenderer(width, height, iterations, false, look, lookOptions.sensitivity, 1);
        RemoteFrames source = new RemoteFrames(composer, time, System.nanoTime());
        HeadlessRenderer.Result result;
        if (video != null) {
            try (VideoExport export = VideoExport.start(ffmpeg, video, width, height, fps, 0, null)) {
                result = renderer.render(source, null, 0.0, frames, fps, export);
                export.finish();
            }
            System.err.printf("%d frames -> %s; %s%n", result.frameCount(), video, result.stats());
        } else {
            result = renderer.render(source, out, 0.0, frames, fps, null);
            System.err.printf("%d frames -> %s (contact sheet %s); %s%n", result.frameCount(), out,
                    result.contactSheet(), result.stats());
        }
    }

    /**
     * Frames of the remote stream: the frame at renderer time t is the stream as the node sees it then. With a
     * wall-clock origin ({@code originNanos != 0}) it waits until t has come, so offscreen frames are taken in real
     * time; the window paces itself.
     */
    static final class RemoteFrames implements FrameSource {
        private final FrameComposer composer;
        private final RemoteStreamClock time;
        private final long originNanos;

        RemoteFrames(FrameComposer composer, RemoteStreamClock time, long originNanos) {
            this.composer = composer;
            this.time = time;
            this.originNanos = originNanos;
        }

        @Override
        public VisualFrame frameAt(double tSec) {
            return frameAt(tSec, 0);
        }

        @Override
        public VisualFrame frameAt(double tSec, double presentInSec) {
            if (originNanos != 0) {
                long due = originNanos + Math.round(tSec * 1e9);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            return composer.compose(time.now() + presentInSec);
        }

        @Override
        public boolean finished() {
            return false;
        }
    }

    /** Stream time on a node that only sees states: the newest state's time plus the local time since it arrived. */
    static final class RemoteStreamClock {
        private volatile double stateTime;
        private volatile long receivedNanos;
        private volatile long lastHop = -1;

        /** Takes a state; true when it starts a new stream (the analysis node restarted). */
        boolean received(SlowState s) {
            boolean restarted = s.hopIndex() < lastHop;
            if (restarted) {
                LOG.info("analysis restarted (hop {} after {}); following the new stream", s.hopIndex(), lastHop);
            }
            lastHop = s.hopIndex();
            stateTime = s.beat().tSec();
            receivedNanos = System.nanoTime();
            return restarted;
        }

        double now() {
            return receivedNanos == 0 ? 0 : stateTime + age();
        }

        /** Seconds since the last state arrived. */
        double age() {
            return receivedNanos == 0 ? 0 : (System.nanoTime() - receivedNanos) / 1e9;
        }
    }
}
