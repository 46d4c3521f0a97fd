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
 * Keys: H HUD, space pause, F full screen, S screenshot PNG, +/- iteration budget, 1-9 or P preset (the options'
 * looks in order), ',' and '.' sensitivity, [ and ] A/V offset, T tempo level (as tracked, half, double), Esc/Q quit.
 */
public final class SwingVisualizer {
    private static final double ITERATION_STEP = 1.25;
    private static final double SENSITIVITY_STEP = 0.1;
    /** Share of the frame period the measured work may use; the rest absorbs scheduling jitter. */
    private static final double WORK_SHARE = 0.8;
    /** How long before a frame the kernel's workers are woken (see JuliaKernel.prepare). */
    private static final long PREPARE_AHEAD_NANOS = 3_000_000L;

    private final VisualizerOptions options;
    private final FrameStats stats = new FrameStats();
    private volatile boolean running;
    private volatile boolean paused;
    private volatile boolean hudVisible;
    private volatile boolean fullscreenRequested;
    private volatile boolean screenshotRequested;
    private volatile int iterationSteps;
    private volatile Preset preset;
    private volatile double sensitivity;
    private volatile Canvas canvas;
    private JFrame window;
    private volatile Path lastScreenshot;
    private volatile AvOffset avOffset;
    private volatile TempoLevelKey tempoLevel;

    public SwingVisualizer(VisualizerOptions options) {
        this.options = options;
        this.hudVisible = options.hud();
        this.preset = options.preset();
        this.sensitivity = options.sensitivity();
    }

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
            applyFullscreen(true);
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
            case KeyEvent.VK_H -> hudVisible = !hudVisible;
            case KeyEvent.VK_SPACE -> paused = !paused;
            case KeyEvent.VK_F -> fullscreenRequested = true;
            case KeyEvent.VK_S -> screenshotRequested = true;
            case KeyEvent.VK_PLUS, KeyEvent.VK_ADD, KeyEvent.VK_EQUALS -> iterationSteps++;
            case KeyEvent.VK_MINUS, KeyEvent.VK_SUBTRACT -> iterationSteps--;
            case KeyEvent.VK_ESCAPE, KeyEvent.VK_Q -> running = false;
            case KeyEvent.VK_1, KeyEvent.VK_2, KeyEvent.VK_3, KeyEvent.VK_4, KeyEvent.VK_5, KeyEvent.VK_6,
                    KeyEvent.VK_7, KeyEvent.VK_8, KeyEvent.VK_9 -> {
                int i = e.getKeyCode() - KeyEvent.VK_1;
                if (i < options.presets().size()) {
                    preset = options.presets().get(i);
                }
            }
            case KeyEvent.VK_P -> preset = Preset.next(preset, options.presets());
            case KeyEvent.VK_COMMA -> sensitivity = Math.max(0.0, Math.round((sensitivity - SENSITIVITY_STEP) * 100) / 100.0);
            case KeyEvent.VK_PERIOD -> sensitivity = Math.min(FramePainter.MAX_SENSITIVITY,
                    Math.round((sensitivity + SENSITIVITY_STEP) * 100) / 100.0);
            case KeyEvent.VK_OPEN_BRACKET -> nudge(-AvOffset.STEP_MS);
            case KeyEvent.VK_CLOSE_BRACKET -> nudge(AvOffset.STEP_MS);
            case KeyEvent.VK_T -> {
                TempoLevelKey key = tempoLevel;
                if (key != null) {
                    System.out.println("tempo level: " + key.next());
                }
            }
            default -> {
            }
        }
    }

    private void applyFullscreen(boolean on) {
        GraphicsDevice device = window.getGraphicsConfiguration().getDevice();
        if (on) {
            window.dispose();
            window.setUndecorated(true);
            if (device.isFullScreenSupported()) {
                device.setFullScreenWindow(window);
            } else {
                window.setExtendedState(JFrame.MAXIMIZED_BOTH);
                window.setVisible(true);
            }
        } else {
            if (device.getFullScreenWindow() == window) {
                device.setFullScreenWindow(null);
            }
            window.dispose();
            window.setUndecorated(false);
            window.setExtendedState(JFrame.NORMAL);
            window.pack();
            window.setLocationRelativeTo(null);
            window.setVisible(true);
        }
        canvas.createBufferStrategy(2);
        canvas.requestFocus();
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
        boolean fullscreen = options.fullscreen();
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
                if (fullscreenRequested) {
                    fullscreenRequested = false;
                    fullscreen = !fullscreen;
                    boolean on = fullscreen;
                    onEdt(() -> applyFullscreen(on));
                }
                painter.setPreset(preset);
                painter.setSensitivity(sensitivity);
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
                if (fresh || image != shown) {
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
                governor.record(work);
                long interval = frameStart - previousStart;
                if (interval > 0) {
                    fpsEma += 0.1 * (1e9 / interval - fpsEma);
                }
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
        if (hudVisible) {
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
