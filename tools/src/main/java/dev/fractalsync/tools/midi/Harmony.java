package dev.fractalsync.tools.midi;

/** The song's key and the chords its sections' progressions spell in it. */
final class Harmony {
    static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final String[] NOTE_NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    private final int keyRoot;
    private final boolean minor;
    private final String style;

    Harmony(int keyRoot, boolean minor, String style) {
        this.keyRoot = keyRoot;
        this.minor = minor;
        this.style = style;
    }

    /** The key, e.g. "D minor". */
    String keyName() {
        return NOTE_NAMES[keyRoot] + (minor ? " minor" : " major");
    }

    /** {@link #MAJOR} or {@link #MINOR} (the arrays themselves, so callers may compare by identity). */
    int[] scale(SongSection s) {
        boolean m = s.minorArea != minor;
        return m ? MINOR : MAJOR;
    }

    int root(SongSection s) {
        return keyRoot + s.keyShift;
    }

    /** Chord tones (pitch classes relative to C, unbounded) of the chord at {@code bar}. */
    int[] chord(SongSection s, int bar) {
        int per = s.bars >= 8 && s.prog.length * 2 <= s.bars && style.equals("ballad") ? 2 : 1;
        int degree = s.prog[(bar / per) % s.prog.length];
        int[] sc = scale(s);
        int[] tones = new int[3];
        for (int k = 0; k < 3; k++) {
            int d = degree + 2 * k;
            tones[k] = root(s) + sc[d % 7] + 12 * (d / 7);
        }
        // Harmonic minor: a major dominant in minor keys.
        if (sc == MINOR && degree == 4) {
            tones[1] += 1;
        }
        return tones;
    }

    /** The pitch with pitch class {@code pitchClassValue} nearest to {@code around}. */
    static int nearest(int pitchClassValue, int around) {
        int p = Math.floorMod(pitchClassValue, 12);
        int base = around - Math.floorMod(around, 12) + p;
        if (base - around > 6) {
            base -= 12;
        } else if (around - base > 6) {
            base += 12;
        }
        return base;
    }
}
