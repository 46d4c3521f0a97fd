package dev.fractalsync.tools.billboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One McGill Billboard transcription ({@code salami_chords.txt}) read into bars with their times, beats, chords,
 * section and lead instrument.
 * <p>
 * Each line's timestamp is where the recording reaches it; its bars (repeats such as {@code x4} expanded) share the
 * time to the next line in proportion to their beats, and each bar's beats divide it evenly. So the real tempo drift,
 * held chords and odd bars of the recording are kept. The beat is the quarter note, or the dotted quarter in
 * compound metres (6/8, 12/8: 2 and 4 beats a bar); a song with a bar that holds no whole number of beats (a 3/8 bar
 * in 4/4) is refused.
 *
 * @param id       the corpus folder name (e.g. {@code 0003})
 * @param title    song title
 * @param artist   artist
 * @param metre    the metre of the header
 * @param tonic    pitch class of the tonic
 * @param compound whether beats are dotted quarters
 * @param bars     the bars in time order
 * @param sections the sections in time order (including silences), contiguous from the first to {@code end}
 * @param end      the time of the {@code end} line
 */
public record Transcription(String id, String title, String artist, String metre, int tonic, boolean compound,
                            List<Bar> bars, List<Section> sections, double end) {

    /**
     * One bar.
     *
     * @param beatTimes  beats+1 instants: the bar's beats and the bar end
     * @param chords     the chord of each beat
     * @param section    index into {@link #sections()}
     * @param lead       the lead instrument as written ({@code voice}, {@code guitar}, ...), or null
     * @param pause      a {@code &pause} bar: nothing sounds
     */
    public record Bar(double[] beatTimes, Chord[] chords, int section, String lead, boolean pause) {
        public int beats() {
            return chords.length;
        }

        public double start() {
            return beatTimes[0];
        }

        public double end() {
            return beatTimes[beatTimes.length - 1];
        }
    }

    /**
     * A section: its Billboard function, the contract label it maps to, its letter (same letter = same material).
     */
    public record Section(String function, String label, String letter, double start, double end) {
        public Section withEnd(double newEnd) {
            return new Section(function, label, letter, start, newEnd);
        }

        public Section withLabel(String newLabel) {
            return new Section(function, newLabel, letter, start, end);
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\s*([0-9.eE+-]+)\\s+(.*)$");
    private static final Pattern METRE_CHANGE = Pattern.compile("^\\((\\d+)/(\\d+)\\)$");
    private static final Pattern LETTER = Pattern.compile("^[A-Z]'*$");
    private static final Pattern REPEAT = Pattern.compile("x(\\d+)");

    public static Transcription read(Path file) throws IOException {
        String id = file.getParent() == null ? file.toString() : file.getParent().getFileName().toString();
        try {
            return parse(id, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private record RawLine(double time, String content) {
    }

    public static Transcription parse(String id, String text) {
        String title = "";
        String artist = "";
        String metre = "4/4";
        int tonic = 0;
        List<RawLine> lines = new ArrayList<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String h = line.substring(1).strip();
                int colon = h.indexOf(':');
                if (colon > 0) {
                    String key = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).strip();
                    switch (key) {
                        case "title" -> title = value;
                        case "artist" -> artist = value;
                        case "metre" -> metre = value;
                        case "tonic" -> tonic = Math.max(0, Chord.pitchClass(value));
                        default -> { }
                    }
                }
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line without a timestamp: '" + line + "'");
            }
            lines.add(new RawLine(Double.parseDouble(m.group(1)), m.group(2).strip()));
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no timed lines");
        }
        int[] songMetre = metre(metre);
        boolean compound = songMetre[1] == 8 && songMetre[0] % 3 == 0;

        List<Bar> bars = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        String lead = null;
        String function = null;
        String label = null;
        String letter = "";
        double end = lines.get(lines.size() - 1).time();
        for (int li = 0; li < lines.size(); li++) {
            RawLine line = lines.get(li);
            double next = li + 1 < lines.size() ? lines.get(li + 1).time() : line.time();
            String content = line.content();
            if (content.equals("end")) {
                end = line.time();
                break;
            }
            String[] fields = content.split(",");
            String barsText = null;
            String lineLead = null;
            boolean closeLead = false;
            List<String> functions = new ArrayList<>();
            String lineLetter = null;
            for (String f : fields) {
                String s = f.strip();
                if (s.isEmpty() || s.equals("->")) {
                    continue;
                }
                if (s.startsWith("|")) {
                    barsText = s;
                } else if (LETTER.matcher(s).matches()) {
                    lineLetter = s;
                } else if (s.startsWith("(") && s.endsWith(")")) {
                    lineLead = s.substring(1, s.length() - 1).strip();
                    closeLead = true;
                } else if (s.startsWith("(")) {
                    lead = s.substring(1).strip();
                } else if (s.endsWith(")")) {
                    closeLead = true;
                } else if (SectionMapping.known(s)) {
                    functions.add(s.toLowerCase(Locale.ROOT));
                }
            }
            boolean silentLine = lineLetter != null && lineLetter.startsWith("Z") || content.startsWith("silence")
                    || content.startsWith("Z");
            if (silentLine && barsText == null) {
                sections.add(new Section(functions.isEmpty() ? "silence" : functions.get(0), "silence",
                        lineLetter == null ? "" : lineLetter, line.time(), next));
                function = null;
                label = null;
                continue;
            }
            if (barsText == null) {
                continue;
            }
            if (lineLetter != null) {
                letter = lineLetter;
            }
            if (!functions.isEmpty()) {
                function = functions.get(0);
                label = SectionMapping.map(function);
            }
            boolean starts = !functions.isEmpty() || lineLetter != null || sections.isEmpty()
                    || sections.get(sections.size() - 1).label().equals("silence");
            if (starts) {
                String f = function == null ? "intro" : function;
                String l = label == null ? (sections.isEmpty() || lastMusical(sections) == null ? "intro" : lastMusical(sections)) : label;
                sections.add(new Section(f, l, letter, line.time(), next));
            } else {
                sections.set(sections.size() - 1, sections.get(sections.size() - 1).withEnd(next));
            }
            String barLead = lineLead != null ? lineLead : lead;
            addBars(bars, barsText, line.time(), next, songMetre, compound, sections.size() - 1, barLead);
            if (closeLead) {
                lead = null;
            }
        }
        if (bars.isEmpty()) {
            throw new IllegalArgumentException("no bars");
        }
        resolveTransitions(sections, bars);
        return new Transcription(id, title, artist, metre, tonic, compound, List.copyOf(bars), List.copyOf(sections), end);
    }

    private static String lastMusical(List<Section> sections) {
        for (int i = sections.size() - 1; i >= 0; i--) {
            if (!sections.get(i).label().equals("silence")) {
                return sections.get(i).label();
            }
        }
        return null;
    }

    private static void resolveTransitions(List<Section> sections, List<Bar> bars) {
        for (int i = sections.size() - 1; i >= 0; i--) {
            Section s = sections.get(i);
            if (!s.label().equals(SectionMapping.TRANSITION)) {
                continue;
            }
            int count = 0;
            for (Bar b : bars) {
                if (b.section() == i) {
                    count++;
                }
            }
            String into = i + 1 < sections.size() ? sections.get(i + 1).label() : "outro";
            boolean short_ = count <= 2 && !into.equals("silence") && !into.equals(SectionMapping.TRANSITION);
            sections.set(i, s.withLabel(short_ ? into : "bridge"));
        }
    }

    private static int[] metre(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("unreadable metre '" + text + "'");
        }
        try {
            return new int[] {Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip())};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unreadable metre '" + text + "'");
        }
    }

    private static int beatsOf(int[] barMetre, boolean compound) {
        int n = barMetre[0];
        int d = barMetre[1];
        if (compound) {
            // beat = dotted quarter = 3 eighths
            int eighths = n * 8 / d;
            if (n * 8 % d != 0 || eighths % 3 != 0) {
                throw new IllegalArgumentException("bar of " + n + "/" + d + " holds no whole number of dotted-quarter beats");
            }
            return eighths / 3;
        }
        if (n * 4 % d != 0) {
            throw new IllegalArgumentException("bar of " + n + "/" + d + " holds no whole number of quarter-note beats");
        }
        return n * 4 / d;
    }

    private record RawBar(int beats, String[] tokens) {
    }

    private static void addBars(List<Bar> bars, String barsText, double start, double end, int[] songMetre,
                                boolean compound, int section, String lead) {
        String text = barsText.strip();
        int repeat = 1;
        int lastBar = text.lastIndexOf('|');
        String tail = text.substring(lastBar + 1).strip();
        Matcher rm = REPEAT.matcher(tail);
        if (rm.find()) {
            repeat = Integer.parseInt(rm.group(1));
        }
        text = text.substring(0, lastBar + 1);
        List<RawBar> raw = new ArrayList<>();
        for (String cell : text.split("\\|")) {
            String c = cell.strip();
            if (c.isEmpty()) {
                continue;
            }
            String[] tokens = c.split("\\s+");
            int beats = beatsOf(songMetre, compound);
            int from = 0;
            Matcher mm = METRE_CHANGE.matcher(tokens[0]);
            if (mm.matches()) {
                beats = beatsOf(new int[] {Integer.parseInt(mm.group(1)), Integer.parseInt(mm.group(2))}, compound);
                from = 1;
            }
            String[] chordTokens = java.util.Arrays.copyOfRange(tokens, from, tokens.length);
            if (beats < 1) {
                throw new IllegalArgumentException("bar without beats: '" + c + "'");
            }
            raw.add(new RawBar(beats, chordTokens));
        }
        if (raw.isEmpty()) {
            return;
        }
        List<RawBar> expanded = new ArrayList<>();
        for (int r = 0; r < repeat; r++) {
            expanded.addAll(raw);
        }
        int totalBeats = expanded.stream().mapToInt(RawBar::beats).sum();
        if (!(end > start)) {
            throw new IllegalArgumentException("bars at " + start + " s have no duration");
        }
        double perBeat = (end - start) / totalBeats;
        int beat = 0;
        Chord previous = bars.isEmpty() ? Chord.NONE : lastChord(bars.get(bars.size() - 1));
        for (RawBar rb : expanded) {
            double[] times = new double[rb.beats() + 1];
            for (int i = 0; i <= rb.beats(); i++) {
                times[i] = start + (beat + i) * perBeat;
            }
            beat += rb.beats();
            boolean pause = rb.tokens().length == 1 && rb.tokens()[0].equals("&pause");
            Chord[] chords = new Chord[rb.beats()];
            if (pause) {
                java.util.Arrays.fill(chords, previous);
            } else {
                previous = fillChords(chords, rb.tokens(), previous);
            }
            bars.add(new Bar(times, chords, section, lead, pause));
        }
    }

    private static Chord lastChord(Bar bar) {
        return bar.chords()[bar.chords().length - 1];
    }

    /** One token per beat when the counts agree ("." continues); otherwise the tokens share the bar evenly. */
    private static Chord fillChords(Chord[] chords, String[] tokens, Chord previous) {
        int n = tokens.length;
        Chord current = previous;
        for (int b = 0; b < chords.length; b++) {
            int idx = n == chords.length ? b : (int) Math.floor(b * (double) n / chords.length);
            if (n != chords.length && idx > 0 && (int) Math.floor((b - 1) * (double) n / chords.length) == idx) {
                chords[b] = current;
                continue;
            }
            String t = tokens[Math.min(idx, n - 1)];
            if (!t.equals(".") && !t.equals("*") && !t.equals("&pause")) {
                current = Chord.parse(t);
            }
            chords[b] = current;
        }
        return current;
    }
}
