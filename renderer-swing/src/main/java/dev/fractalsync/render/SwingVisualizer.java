package dev.fractalsync.render;

import dev.fractalsync.api.VisualFrame;

import java.awt.Canvas;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Toolkit;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferStrategy;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * A Swing window showing the Julia visuals: an active-rendering canvas with a double-buffered
 * {@link BufferStrategy}, a render loop on its own thread paced to the target FPS, an internal resolution that the
 * {@link ResolutionGovernor} scales to hold the frame rate (upscaled bilinearly to the window), and the HUD.
 * <p>
 * Keys: H HUD, space freeze, B blackout, L palette lock, F full screen, S screenshot PNG, +/- iteration budget, 1-9 or
 * P preset (the options' looks in order), ',' and '.' sensitivity, [ and ] A/V offset, T tempo level (as tracked,
 * half, double), Enter tap tempo, Backspace the tracker's tempo again, N next section now, M MIDI learn, Esc/Q quit. The same settings can be changed from any thread through {@link #controls()}.
 */
public final class SwingVisualizer {
    private static final double ITERATION_STEP = 1.25;
    /** Share of the frame period the measured work may use; the rest absorbs scheduling jitter. */
    private static final double WORK_SHARE = 0.8;
    /** How long before a frame the kernel's workers are woken (see JuliaKernel.prepare). */
    private static final long PREPARE_AHEAD_NANOS = 3_000_000L;

    private final VisualizerOptions options;
    private final FrameStats stats = new FrameStats();
    private final ShowControls controls;
    private volatile boolean running;
    private volatile boolean screenshotRequested;
    private volatile int iterationSteps;
    private volatile Report report = new Report(0, 0, 0, 0);
    private volatile long previewWantedUntil;
    private volatile byte[] preview;
    private volatile Canvas canvas;
    private JFrame window;
    private volatile Path lastScreenshot;
    private volatile AvOffset avOffset;
    private volatile TempoLevelKey tempoLevel;

    public SwingVisualizer(VisualizerOptions options) {
        this.options = options;
        this.controls = new ShowControls(options);
    }

    /** The live settings the keys change; other surfaces (the control page) change them here. */
    public ShowControls controls() {
        return controls;
    }

    /**
     * How the window is rendering, as of the last frame.
     *
     * @param fps     frames per second shown, smoothed
     * @param frameMs the last frame's work in milliseconds
     * @param width   internal render width
     * @param height  internal render height
     */
    public record Report(double fps, double frameMs, int width, int height) {
    }

    public Report report() {
        return report;
    }

    /**
     * The latest frame as a JPEG at most {@value #PREVIEW_WIDTH} pixels wide, or null until one is ready. Asking
     * keeps previews coming for a few seconds (one every {@value #PREVIEW_PERIOD_MS} ms); nobody asking costs nothing.
     */
    public byte[] preview() {
        previewWantedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        return preview;
    }

    /**
     * Where the window's frames go besides the screen (a live stream): the render thread borrows a free buffer of
     * {@code width*height} ARGB pixels, draws the frame into it scaled, and submits it; no free buffer, no frame.
     */
    public interface FrameSink {
        int width();

        int height();

        /** Frames per second wanted at most. */
        double fps();

        /** A free buffer, or null when none is (the frame is then dropped). Never blocks. */
        int[] borrow();

        /** A buffer from {@link #borrow()}, filled. Never blocks. */
        void submit(int[] frame);
    }

    private volatile FrameSink sink;

    /** Sends the frames to {@code sink} as well; call before {@link #run}. */
    public SwingVisualizer frameSink(FrameSink sink) {
        this.sink = sink;
        return this;
    }

    static final int PREVIEW_WIDTH = 320;
    static final long PREVIEW_PERIOD_MS = 500;

    /** Timing of the frames shown so far. */
    public FrameStats stats() {
        return stats;
    }

    /** Asks a running {@link #run} to stop after the current frame (any thread). */
    public void requestStop() {
        running = false;
    }

    /**
     * Where the canvas is on screen, or null before the window is shown: the window's location plus the canvas's
     * offset inside it. {@code getLocationOnScreen()} on the canvas itself was seen to report the screen's top-left
     * corner under Xvfb (no window manager) while the window was centred, so screenshots missed it.
     */
    public Rectangle canvasBoundsOnScreen() {
        Canvas c = canvas;
        if (c == null || !c.isShowing()) {
            return null;
        }
        java.awt.Window w = SwingUtilities.getWindowAncestor(c);
        if (w == null) {
            return null;
        }
        Point offset = SwingUtilities.convertPoint(c, 0, 0, w);
        Point origin = w.getLocation();
        return new Rectangle(origin.x + offset.x, origin.y + offset.y, c.getWidth(), c.getHeight());
    }

    /** The last screenshot written with S, or null. */
    public Path lastScreenshot() {
        return lastScreenshot;
    }

    /**
     * Opens the window and renders until it is closed, Esc/Q is pressed, the source finishes or {@code maxSeconds}
     * pass ({@code <= 0} or infinite: no limit). Blocks the caller; prints the timing summary at exit.
     *
     * @throws HeadlessException when there is no display (use {@link HeadlessRenderer} then)
     */
    public FrameStats.Summary run(FrameSource source, double maxSeconds) {
        if (GraphicsEnvironment.isHeadless()) {
            throw new HeadlessException("no display available for the Swing window; use the headless renderer");
        }
        running = true;
        onEdt(this::openWindow);
        Thread renderThread = new Thread(() -> renderLoop(source, maxSeconds), "fractalsync-render");
        renderThread.start();
        try {
            renderThread.join();
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
        onEdt(() -> {
            if (window != null) {
                GraphicsDevice device = window.getGraphicsConfiguration().getDevice();
                if (device.getFullScreenWindow() == window) {
                    device.setFullScreenWindow(null);
                }
                window.dispose();
            }
        });
        FrameStats.Summary summary = stats.summary();
        System.out.println("render: " + summary);
        return summary;
    }

    private void openWindow() {
        JFrame f = new JFrame(options.title());
        f.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        f.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                running = false;
            }
        });
        Canvas c = new Canvas();
        c.setPreferredSize(new Dimension(options.width(), options.height()));
        c.setBackground(Color.BLACK);
        c.setIgnoreRepaint(true);
        c.setFocusable(true);
        KeyAdapter keys = new KeyAdapter() {
            @Override
            public void keyPressed(KeyEvent e) {
                handleKey(e);
            }
        };
        c.addKeyListener(keys);
        f.addKeyListener(keys);
        f.add(c);
        f.pack();
        f.setLocationRelativeTo(null);
        f.setVisible(true);
        c.createBufferStrategy(2);
        c.requestFocus();
        window = f;
        canvas = c;
        if (options.fullscreen()) {
            applyFullscreen(currentDisplay());
        }
    }

    /** Lets '[' and ']' nudge {@code offset} and shows it on the HUD; call before {@link #run}. */
    public SwingVisualizer avOffset(AvOffset offset) {
        this.avOffset = offset;
        return this;
    }

    /** Lets T switch the published tempo level and shows it on the HUD; call before {@link #run}. */
    public SwingVisualizer tempoLevel(TempoLevelKey key) {
        this.tempoLevel = key;
        return this;
    }

    private void nudge(double deltaMs) {
        AvOffset o = avOffset;
        if (o != null) {
            o.nudge(deltaMs);
        }
    }

    private void handleKey(KeyEvent e) {
        switch (e.getKeyCode()) {
            case KeyEvent.VK_H -> controls.toggleHud();
            case KeyEvent.VK_SPACE -> controls.freeze(!controls.frozen());
            case KeyEvent.VK_B -> controls.blackout(!controls.blackout());
            case KeyEvent.VK_L -> controls.lockPalette(!controls.paletteLocked());
            case KeyEvent.VK_F -> controls.toggleFullscreen(currentDisplay());
            case KeyEvent.VK_S -> screenshotRequested = true;
            case KeyEvent.VK_PLUS, KeyEvent.VK_ADD, KeyEvent.VK_EQUALS -> iterationSteps++;
            case KeyEvent.VK_MINUS, KeyEvent.VK_SUBTRACT -> iterationSteps--;
            case KeyEvent.VK_ESCAPE, KeyEvent.VK_Q -> running = false;
            case KeyEvent.VK_1, KeyEvent.VK_2, KeyEvent.VK_3, KeyEvent.VK_4, KeyEvent.VK_5, KeyEvent.VK_6,
                    KeyEvent.VK_7, KeyEvent.VK_8, KeyEvent.VK_9 -> {
                controls.selectPreset(e.getKeyCode() - KeyEvent.VK_1);
            }
            case KeyEvent.VK_P -> controls.nextPreset();
            case KeyEvent.VK_COMMA -> controls.stepSensitivity(-1);
            case KeyEvent.VK_PERIOD -> controls.stepSensitivity(1);
            case KeyEvent.VK_OPEN_BRACKET -> nudge(-AvOffset.STEP_MS);
            case KeyEvent.VK_CLOSE_BRACKET -> nudge(AvOffset.STEP_MS);
            case KeyEvent.VK_T -> {
                TempoLevelKey key = tempoLevel;
                if (key != null) {
                    System.out.println("tempo level: " + key.next());
                }
            }
            case KeyEvent.VK_ENTER -> say(tempoLevel == null ? null : tempoLevel.tap(e.getWhen()));
            case KeyEvent.VK_BACK_SPACE -> say(tempoLevel == null ? null : tempoLevel.release());
            case KeyEvent.VK_N -> say(tempoLevel == null ? null : tempoLevel.cue());
            case KeyEvent.VK_M -> say(controls.learnKey());
            default -> {
            }
        }
    }

    /** The index of the screen the window is on (0 before it is shown). */
    private int currentDisplay() {
        JFrame w = window;
        if (w == null) {
            return 0;
        }
        GraphicsDevice[] devices = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
        GraphicsDevice mine = w.getGraphicsConfiguration().getDevice();
        for (int i = 0; i < devices.length; i++) {
            if (devices[i] == mine) {
                return i;
            }
        }
        return 0;
    }

    private static void say(String line) {
        if (line != null) {
            System.out.println(line);
        }
    }

    /** Full screen on screen {@code display}, or a window again when it is negative. */
    private void applyFullscreen(int display) {
        GraphicsDevice current = window.getGraphicsConfiguration().getDevice();
        if (current.getFullScreenWindow() == window) {
            current.setFullScreenWindow(null);
        }
        GraphicsDevice[] devices = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
        boolean on = display >= 0 && display < devices.length;
        GraphicsDevice device = on ? devices[display] : current;
        if (on) {
            window.dispose();
            window.setUndecorated(true);
            Rectangle bounds = device.getDefaultConfiguration().getBounds();
            window.setLocation(bounds.x, bounds.y);
            if (device.isFullScreenSupported()) {
                device.setFullScreenWindow(window);
            } else {
                window.setExtendedState(JFrame.MAXIMIZED_BOTH);
                window.setVisible(true);
            }
        } else {
            window.dispose();
            window.setUndecorated(false);
            window.setExtendedState(JFrame.NORMAL);
            window.pack();
            window.setLocationRelativeTo(null);
            window.setVisible(true);
        }
        canvas.createBufferStrategy(2);
        canvas.requestFocus();
        controls.fullscreenApplied(on ? display : null);
    }

    private void renderLoop(FrameSource source, double maxSeconds) {
        ResolutionGovernor governor = new ResolutionGovernor(options.targetFps(), WORK_SHARE);
        BufferedImage[] images = new BufferedImage[ResolutionGovernor.LEVELS.length];
        ExecutorService screenshots = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fractalsync-screenshot");
            t.setDaemon(true);
            return t;
        });
        long period = Math.round(1e9 / options.targetFps());
        double fpsEma = options.targetFps();
        double lastWorkMs = 0;
        double workEmaMs = 1000.0 / options.targetFps();
        int appliedSteps = 0;
        long nextPreview = 0;
        long nextSinkFrame = 0;
        BufferedImage sinkImage = null;
        int[] sinkPixels = null;
        int canvasW = -1;
        int canvasH = -1;
        VisualFrame frame = null;
        BufferedImage shown = null;
        try (FramePainter painter = new FramePainter(options.baseIterations())) {
            painter.warmUp();
            // the run's time counts from the first frame: the warm-up's length depends on the JIT
            long start = System.nanoTime();
            long limit = maxSeconds > 0 && Double.isFinite(maxSeconds) ? start + Math.round(maxSeconds * 1e9)
                    : Long.MAX_VALUE;
            long next = start;
            long previousStart = start;
            while (running && System.nanoTime() < limit) {
                long frameStart = System.nanoTime();
                Integer request = controls.takeFullscreenRequest();
                if (request != null) {
                    int display = request;
                    onEdt(() -> applyFullscreen(display));
                }
                painter.setPreset(controls.preset());
                painter.setSensitivity(controls.sensitivity());
                painter.setPaletteLocked(controls.paletteLocked());
                boolean paused = controls.frozen();
                boolean dark = controls.blackout();
                int steps = iterationSteps;
                if (steps != appliedSteps) {
                    painter.setBaseIterations((int) Math.round(options.baseIterations() * Math.pow(ITERATION_STEP, steps)));
                    appliedSteps = steps;
                }
                Canvas c = canvas;
                int cw = Math.max(16, c.getWidth());
                int ch = Math.max(16, c.getHeight());
                if (cw != canvasW || ch != canvasH) {
                    canvasW = cw;
                    canvasH = ch;
                    java.util.Arrays.fill(images, null);
                    shown = null;
                }
                boolean fresh = !paused || frame == null;
                if (fresh) {
                    // the frame reaches the screen after its work (paint, HUD, present): predict for that instant
                    frame = source.frameAt((frameStart - start) / 1e9, workEmaMs / 1000.0);
                    if (source.finished()) {
                        break;
                    }
                }
                int level = governor.level();
                BufferedImage image = images[level];
                if (image == null) {
                    double nominal = Math.min(1.0, Math.min((double) options.maxInternalWidth() / cw,
                            (double) options.maxInternalHeight() / ch));
                    int iw = Math.max(16, (int) Math.round(cw * nominal * governor.scale()));
                    int ih = Math.max(16, (int) Math.round(ch * nominal * governor.scale()));
                    image = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
                    images[level] = image;
                }
                long paintStart = System.nanoTime();
                if (dark) {
                    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                    java.util.Arrays.fill(pixels, 0xff000000);
                    shown = null; // repaint when the blackout ends, even while frozen
                } else if (fresh || image != shown) {
                    int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
                    painter.paint(frame, pixels, image.getWidth(), image.getHeight());
                    shown = image;
                }
                long paintNanos = System.nanoTime() - paintStart;
                AvOffset av = avOffset;
                TempoLevelKey levelKey = tempoLevel;
                Hud.Info info = new Hud.Info(fpsEma, lastWorkMs, image.getWidth(), image.getHeight(),
                        painter.lastIterations(), paused, av == null ? Double.NaN : av.offsetMs(),
                        levelKey == null ? null : levelKey.level());
                present(c, image, cw, ch, frame, info);
                FrameSink out = sink;
                if (out != null && frameStart - nextSinkFrame >= 0) {
                    // due a millisecond early: at 60 FPS a 30 FPS sink then takes every second frame even when the
                    // frames come a little early, instead of every third
                    nextSinkFrame = frameStart + Math.round(1e9 / out.fps()) - 1_000_000L;
                    int[] buffer = out.borrow();
                    if (buffer != null) {
                        if (buffer != sinkPixels) {
                            sinkImage = wrap(buffer, out.width(), out.height());
                            sinkPixels = buffer;
                        }
                        Graphics2D g = sinkImage.createGraphics();
                        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                        g.drawImage(image, 0, 0, out.width(), out.height(), null); // the picture, no HUD
                        g.dispose();
                        out.submit(buffer);
                    }
                }
                if (frameStart >= nextPreview && frameStart < previewWantedUntil) {
                    nextPreview = frameStart + TimeUnit.MILLISECONDS.toNanos(PREVIEW_PERIOD_MS);
                    BufferedImage small = scaled(image, PREVIEW_WIDTH);
                    screenshots.submit(() -> preview = jpeg(small));
                }
                if (screenshotRequested) {
                    screenshotRequested = false;
                    BufferedImage copy = compose(image, cw, ch, frame, info);
                    Path file = options.screenshotDir().resolve("fractalsync_"
                            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS")) + ".png");
                    screenshots.submit(() -> {
                        try {
                            HeadlessRenderer.write(copy, file);
                            lastScreenshot = file;
                            System.out.println("screenshot saved: " + file);
                        } catch (RuntimeException e) {
                            System.err.println("screenshot failed: " + e.getMessage());
                        }
                    });
                }
                long frameEnd = System.nanoTime();
                long work = frameEnd - frameStart;
                lastWorkMs = work / 1e6;
                workEmaMs += 0.1 * (lastWorkMs - workEmaMs);
                stats.record(frameStart, frameEnd, governor.scale(), paintNanos);
                governor.record(work, paintNanos);
                long interval = frameStart - previousStart;
                if (interval > 0) {
                    fpsEma += 0.1 * (1e9 / interval - fpsEma);
                }
                report = new Report(fpsEma, lastWorkMs, image.getWidth(), image.getHeight());
                previousStart = frameStart;
                next += period;
                long now = System.nanoTime();
                if (next < now - period) {
                    next = now;
                }
                // the kernel's workers are woken ahead of the frame: woken by the frame itself, they missed a part of it
                long prepareAt = next - PREPARE_AHEAD_NANOS;
                while ((now = System.nanoTime()) < prepareAt) {
                    LockSupport.parkNanos(prepareAt - now);
                }
                painter.prepare();
                while ((now = System.nanoTime()) < next) {
                    LockSupport.parkNanos(next - now);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("render loop stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            running = false;
            screenshots.shutdown();
            try {
                screenshots.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void present(Canvas c, BufferedImage image, int cw, int ch, VisualFrame frame, Hud.Info info) {
        BufferStrategy bs = c.getBufferStrategy();
        if (bs == null) {
            return;
        }
        do {
            do {
                Graphics2D g = (Graphics2D) bs.getDrawGraphics();
                try {
                    draw(g, image, cw, ch, frame, info);
                } finally {
                    g.dispose();
                }
            } while (bs.contentsRestored());
            bs.show();
        } while (bs.contentsLost());
        Toolkit.getDefaultToolkit().sync();
    }

    private void draw(Graphics2D g, BufferedImage image, int cw, int ch, VisualFrame frame, Hud.Info info) {
        if (image.getWidth() == cw && image.getHeight() == ch) {
            g.drawImage(image, 0, 0, null);
        } else {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, cw, ch, null);
        }
        if (controls.hudVisible()) {
            Hud.draw(g, cw, ch, frame, info);
        }
    }

    private BufferedImage compose(BufferedImage image, int cw, int ch, VisualFrame frame, Hud.Info info) {
        BufferedImage out = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        draw(g, image, cw, ch, frame, info);
        g.dispose();
        return out;
    }

    /** An image whose pixels are {@code argb} (no copy). */
    private static BufferedImage wrap(int[] argb, int width, int height) {
        java.awt.image.DirectColorModel model = new java.awt.image.DirectColorModel(24, 0xff0000, 0x00ff00, 0x0000ff);
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createPackedRaster(new DataBufferInt(argb, argb.length),
                width, height, width, new int[]{0xff0000, 0x00ff00, 0x0000ff}, null);
        return new BufferedImage(model, raster, false, null);
    }

    /** A copy of {@code image} at most {@code maxWidth} wide (taken on the render thread, encoded elsewhere). */
    private static BufferedImage scaled(BufferedImage image, int maxWidth) {
        double f = Math.min(1.0, (double) maxWidth / image.getWidth());
        int w = Math.max(1, (int) Math.round(image.getWidth() * f));
        int h = Math.max(1, (int) Math.round(image.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage image) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "jpg", out);
        } catch (java.io.IOException e) {
            return null;
        }
        return out.toByteArray();
    }

    private static void onEdt(Runnable r) {
        if (SwingUtilities.isEventDispatchThread()) {
            r.run();
            return;
        }
        try {
            SwingUtilities.invokeAndWait(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }
}
