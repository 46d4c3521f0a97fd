package dev.fractalsync.tools.billboard;

import java.util.Map;
import java.util.TreeSet;

/**
 * A chord in the McGill Billboard (Harte) syntax, e.g. {@code A:min7}, {@code E:sus4(b7,9)}, {@code C:maj/5},
 * {@code N} (no chord).
 *
 * @param root      pitch class of the root, 0 = C; -1 for no chord
 * @param intervals semitones above the root, ascending, starting with 0 (empty for no chord)
 * @param bass      pitch class of the bass note (the root unless an inversion is written)
 */
public record Chord(int root, int[] intervals, int bass) {
    public static final Chord NONE = new Chord(-1, new int[0], -1);

    private static final Map<String, int[]> SHORTHAND = Map.ofEntries(
            Map.entry("maj", new int[] {0, 4, 7}), Map.entry("min", new int[] {0, 3, 7}),
            Map.entry("dim", new int[] {0, 3, 6}), Map.entry("aug", new int[] {0, 4, 8}),
            Map.entry("maj7", new int[] {0, 4, 7, 11}), Map.entry("min7", new int[] {0, 3, 7, 10}),
            Map.entry("7", new int[] {0, 4, 7, 10}), Map.entry("dim7", new int[] {0, 3, 6, 9}),
            Map.entry("hdim7", new int[] {0, 3, 6, 10}), Map.entry("minmaj7", new int[] {0, 3, 7, 11}),
            Map.entry("maj6", new int[] {0, 4, 7, 9}), Map.entry("min6", new int[] {0, 3, 7, 9}),
            Map.entry("9", new int[] {0, 4, 7, 10, 14}), Map.entry("maj9", new int[] {0, 4, 7, 11, 14}),
            Map.entry("min9", new int[] {0, 3, 7, 10, 14}), Map.entry("11", new int[] {0, 4, 7, 10, 14, 17}),
            Map.entry("min11", new int[] {0, 3, 7, 10, 14, 17}), Map.entry("13", new int[] {0, 4, 7, 10, 14, 21}),
            Map.entry("maj13", new int[] {0, 4, 7, 11, 14, 21}), Map.entry("min13", new int[] {0, 3, 7, 10, 14, 21}),
            Map.entry("sus2", new int[] {0, 2, 7}), Map.entry("sus4", new int[] {0, 5, 7}),
            Map.entry("5", new int[] {0, 7}), Map.entry("1", new int[] {0}));

    public Chord {
        intervals = intervals.clone();
    }

    public boolean isNone() {
        return root < 0;
    }

    public boolean isMinor() {
        for (int i : intervals) {
            if (i == 3) {
                return true;
            }
        }
        return false;
    }

    /** Pitch classes of the chord tones. */
    public int[] pitchClasses() {
        int[] pcs = new int[intervals.length];
        for (int i = 0; i < intervals.length; i++) {
            pcs[i] = Math.floorMod(root + intervals[i], 12);
        }
        return pcs;
    }

    /** Parses one chord token; {@code N}, {@code X} and an unparseable root give {@link #NONE}. */
    public static Chord parse(String token) {
        String t = token.trim();
        if (t.isEmpty() || t.equals("N") || t.equals("X")) {
            return NONE;
        }
        int colon = t.indexOf(':');
        String rootText = colon < 0 ? slashFree(t) : t.substring(0, colon);
        int root = pitchClass(rootText);
        if (root < 0) {
            throw new IllegalArgumentException("unknown chord root in '" + token + "'");
        }
        String rest = colon < 0 ? "maj" + (t.contains("/") ? t.substring(t.indexOf('/')) : "") : t.substring(colon + 1);
        String bassText = null;
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            bassText = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String ext = null;
        int paren = rest.indexOf('(');
        if (paren >= 0) {
            int close = rest.indexOf(')', paren);
            ext = rest.substring(paren + 1, close < 0 ? rest.length() : close);
            rest = rest.substring(0, paren);
        }
        int[] base = SHORTHAND.getOrDefault(rest.isEmpty() ? "maj" : rest, SHORTHAND.get("maj"));
        TreeSet<Integer> set = new TreeSet<>();
        for (int i : base) {
            set.add(i);
        }
        if (ext != null) {
            for (String e : ext.split(",")) {
                e = e.trim();
                if (e.startsWith("*")) {
                    int omit = degree(e.substring(1));
                    if (omit >= 0) {
                        set.remove(omit);
                        set.remove(omit % 12);
                    }
                } else {
                    int add = degree(e);
                    if (add > 0) {
                        set.add(add);
                    }
                }
            }
        }
        set.add(0);
        int[] intervals = set.stream().mapToInt(Integer::intValue).toArray();
        int bass = root;
        if (bassText != null) {
            int b = degree(bassText);
            if (b >= 0) {
                bass = Math.floorMod(root + b, 12);
            }
        }
        return new Chord(root, intervals, bass);
    }

    private static String slashFree(String t) {
        int slash = t.indexOf('/');
        return slash < 0 ? t : t.substring(0, slash);
    }

    /** Pitch class of a note name such as {@code C}, {@code F#}, {@code Bb}; -1 when not one. */
    public static int pitchClass(String name) {
        if (name.isEmpty()) {
            return -1;
        }
        int pc = switch (name.charAt(0)) {
            case 'C' -> 0;
            case 'D' -> 2;
            case 'E' -> 4;
            case 'F' -> 5;
            case 'G' -> 7;
            case 'A' -> 9;
            case 'B' -> 11;
            default -> -100;
        };
        if (pc < 0) {
            return -1;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '#') {
                pc++;
            } else if (c == 'b') {
                pc--;
            } else {
                return -1;
            }
        }
        return Math.floorMod(pc, 12);
    }

    /** Semitones of a scale degree such as {@code 3}, {@code b7}, {@code #9}; -1 when not one. */
    static int degree(String text) {
        int shift = 0;
        int i = 0;
        while (i < text.length() && (text.charAt(i) == 'b' || text.charAt(i) == '#')) {
            shift += text.charAt(i) == '#' ? 1 : -1;
            i++;
        }
        int d;
        try {
            d = Integer.parseInt(text.substring(i));
        } catch (NumberFormatException e) {
            return -1;
        }
        int[] major = {0, 2, 4, 5, 7, 9, 11};
        if (d < 1 || d > 15) {
            return -1;
        }
        return major[(d - 1) % 7] + 12 * ((d - 1) / 7) + shift;
    }
}
