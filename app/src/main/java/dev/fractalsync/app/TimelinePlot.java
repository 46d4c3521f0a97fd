package dev.fractalsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fractalsync.api.SectionLabel;
import dev.fractalsync.api.SlowState;
import dev.fractalsync.api.contract.ModelContract;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis timeline of {@code analyze --plot} (XChart): lanes over one time axis, each with its own scale —
 * level in dBFS, beats and downbeats (true ones mirrored below the axis), stacked section probabilities, the held
 * section (each state's {@code section}: what {@code --sections} writes), the true sections, and the boundary hazard per horizon with the true boundaries. Time ticks are labelled m:ss (h:mm:ss past
 * an hour) at a spacing that suits the length, from seconds to hours; long files are averaged into at most
 * {@value #MAX_POINTS} columns.
 */
final class TimelinePlot {
    static final int WIDTH = 1600;
    static final int MAX_POINTS = 2000;
    private static final int Y_LABEL_CHARS = 5;
    private static final Font LEGEND_FONT = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    private static final Font TICK_FONT = new Font(Font.MONOSPACED, Font.PLAIN, 11);
    private static final Color[] SECTION_COLORS = {
            new Color(90, 90, 90), new Color(80, 140, 220), new Color(90, 190, 120), new Color(230, 190, 60),
            new Color(230, 80, 70), new Color(170, 100, 210), new Color(60, 200, 200), new Color(150, 150, 170)};
    private static final Color[] HAZARD_COLORS = {
            new Color(230, 60, 50), new Color(240, 140, 40), new Color(200, 190, 30), new Color(70, 170, 90),
            new Color(60, 120, 220)};

    /** Truth to overlay: beat and downbeat times, and sections (start, end, label); any of them may be empty. */
    record Truth(double[] beats, double[] downbeats, List<Section> sections) {
        record Section(double start, double end, SectionLabel label) {
        }

        /**
         * Reads {@code --truth}: a truth JSON ({@code demo}/{@code midi-corpus} {@code *.truth.json}: beats,
         * downbeats, sections or segments of {start, end, label}), or a {@code .lab} text file of
         * {@code start end label} lines (sections only). Labels are the contract's names.
         */
        static Truth read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException("--truth " + file + ": no such file");
            }
            String text = Files.readString(file);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                JsonNode root = new ObjectMapper().readTree(text);
                double[] downbeats = BeatTruth.readDownbeats(file);
                JsonNode sections = root.has("sections") ? root.get("sections") : root.path("segments");
                List<Section> parsed = new ArrayList<>();
                for (JsonNode s : sections) {
                    parsed.add(section(file, s.path("start").asDouble(Double.NaN), s.path("end").asDouble(Double.NaN),
                            s.path("label").asText("")));
                }
                return new Truth(root.has("beats") ? BeatTruth.read(file) : new double[0],
                        downbeats == null ? new double[0] : downbeats, parsed);
            }
            List<Section> parsed = new ArrayList<>();
            int lineNo = 0;
            for (String line : text.split("\\R")) {
                lineNo++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+", 3);
                try {
                    parsed.add(section(file, Double.parseDouble(f[0]), Double.parseDouble(f[1]), f.length > 2 ? f[2] : ""));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new IOException("--truth " + file + ":" + lineNo + ": expected 'start end label', got '" + l + "'");
                }
            }
            return new Truth(new double[0], new double[0], parsed);
        }

        private static Section section(Path file, double start, double end, String label) throws IOException {
            if (!(end > start) || !(start >= 0)) {
                throw new IOException("--truth " + file + ": section " + start + ".." + end + " is not a time span");
            }
            for (SectionLabel l : SectionLabel.values()) {
                if (l.contractName().equals(label.strip())) {
                    return new Section(start, end, l);
                }
            }
            throw new IOException("--truth " + file + ": section label '" + label + "' is not one of the contract's "
                    + java.util.Arrays.stream(SectionLabel.values()).map(SectionLabel::contractName).toList());
        }
    }

    private TimelinePlot() {
    }

    static void write(List<SlowState> states, ModelContract contract, Path file) throws IOException {
        write(states, contract, file, null, null);
    }

    static void write(List<SlowState> states, ModelContract contract, Path file, Truth truth, String title)
            throws IOException {
        BufferedImage img = render(states, contract, truth, title);
        OutputFile.write(file, "--plot", out -> ImageIO.write(img, "png", out));
    }

    static BufferedImage render(List<SlowState> states, ModelContract contract, Truth truth, String title) {
        double hopSec = contract.hopSeconds();
        double duration = Math.max(hopSec, states.size() * hopSec);
        TimeAxis axis = TimeAxis.forDuration(duration);
        int bin = Math.max(1, (int) Math.ceil(states.size() / (double) MAX_POINTS));
        int columns = (states.size() + bin - 1) / bin;
        double[] t = new double[columns];
        for (int c = 0; c < columns; c++) {
            t[c] = axis.toAxis((c * bin + Math.min(bin, states.size() - c * bin) / 2.0) * hopSec);
        }
        List<XYChart> lanes = new ArrayList<>();
        lanes.add(levelLane(states, contract, bin, t, axis, title));
        lanes.add(beatLane(states, hopSec, truth, axis));
        lanes.add(sectionLane("P(section)", sectionProbabilities(states, bin), t, axis, 240));
        XYChart heldLane = sectionLane("held section", heldSections(states, bin), t, axis, 110);
        heldLane.getStyler().setLegendVisible(false); // the same colours as the lane above, whose legend names them
        lanes.add(heldLane);
        if (truth != null && !truth.sections().isEmpty()) {
            XYChart trueLane = sectionLane("true section", trueSections(truth, states.size(), hopSec, bin), t, axis, 110);
            trueLane.getStyler().setLegendVisible(false); // the same colours as the lane above, whose legend names them
            lanes.add(trueLane);
        }
        lanes.add(hazardLane(states, contract, bin, t, truth, axis));
        lanes.get(lanes.size() - 1).setXAxisTitle(axis.title());
        lanes.get(lanes.size() - 1).getStyler().setXAxisTitleVisible(true);
        int height = lanes.stream().mapToInt(XYChart::getHeight).sum();
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        int y = 0;
        for (XYChart lane : lanes) {
            g.drawImage(BitmapEncoder.getBufferedImage(lane), 0, y, null);
            y += lane.getHeight();
        }
        g.dispose();
        return img;
    }

    private static XYChart lane(String title, String yTitle, int height, TimeAxis axis) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(height).title(title).yAxisTitle(yTitle).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(new Color(250, 250, 252))
                .setChartTitleVisible(title != null).setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        s.setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
                .setLegendFont(LEGEND_FONT).setLegendBorderColor(Color.LIGHT_GRAY).setLegendPadding(4);
        s.setAxisTickLabelsFont(TICK_FONT).setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setXAxisTitleVisible(false);
        s.setXAxisMin(0.0).setXAxisMax(axis.max());
        s.setXAxisTickMarkSpacingHint(110);
        s.setxAxisTickLabelsFormattingFunction(axis::label);
        s.setPlotGridVerticalLinesVisible(true).setPlotGridLinesColor(new Color(215, 215, 222));
        s.setMarkerSize(0).setChartPadding(6);
        s.setPlotMargin(2);
        s.setToolTipsEnabled(false);
        return chart;
    }

    private static void line(XYSeries series, Color color, float width) {
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(width);
    }

    private static String legend(String name) {
        return name;
    }

    /**
     * y tick labels in a monospaced font whose longest label has {@value #Y_LABEL_CHARS} characters in every lane
     * (-60.0, 100 %, -1.00), so the y axes are equally wide and all plot areas line up under one time axis.
     */
    private static void yLabels(XYChart chart, String pattern) {
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, pattern, v));
    }

    private static void percentLabels(XYChart chart) {
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%.0f %%", 100 * v));
    }

    private static XYChart levelLane(List<SlowState> states, ModelContract contract, int bin, double[] t, TimeAxis axis,
                                     String title) {
        XYChart chart = lane(title == null ? "analysis timeline" : title, "level (dBFS)", 210, axis);
        int rms = contract.audioFeatures().indexOf("rms_db");
        double[] peak = new double[t.length];
        double[] mean = new double[t.length];
        double lo = 0;
        double hi = -60;
        for (int c = 0; c < t.length; c++) {
            double max = -60;
            double sum = 0;
            int n = 0;
            for (int i = c * bin; i < Math.min(states.size(), (c + 1) * bin); i++) {
                double db = rms < 0 ? -60 : Math.max(-60, 60 * states.get(i).feature(rms) - 60); // feature = (dB + 60) / 60
                max = Math.max(max, db);
                sum += db;
                n++;
            }
            peak[c] = max;
            mean[c] = sum / Math.max(1, n);
            lo = Math.min(lo, mean[c]);
            hi = Math.max(hi, max);
        }
        chart.getStyler().setYAxisMin(Math.min(-12, Math.floor(lo / 6) * 6)).setYAxisMax(Math.min(6, Math.ceil((hi + 1) / 6) * 6));
        yLabels(chart, "%.1f");
        XYSeries p = chart.addSeries(legend(bin > 1 ? "peak" : "level"), t, peak);
        line(p, new Color(120, 160, 230), 1f);
        if (bin > 1) {
            XYSeries m = chart.addSeries(legend("mean"), t, mean);
            line(m, new Color(30, 60, 140), 1.2f);
        }
        return chart;
    }

    private static XYChart beatLane(List<SlowState> states, double hopSec, Truth truth, TimeAxis axis) {
        XYChart chart = lane(null, "beats", 150, axis);
        chart.getStyler().setYAxisMin(-1.1).setYAxisMax(1.1);
        yLabels(chart, "%.2f");
        List<Double> beats = new ArrayList<>();
        List<Double> downbeats = new ArrayList<>();
        long lastCount = -1;
        for (int i = 0; i < states.size(); i++) {
            SlowState s = states.get(i);
            if (s.beat().beatCount() != lastCount) {
                lastCount = s.beat().beatCount();
                boolean down = s.beat().downbeatProb() != null && s.beat().downbeatProb() > 0.5;
                (down ? downbeats : beats).add(i * hopSec);
            }
        }
        impulses(chart, legend("beat"), beats.stream().mapToDouble(Double::doubleValue).toArray(), 0.55, axis, new Color(90, 90, 100));
        impulses(chart, legend("downbeat"), downbeats.stream().mapToDouble(Double::doubleValue).toArray(), 1.0, axis, new Color(220, 80, 50));
        if (truth != null) {
            impulses(chart, legend("true beat"), truth.beats(), -0.55, axis, new Color(60, 150, 90));
            impulses(chart, legend("true downbeat"), truth.downbeats(), -1.0, axis, new Color(20, 100, 40));
        }
        return chart;
    }

    /** Vertical strokes from 0 to {@code height} at each time (one polyline along the baseline). */
    private static void impulses(XYChart chart, String name, double[] times, double height, TimeAxis axis, Color color) {
        double[] x = new double[Math.max(1, times.length * 3)];
        double[] y = new double[x.length];
        for (int i = 0; i < times.length; i++) {
            double at = axis.toAxis(times[i]);
            x[3 * i] = at;
            x[3 * i + 1] = at;
            x[3 * i + 2] = at;
            y[3 * i + 1] = height;
        }
        XYSeries s = chart.addSeries(name, x, y);
        line(s, color, 1f);
    }

    private static double[][] sectionProbabilities(List<SlowState> states, int bin) {
        int columns = (states.size() + bin - 1) / bin;
        double[][] p = new double[SectionLabel.COUNT][columns];
        for (int c = 0; c < columns; c++) {
            int n = 0;
            for (int i = c * bin; i < Math.min(states.size(), (c + 1) * bin); i++) {
                for (int k = 0; k < SectionLabel.COUNT; k++) {
                    p[k][c] += states.get(i).structure().sectionProb(k);
                }
                n++;
            }
            for (int k = 0; k < SectionLabel.COUNT; k++) {
                p[k][c] /= Math.max(1, n);
            }
        }
        return p;
    }

    /** One-hot columns of each state's held section (a column spanning a change is split by hops). */
    static double[][] heldSections(List<SlowState> states, int bin) {
        int columns = (states.size() + bin - 1) / bin;
        double[][] p = new double[SectionLabel.COUNT][columns];
        for (int c = 0; c < columns; c++) {
            int end = Math.min(states.size(), (c + 1) * bin);
            for (int i = c * bin; i < end; i++) {
                p[states.get(i).section().ordinal()][c]++;
            }
            for (int k = 0; k < SectionLabel.COUNT; k++) {
                p[k][c] /= Math.max(1, end - c * bin);
            }
        }
        return p;
    }

    /** One-hot columns of the true label (a column spanning a boundary is split by time). */
    private static double[][] trueSections(Truth truth, int hops, double hopSec, int bin) {
        int columns = (hops + bin - 1) / bin;
        double[][] p = new double[SectionLabel.COUNT][columns];
        for (int c = 0; c < columns; c++) {
            int n = 0;
            for (int i = c * bin; i < Math.min(hops, (c + 1) * bin); i++) {
                double time = i * hopSec;
                for (Truth.Section s : truth.sections()) {
                    if (time >= s.start() && time < s.end()) {
                        p[s.label().ordinal()][c]++;
                        break;
                    }
                }
                n++;
            }
            for (int k = 0; k < SectionLabel.COUNT; k++) {
                p[k][c] /= Math.max(1, n);
            }
        }
        return p;
    }

    /** Stacked areas: each label's series is the running sum up to it, drawn from the top of the stack down. */
    private static XYChart sectionLane(String yTitle, double[][] p, double[] t, TimeAxis axis, int height) {
        XYChart chart = lane(null, yTitle, height, axis);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisTickMarkSpacingHint(40);
        percentLabels(chart);
        double[][] cumulative = new double[SectionLabel.COUNT][t.length];
        for (int c = 0; c < t.length; c++) {
            double acc = 0;
            for (int k = 0; k < SectionLabel.COUNT; k++) {
                acc += p[k][c];
                cumulative[k][c] = Math.min(1, acc);
            }
        }
        for (int k = SectionLabel.COUNT - 1; k >= 0; k--) {
            XYSeries s = chart.addSeries(legend(SectionLabel.ofIndex(k).contractName()), t, cumulative[k]);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
            s.setFillColor(SECTION_COLORS[k]);
            line(s, SECTION_COLORS[k], 0.5f);
        }
        return chart;
    }

    private static XYChart hazardLane(List<SlowState> states, ModelContract contract, int bin, double[] t, Truth truth,
                                      TimeAxis axis) {
        XYChart chart = lane(null, "boundary hazard", 240, axis);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        percentLabels(chart);
        int[] horizons = contract.horizonsBeats();
        for (int k = 0; k < horizons.length; k++) {
            double[] h = new double[t.length];
            for (int c = 0; c < t.length; c++) {
                double sum = 0;
                int n = 0;
                for (int i = c * bin; i < Math.min(states.size(), (c + 1) * bin); i++) {
                    sum += states.get(i).structure().hazardProb(k);
                    n++;
                }
                h[c] = sum / Math.max(1, n);
            }
            XYSeries s = chart.addSeries(legend("within " + horizons[k] + " beat" + (horizons[k] == 1 ? "" : "s")), t, h);
            line(s, HAZARD_COLORS[k % HAZARD_COLORS.length], 1.3f);
        }
        if (truth != null && truth.sections().size() > 1) {
            double[] boundaries = truth.sections().stream().skip(1).mapToDouble(Truth.Section::start).toArray();
            impulses(chart, legend("true boundary"), boundaries, 1.0, axis, Color.BLACK);
            chart.getSeriesMap().get(legend("true boundary")).setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
        }
        return chart;
    }

    /**
     * The time axis: seconds for files up to two minutes, minutes beyond (so XChart's 1-2-5 tick steps land on
     * whole seconds or whole minutes); labels m:ss, or h:mm:ss from an hour on.
     */
    record TimeAxis(double secondsPerUnit, double max, boolean hours) {
        static TimeAxis forDuration(double seconds) {
            double unit = seconds <= 120 ? 1 : 60;
            return new TimeAxis(unit, seconds / unit, seconds >= 3600);
        }

        double toAxis(double seconds) {
            return seconds / secondsPerUnit;
        }

        String label(double value) {
            double seconds = value * secondsPerUnit;
            long whole = Math.round(seconds * 10);
            long s = whole / 10;
            String tenths = whole % 10 == 0 ? "" : "." + whole % 10;
            if (hours) {
                return String.format(Locale.ROOT, "%d:%02d:%02d%s", s / 3600, s / 60 % 60, s % 60, tenths);
            }
            return String.format(Locale.ROOT, "%d:%02d%s", s / 60, s % 60, tenths);
        }

        String title() {
            return "time (" + (hours ? "h:mm:ss" : "m:ss") + ")";
        }
    }
}
