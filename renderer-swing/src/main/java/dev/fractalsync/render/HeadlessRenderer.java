package dev.fractalsync.render;

import dev.fractalsync.api.VisualFrame;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The render pipeline without a window: frames at a fixed frame rate from a {@link FrameSource} into
 * {@code DIR/frame_00000.png ...} plus {@code DIR/contact_sheet.png}. Used with {@code --headless} or when
 * {@link java.awt.GraphicsEnvironment#isHeadless()}. Frames and a contact sheet from an earlier run in the same
 * directory are deleted first (only files named like ours), so the directory holds exactly this run's frames.
 */
public final class HeadlessRenderer {
    private static final int MAX_SHEET_TILES = 64;
    private static final int TILE_WIDTH = 240;

    private final int width;
    private final int height;
    private final int baseIterations;
    private final boolean hud;
    private final Preset preset;
    private final double sensitivity;
    private final int supersample;

    /**
     * @param width          frame width in pixels
     * @param height         frame height in pixels
     * @param baseIterations iteration budget before the controller's gain
     * @param hud            draw the HUD into the frames
     */
    public HeadlessRenderer(int width, int height, int baseIterations, boolean hud) {
        this(width, height, baseIterations, hud, Preset.NEON, 1.0, 1);
    }

    /**
     * @param preset      the look
     * @param sensitivity how strongly beats and boundary tension move the picture (1 = default)
     * @param supersample samples per pixel along each axis (anti-aliasing; 1 = none)
     */
    public HeadlessRenderer(int width, int height, int baseIterations, boolean hud, Preset preset, double sensitivity,
                            int supersample) {
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame size must be at least 16x16, got " + width + "x" + height);
        }
        if (supersample < 1 || supersample > FramePainter.MAX_SUPERSAMPLE) {
            throw new IllegalArgumentException("--aa must be 1.." + FramePainter.MAX_SUPERSAMPLE + ", got " + supersample);
        }
        if (!(sensitivity >= 0 && sensitivity <= FramePainter.MAX_SENSITIVITY)) {
            throw new IllegalArgumentException("--sensitivity must be in [0, " + FramePainter.MAX_SENSITIVITY + "], got "
                    + sensitivity);
        }
        this.width = width;
        this.height = height;
        this.baseIterations = baseIterations;
        this.hud = hud;
        this.preset = java.util.Objects.requireNonNull(preset, "preset");
        this.sensitivity = sensitivity;
        this.supersample = supersample;
    }

    private FramePainter painter() {
        FramePainter painter = new FramePainter(baseIterations);
        painter.warmUp();
        painter.setPreset(preset);
        painter.setSensitivity(sensitivity);
        painter.setSupersample(supersample);
        return painter;
    }

    /**
     * What a headless run wrote; {@code frames} is empty and {@code contactSheet} null when no directory was given.
     * {@code tileLabels} are the texts written on the contact sheet's tiles in order (an overview's "m:ss.s section";
     * empty when the tiles carry none).
     */
    public record Result(int frameCount, List<Path> frames, Path contactSheet, FrameStats.Summary stats,
                         List<String> tileLabels) {
        public Result {
            frames = List.copyOf(frames);
            tileLabels = List.copyOf(tileLabels);
        }
    }

    /** Sees every finished frame (HUD included when drawn) before it is written; called on the rendering thread. */
    @FunctionalInterface
    public interface FrameObserver {
        /** {@code argb} holds {@code width*height} pixels and is reused for the next frame. */
        void frame(int index, double tSec, int[] argb, int width, int height);
    }

    /**
     * Renders up to {@code frames} frames at {@code fps} (stops early when the source finishes).
     *
     * @throws UncheckedIOException naming the file when a PNG cannot be written
     */
    public Result render(FrameSource source, Path dir, int frames, double fps) {
        return render(source, dir, frames, fps, null);
    }

    /**
     * Renders frame {@code i} at source time {@code i / fps}, hands it to {@code observer} (may be null) and writes it
     * as a PNG into {@code dir} unless {@code dir} is null (then nothing is written: measurement runs).
     */
    public Result render(FrameSource source, Path dir, int frames, double fps, FrameObserver observer) {
        return render(source, dir, 0.0, frames, fps, observer);
    }

    /**
     * Renders frame {@code i} at source time {@code startSec + i / fps} (named {@code frame_0000i.png}), hands it to
     * {@code observer} (may be null) and writes it as a PNG into {@code dir} unless {@code dir} is null.
     */
    public Result render(FrameSource source, Path dir, double startSec, int frames, double fps, FrameObserver observer) {
        if (!(startSec >= 0)) {
            throw new IllegalArgumentException("start must be >= 0 s, got " + startSec);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1, got " + frames);
        }
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        prepare(dir);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        List<Path> written = new ArrayList<>();
        List<BufferedImage> tiles = new ArrayList<>();
        int stride = Math.max(1, (frames + MAX_SHEET_TILES - 1) / MAX_SHEET_TILES);
        FrameStats stats = new FrameStats();
        double lastFrameMs = 0;
        int count = 0;
        try (FramePainter painter = painter()) {
            for (int i = 0; i < frames && !source.finished(); i++) {
                long start = System.nanoTime();
                double t = startSec + i / fps;
                VisualFrame frame = source.frameAt(t);
                painter.paint(frame, pixels, width, height);
                long painted = System.nanoTime();
                if (hud) {
                    Graphics2D g = image.createGraphics();
                    Hud.draw(g, width, height, frame, new Hud.Info(fps, lastFrameMs, width, height,
                            painter.lastIterations(), false));
                    g.dispose();
                }
                long end = System.nanoTime();
                lastFrameMs = (end - start) / 1e6;
                stats.record(start, end, 1.0, painted - start);
                count++;
                if (observer != null) {
                    observer.frame(i, t, pixels, width, height);
                }
                if (dir == null) {
                    continue;
                }
                Path file = dir.resolve(String.format(Locale.ROOT, "frame_%05d.png", i));
                write(image, file);
                written.add(file);
                if (i % stride == 0 && tiles.size() < MAX_SHEET_TILES) {
                    tiles.add(thumbnail(image, null));
                }
            }
        }
        if (dir == null) {
            return new Result(count, List.of(), null, stats.summary(), List.of());
        }
        Path sheet = dir.resolve("contact_sheet.png");
        write(contactSheet(tiles), sheet);
        return new Result(count, written, sheet, stats.summary(), List.of());
    }

    /**
     * A whole-song overview: {@code tiles} frames at evenly spaced times over {@code [0, durationSec)} (tile k at
     * {@code (k + 0.5) * durationSec / tiles}), each written as {@code frame_N.png} with N its frame number at
     * {@code fps}, and a contact sheet whose tiles are labelled with time and the frame's held section
     * ({@link VisualFrame#section()}: the engine's one decision, as in section changes and .lab files). Frames depend only on their
     * own time, so each equals the frame a dense run writes at that number.
     */
    public Result renderOverview(FrameSource source, Path dir, double durationSec, int tiles, double fps,
                                 FrameObserver observer) {
        if (!(durationSec > 0)) {
            throw new IllegalArgumentException("duration must be > 0 s, got " + durationSec);
        }
        if (tiles < 1 || tiles > MAX_SHEET_TILES) {
            throw new IllegalArgumentException("tiles must be 1.." + MAX_SHEET_TILES + ", got " + tiles);
        }
        java.util.Objects.requireNonNull(dir, "dir");
        prepare(dir);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        List<Path> written = new ArrayList<>();
        List<BufferedImage> thumbs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        FrameStats stats = new FrameStats();
        try (FramePainter painter = painter()) {
            for (int k = 0; k < tiles && !source.finished(); k++) {
                int index = (int) Math.floor((k + 0.5) * durationSec / tiles * fps);
                double t = index / fps;
                long start = System.nanoTime();
                VisualFrame frame = source.frameAt(t);
                painter.paint(frame, pixels, width, height);
                long painted = System.nanoTime();
                if (hud) {
                    Graphics2D g = image.createGraphics();
                    Hud.draw(g, width, height, frame, new Hud.Info(fps, 0, width, height, painter.lastIterations(), false));
                    g.dispose();
                }
                stats.record(start, System.nanoTime(), 1.0, painted - start);
                if (observer != null) {
                    observer.frame(k, t, pixels, width, height);
                }
                Path file = dir.resolve(String.format(Locale.ROOT, "frame_%05d.png", index));
                write(image, file);
                written.add(file);
                String label = String.format(Locale.ROOT, "%d:%04.1f %s", (int) (t / 60), t % 60,
                        frame.section().contractName());
                labels.add(label);
                thumbs.add(thumbnail(image, label));
            }
        }
        Path sheet = dir.resolve("contact_sheet.png");
        write(contactSheet(thumbs), sheet);
        return new Result(written.size(), written, sheet, stats.summary(), labels);
    }

    private static void prepare(Path dir) {
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (FileAlreadyExistsException e) {
                throw new UncheckedIOException("cannot create output directory " + dir + ": a file of that name is in the way", e);
            } catch (AccessDeniedException e) {
                throw new UncheckedIOException("cannot create output directory " + dir + ": permission denied", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output directory " + dir + ": " + e.getMessage(), e);
            }
            removeOldFrames(dir);
        }
    }

    /** Our own file names: frames and the contact sheet. Nothing else in the directory is ever touched. */
    static final Pattern OWN_FILES = Pattern.compile("frame_\\d{5,}\\.png|contact_sheet\\.png");

    /**
     * Deletes the frames and contact sheet an earlier run left in {@code dir}, so a shorter run does not leave
     * stale frames mixed in with the new ones; other files are left alone.
     */
    static int removeOldFrames(Path dir) {
        List<Path> old;
        try (Stream<Path> s = Files.list(dir)) {
            old = s.filter(p -> OWN_FILES.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list output directory " + dir + ": " + e.getMessage(), e);
        }
        for (Path p : old) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the old frame " + p + " (" + (e instanceof AccessDeniedException
                        ? "permission denied" : e.getMessage()) + ")", e);
            }
        }
        return old.size();
    }

    /** A contact-sheet tile of {@code image}, with {@code label} in its corner unless null. */
    private BufferedImage thumbnail(BufferedImage image, String label) {
        int tw = Math.min(TILE_WIDTH, width);
        int th = Math.max(1, (int) Math.round((double) tw * height / width));
        BufferedImage t = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = t.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image.getScaledInstance(tw, th, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        if (label != null) {
            g.setFont(new java.awt.Font(java.awt.Font.MONOSPACED, java.awt.Font.BOLD, 12));
            g.setColor(new Color(0, 0, 0, 160));
            g.fillRect(0, th - 17, g.getFontMetrics().stringWidth(label) + 8, 17);
            g.setColor(Color.WHITE);
            g.drawString(label, 4, th - 5);
        }
        g.dispose();
        return t;
    }

    private static BufferedImage contactSheet(List<BufferedImage> tiles) {
        int n = Math.max(1, tiles.size());
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        int tw = tiles.isEmpty() ? TILE_WIDTH : tiles.get(0).getWidth();
        int th = tiles.isEmpty() ? TILE_WIDTH * 9 / 16 : tiles.get(0).getHeight();
        int gap = 4;
        BufferedImage sheet = new BufferedImage(cols * (tw + gap) + gap, rows * (th + gap) + gap,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), gap + (i % cols) * (tw + gap), gap + (i / cols) * (th + gap), null);
        }
        g.dispose();
        return sheet;
    }

    static {
        // encode in memory: ImageIO's default disk cache fails on a full disk with a trace from its closer thread
        ImageIO.setUseCache(false);
    }

    /** The PNG being written now, removed if the JVM exits (Ctrl-C) before it is complete. */
    private static final java.util.concurrent.atomic.AtomicReference<Path> IN_FLIGHT = new java.util.concurrent.atomic.AtomicReference<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Path p = IN_FLIGHT.get();
            if (p != null) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a hidden .part file is all that can be left
                }
            }
        }, "png-cleanup"));
    }

    /**
     * Writes {@code image} as a PNG all or nothing: into a hidden temporary file beside {@code file}, renamed over it
     * when complete, so a full disk or Ctrl-C never leaves a truncated frame.
     */
    static void write(BufferedImage image, Path file) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".part");
        IN_FLIGHT.set(temp);
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            }
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException("cannot write " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the shutdown hook tries again
            }
            IN_FLIGHT.set(null);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
