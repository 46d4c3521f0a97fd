package dev.fractalsync.app;

import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Draws an analysis timeline: energy, beat ticks, stacked section probabilities and hazard curves. */
final class TimelinePlot {
    private static final Color[] SECTION_COLORS = {
            new Color(60, 60, 60), new Color(80, 140, 220), new Color(90, 190, 120), new Color(230, 190, 60),
            new Color(230, 80, 70), new Color(170, 100, 210), new Color(60, 200, 200), new Color(150, 150, 170)};
    private static final int WIDTH = 1600;
    private static final int LANE = 140;
    private static final int LEFT = 90;

    private TimelinePlot() {
    }

    static void write(List<SlowState> states, ModelContract contract, Path file) throws IOException {
        int height = LANE * 4 + 40;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(18, 18, 22));
        g.fillRect(0, 0, WIDTH, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int n = Math.max(1, states.size());
        int plotW = WIDTH - LEFT - 20;
        double duration = n * contract.hopSeconds();
        String[] lanes = {"energy (rms)", "beats", "sections", "hazard"};
        for (int l = 0; l < lanes.length; l++) {
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(lanes[l], 8, 20 + l * LANE + LANE / 2);
            g.setColor(new Color(40, 40, 48));
            g.drawRect(LEFT, 10 + l * LANE, plotW, LANE - 10);
        }
        int rmsIndex = contract.audioFeatures().indexOf("rms_db");
        long lastCount = -1;
        int[] stack = new int[SectionLabel.COUNT];
        for (int i = 0; i < states.size(); i++) {
            SlowState s = states.get(i);
            int x = LEFT + (int) ((long) i * plotW / n);
            int x2 = LEFT + (int) ((long) (i + 1) * plotW / n);
            double e = rmsIndex >= 0 ? Math.max(0, Math.min(1, s.feature(rmsIndex))) : 0;
            g.setColor(new Color(120, 170, 255));
            int eh = (int) (e * (LANE - 12));
            g.fillRect(x, 10 + LANE - 11 - eh, Math.max(1, x2 - x), eh);
            if (s.beat().beatCount() != lastCount) {
                boolean down = s.beat().downbeatProb() != null && s.beat().downbeatProb() > 0.5;
                g.setColor(down ? new Color(255, 120, 90) : new Color(220, 220, 220));
                int top = 10 + LANE + (down ? 5 : 30);
                g.drawLine(x, top, x, 10 + 2 * LANE - 15);
                lastCount = s.beat().beatCount();
            }
            double acc = 0;
            for (int k = 0; k < SectionLabel.COUNT; k++) {
                double p = s.structure().sectionProb(k);
                int y0 = 10 + 3 * LANE - 11 - (int) ((acc + p) * (LANE - 12));
                int h = (int) Math.ceil(p * (LANE - 12));
                g.setColor(SECTION_COLORS[k]);
                g.fillRect(x, y0, Math.max(1, x2 - x), h);
                acc += p;
                stack[k] = y0;
            }
        }
        g.setStroke(new BasicStroke(1.5f));
        for (int k = 0; k < 5; k++) {
            g.setColor(Color.getHSBColor(0.1f + 0.15f * k, 0.7f, 1f));
            int px = -1;
            int py = 0;
            for (int i = 0; i < states.size(); i++) {
                int x = LEFT + (int) ((long) i * plotW / n);
                int y = 10 + 4 * LANE - 11 - (int) (states.get(i).structure().hazardProb(k) * (LANE - 12));
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawString("h" + contract.horizonsBeats()[k], LEFT + plotW - 200 + 38 * k, 4 * LANE + 5);
        }
        for (int k = 0; k < SectionLabel.COUNT; k++) {
            g.setColor(SECTION_COLORS[k]);
            g.fillRect(LEFT + 10 + 110 * k, 3 * LANE + 18, 10, 10);
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(SectionLabel.ofIndex(k).contractName(), LEFT + 24 + 110 * k, 3 * LANE + 28);
        }
        g.setColor(Color.GRAY);
        for (int sec = 0; sec <= duration; sec += 10) {
            int x = LEFT + (int) (sec / duration * plotW);
            g.drawString(sec + "s", x, height - 8);
        }
        g.dispose();
        OutputFile.write(file, "--plot", out -> ImageIO.write(img, "png", out));
    }
}
