package dev.fractalsync.render;

import dev.fractalsync.api.BeatClockState;
import dev.fractalsync.api.Horizons;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.StructureState;
import dev.fractalsync.api.VisualFrame;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.Locale;

/**
 * The heads-up display drawn over the fractal: tempo, beat phase ring with beat/downbeat flash, section
 * probabilities, hazard horizons, frame timing and status. Same code for the window and headless frames.
 */
public final class Hud {
    private static final Color PANEL = new Color(0, 0, 0, 150);
    private static final Color TEXT = new Color(235, 235, 235);
    private static final Color DIM = new Color(150, 150, 150);
    private static final Color SECTION_BAR = new Color(90, 170, 255);
    private static final Color TOP_BAR = new Color(255, 200, 60);
    private static final Color HAZARD_BAR = new Color(255, 90, 90);
    private static final Font FONT = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    private static final Font BIG = new Font(Font.MONOSPACED, Font.BOLD, 15);

    private Hud() {
    }

    /**
     * Renderer figures shown on the HUD; {@code avOffsetMs} NaN when there is no A/V offset to show, {@code tempoLevel}
     * null when the level cannot be switched here.
     */
    public record Info(double fps, double frameMs, int internalWidth, int internalHeight, int iterations,
                       boolean paused, double avOffsetMs, String tempoLevel) {
        public Info(double fps, double frameMs, int internalWidth, int internalHeight, int iterations, boolean paused) {
            this(fps, frameMs, internalWidth, internalHeight, iterations, paused, Double.NaN, null);
        }
    }

    /** Draws the HUD for {@code frame} into a {@code width x height} target. */
    public static void draw(Graphics2D g, int width, int height, VisualFrame frame, Info info) {
        Object aa = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        Composite composite = g.getComposite();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        int panelW = 250;
        int panelH = Math.min(height - 16, 330 + (Double.isNaN(info.avOffsetMs()) ? 0 : 16)
                + (info.tempoLevel() == null ? 0 : 16));
        g.setColor(PANEL);
        g.fillRoundRect(8, 8, panelW, panelH, 10, 10);

        BeatClockState beat = frame.beat();
        int x = 18;
        int y = 30;
        g.setFont(BIG);
        g.setColor(TEXT);
        g.drawString(String.format(Locale.ROOT, "%.1f BPM", beat.bpm()), x, y);
        g.setFont(FONT);
        g.setColor(DIM);
        g.drawString(String.format(Locale.ROOT, "beat %d  conf %.2f", beat.beatCount(), beat.conf()), x, y + 16);
        drawBeatRing(g, 8 + panelW - 50, 20, 36, beat);

        StructureState s = frame.structure();
        SectionLabel top = frame.section(); // the held label, not a re-decision from the smoothed bars
        y += 40;
        g.setColor(TEXT);
        g.drawString("section: " + top.contractName(), x, y);
        y += 6;
        for (SectionLabel label : SectionLabel.values()) {
            y += 14;
            g.setColor(DIM);
            g.drawString(label.contractName(), x, y);
            drawBar(g, x + 90, y - 9, 130, 9, s.sectionProb(label), label == top ? TOP_BAR : SECTION_BAR);
        }
        y += 22;
        g.setColor(TEXT);
        g.drawString("hazard (beats ahead)", x, y);
        y += 6;
        for (int k = 0; k < Horizons.COUNT; k++) {
            y += 14;
            g.setColor(DIM);
            g.drawString(String.format(Locale.ROOT, "%2d", Horizons.beats(k)), x, y);
            drawBar(g, x + 90, y - 9, 130, 9, s.hazardProb(k), HAZARD_BAR);
        }
        y += 22;
        g.setColor(TEXT);
        g.drawString(String.format(Locale.ROOT, "%.0f FPS  %.1f ms  %dx%d  it %d%s", info.fps(), info.frameMs(),
                info.internalWidth(), info.internalHeight(), info.iterations(), info.paused() ? "  PAUSED" : ""), x, y);
        if (!Double.isNaN(info.avOffsetMs())) {
            y += 16;
            g.drawString(String.format(Locale.ROOT, "A/V offset %+.0f ms  ([ earlier, ] later)", info.avOffsetMs()), x, y);
        }
        if (info.tempoLevel() != null) {
            y += 16;
            g.drawString("tempo " + info.tempoLevel() + "  (T switches)", x, y);
        }
        if (!frame.status().isEmpty()) {
            y += 16;
            g.setColor(TOP_BAR);
            g.drawString(clip(g.getFontMetrics(), frame.status(), panelW - 20), x, y);
        }
        g.setComposite(composite);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
    }

    private static void drawBeatRing(Graphics2D g, int x, int y, int size, BeatClockState beat) {
        double phase = beat.phase();
        float flash = (float) Math.exp(-8.0 * phase);
        boolean downbeat = beat.downbeatProb() != null && beat.downbeatProb() >= 0.5;
        Color flashColour = downbeat ? new Color(255, 80, 80) : new Color(255, 255, 255);
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, Math.min(1f, 0.15f + 0.85f * flash)));
        g.setColor(flashColour);
        g.fillOval(x + 8, y + 8, size - 16, size - 16);
        g.setComposite(old);
        g.setColor(DIM);
        g.setStroke(new BasicStroke(2f));
        g.drawOval(x, y, size, size);
        g.setColor(TOP_BAR);
        g.setStroke(new BasicStroke(4f));
        g.drawArc(x, y, size, size, 90, -(int) Math.round(360 * phase));
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawBar(Graphics2D g, int x, int y, int w, int h, double value, Color colour) {
        g.setColor(new Color(255, 255, 255, 40));
        g.fillRect(x, y, w, h);
        g.setColor(colour);
        g.fillRect(x, y, (int) Math.round(w * Math.max(0, Math.min(1, value))), h);
    }

    private static String clip(FontMetrics fm, String text, int maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        String s = text;
        while (!s.isEmpty() && fm.stringWidth(s + "…") > maxWidth) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }
}
